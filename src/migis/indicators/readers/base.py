"""What every statistics reader gives the importer: rows of raw cells with where they were read.

A reader knows one published layout (tidy CSV, the World Bank download, the UN DESA workbook, UNHCR's
table, SDMX). It does not resolve places, parse numbers or decide what is valid: it hands each cell over
as written, with its location, and the importer (indicators.importing) checks and converts them all
the same way, so every format gets the same errors. Readers stream: a 1 GB file is never held whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


class ReadError(Exception):
    """The file cannot be read as this layout at all (wrong delimiter, no header, unknown structure).

    `where` names the place: "file.csv, line 5", "Table 1, row 16", "structure message"."""

    def __init__(self, message: str, where: str = ""):
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.where = where


@dataclass
class Cell:
    """One value as published, before any checking.

    place / origin: the code or name of the area as written (ISO alpha-2 or alpha-3, M49 number, a
    publisher's own code such as WLD, or a name in any language); `origin` only for bilateral tables
    (then `place` is the destination). period: as written ("2019", "2020-Q1", "2020-W53", "2019-03").
    value: the cell's text ("1,234.5", "..", "", "-", "NaN") or a number read from a workbook.
    indicator: the indicator code the file uses (a migis code or a publisher's, e.g.
    "SM.POP.NETM", "REF"), or "" when the importer is told which indicator the file holds.
    flags: status flags as written (SDMX OBS_STATUS "E", "M", "P" ...; "estimated" ...).
    breakdown: disaggregations, e.g. {"sex": "F", "age": "Y15-64"}; empty for totals.
    scale: power of ten the published value is to be multiplied by (3 for "in thousands").
    where: location for messages: "line 17, column 1995" or "Table 1, row 40, column F".
    """

    place: str
    period: str
    value: object
    where: str
    indicator: str = ""
    origin: str = ""
    flags: str = ""
    breakdown: dict[str, str] = field(default_factory=dict)
    scale: int = 0
    unit: str = ""


@dataclass
class Publication:
    """What a file says about itself: publisher, dataset title, edition, licence, address, date."""

    publisher: str = ""
    title: str = ""
    edition: str = ""
    licence: str = ""
    url: str = ""
    released: str = ""  # ISO date when the file states one
    notes: list[str] = field(default_factory=list)  # e.g. indicator definitions found in the file


class Reader:
    """One layout. Subclasses set `name` and implement `sniff` and `cells`."""

    name = ""
    label = ""  # for messages and the upload form

    def __init__(self, path: Path, structure: Path | None = None):
        self.path = path
        self.structure = structure
        self.publication = Publication()

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """Whether the file (its name and first 64 KB) looks like this layout."""
        raise NotImplementedError

    def cells(self) -> Iterator[Cell]:
        """Every value of the file, in file order. Fills self.publication before the first cell."""
        raise NotImplementedError
