"""The World Bank's WDI bulk download: one row per country and indicator, one column per year.

A few "key","value" preamble lines ("Data Source", "Last Updated Date") come before the header
Country Name, Country Code, Indicator Name, Indicator Code, 1960, 1961 ... (the full WDIData.csv has no
preamble). Every line ends with a comma, so the last column is empty and nameless. An empty year cell is
a missing value and is skipped, never read as zero.

The download comes with Metadata_Country_<same name>.csv, where an empty Region marks an aggregate
(WLD, ARB, income groups ...). Those codes are exposed as `aggregates` for the importer to skip and
report; without the companion the set stays empty and the importer relies on its own list.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from migis.indicators.readers import register
from migis.indicators.readers.base import Cell, Reader, ReadError

YEAR = re.compile(r"\d{4}")
HEADER_LINES = 50


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) of each CSV record, streamed. Only codes and numbers are read, so a
    stray non-UTF-8 byte in a country name is replaced rather than fatal."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
        reader = csv.reader(f)
        end = 0
        try:
            for row in reader:
                yield end + 1, [field.strip() for field in row]
                end = reader.line_num
        except csv.Error as error:
            raise ReadError(str(error), f"line {end + 1}") from error


def _is_header(row: list[str]) -> bool:
    return "Country Code" in row and "Indicator Code" in row and any(YEAR.fullmatch(f) for f in row)


@register
class WDIReader(Reader):
    name = "wdi"
    label = "World Bank WDI bulk download (CSV)"

    def __init__(self, path: Path, structure: Path | None = None):
        super().__init__(path, structure)
        self.aggregates: set[str] = set()
        # The companion can be given as `structure` when the upload renamed the data file.
        companion = structure or path.with_name(f"Metadata_Country_{path.name}")
        if companion.is_file():
            for _, row in _records(companion):
                if row.get("Country Code") and "Region" in row and not row["Region"]:
                    self.aggregates.add(row["Country Code"])
        indicators = path.with_name(f"Metadata_Indicator_{path.name}")
        if indicators.is_file():  # the definitions, kept as notes for the dataset record
            for _, row in _records(indicators):
                self.publication.notes.append(
                    f"{row.get('INDICATOR_CODE', '')}: {row.get('INDICATOR_NAME', '')}. "
                    f"{row.get('SOURCE_NOTE', '')} Source: {row.get('SOURCE_ORGANIZATION', '')}"
                )

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        lines = head.decode("utf-8-sig", errors="replace").splitlines()[:HEADER_LINES]
        return any(_is_header([f.strip() for f in row]) for row in csv.reader(lines))

    def cells(self) -> Iterator[Cell]:
        rows = _rows(self.path)
        preamble: dict[str, str] = {}
        for number, row in rows:
            if _is_header(row):
                break
            if row and row[0]:
                preamble[row[0]] = row[1] if len(row) > 1 else ""
            if number >= HEADER_LINES:
                raise ReadError(
                    "no WDI header (Country Name, Country Code, Indicator Name, Indicator Code, 1960 ...) "
                    f"in the first {HEADER_LINES} lines"
                )
        else:
            raise ReadError("no WDI header (Country Code, Indicator Code and year columns) in the file")
        self._describe(preamble)
        country, indicator = row.index("Country Code"), row.index("Indicator Code")
        years = [(i, name) for i, name in enumerate(row) if YEAR.fullmatch(name)]
        for number, row in rows:
            if len(row) <= country or not row[country]:
                continue  # a blank line (the file ends with one)
            for i, year in years:
                if i < len(row) and row[i]:
                    yield Cell(
                        place=row[country],
                        period=year,
                        value=row[i],
                        indicator=row[indicator] if indicator < len(row) else "",
                        where=f"line {number}, column {year}",
                    )

    def _describe(self, preamble: dict[str, str]) -> None:
        p = self.publication
        p.publisher = "World Bank"
        p.title = preamble.get("Data Source") or "World Development Indicators"
        p.licence = "CC BY 4.0"  # the World Bank's terms for WDI; the file itself does not say
        p.url = "https://datacatalog.worldbank.org/search/dataset/0037712/World-Development-Indicators"
        updated = preamble.get("Last Updated Date", "")
        try:
            p.released = date.fromisoformat(updated).isoformat()
        except ValueError:
            if updated:
                p.notes.append(f"Last Updated Date: {updated}")


def _records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a companion CSV as dicts keyed by its header (quoted multi-line notes included)."""
    rows = _rows(path)
    header = next((row for _, row in rows), [])
    for number, row in rows:
        yield number, dict(zip(header, row, strict=False))
