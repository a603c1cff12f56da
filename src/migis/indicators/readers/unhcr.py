"""UNHCR Refugee Data Finder downloads (population.csv): stocks by year, origin and asylum country.

The download starts with about 14 "key","value" preamble lines (extraction date, "Last updated", the
usage licence ...), which some copies lack. The header names Year, the origin and asylum countries (name
and ISO code), then one column per population type. Each non-empty figure becomes a bilateral cell:
place = asylum ISO, origin = origin ISO, indicator = UNHCR's population type code. "-" means the type
does not apply there and is skipped. Codes such as UNK (unknown) or XXA (stateless) are passed as they
are: the importer decides what they mean.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from migis.indicators.readers import register
from migis.indicators.readers.base import Cell, Reader, ReadError

HEADER_LINES = 50
ASYLUM, ORIGIN, YEAR = "country of asylum (iso)", "country of origin (iso)", "year"
# UNHCR's own population type codes, by the column names of the download (older downloads have VDA).
TYPES = {
    "refugees under unhcr's mandate": "REF",
    "asylum-seekers": "ASY",
    "idps of concern to unhcr": "IDP",
    "other people in need of international protection": "OIP",
    "venezuelans displaced abroad": "VDA",
    "stateless persons": "STA",
    "host community": "HST",
    "others of concern": "OOC",
}
NAMES = {"country of origin", "country of asylum", ASYLUM, ORIGIN, YEAR}
SKIP = {"", "-"}  # empty or not applicable: no figure


def _key(name: str) -> str:
    """Trailing spaces, case and the typographic apostrophe do not make another column."""
    return re.sub(r"\s+", " ", name.replace("\u2019", "'")).strip().lower()


def _is_header(keys: list[str]) -> bool:
    return ASYLUM in keys and any(k in TYPES for k in keys)


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) of each CSV record, streamed; a stray non-UTF-8 byte in a country
    name is replaced (only codes and figures are read)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
        reader = csv.reader(f)
        end = 0
        try:
            for row in reader:
                yield end + 1, [field.strip() for field in row]
                end = reader.line_num
        except csv.Error as error:
            raise ReadError(str(error), f"line {end + 1}") from error


@register
class UNHCRReader(Reader):
    name = "unhcr"
    label = "UNHCR Refugee Data Finder (population.csv)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        lines = head.decode("utf-8-sig", errors="replace").splitlines()[:HEADER_LINES]
        return any(_is_header([_key(f) for f in row]) for row in csv.reader(lines))

    def cells(self) -> Iterator[Cell]:
        rows = _rows(self.path)
        preamble: dict[str, str] = {}
        for number, row in rows:
            keys = [_key(f) for f in row]
            if _is_header(keys):
                break
            if row and row[0]:
                preamble[_key(row[0]).rstrip(":")] = row[1] if len(row) > 1 else ""
            if number >= HEADER_LINES:
                raise ReadError(f"no header with 'Country of asylum (ISO)' in the first {HEADER_LINES} lines")
        else:
            raise ReadError("no header with 'Country of asylum (ISO)' and a population type column")
        self._describe(preamble, row, keys)
        if YEAR not in keys:
            raise ReadError("the header has no Year column", f"line {number}")
        asylum, year = keys.index(ASYLUM), keys.index(YEAR)
        origin = keys.index(ORIGIN) if ORIGIN in keys else None  # absent when not split by origin
        types = [(i, TYPES[k], row[i]) for i, k in enumerate(keys) if k in TYPES]
        for number, row in rows:
            if len(row) <= asylum:
                continue  # a blank line
            for i, code, column in types:
                if i < len(row) and row[i] not in SKIP:
                    yield Cell(
                        place=row[asylum],
                        origin=row[origin] if origin is not None else "",
                        period=row[year],
                        value=row[i],
                        indicator=code,
                        where=f"line {number}, column {column}",
                    )

    def _describe(self, preamble: dict[str, str], header: list[str], keys: list[str]) -> None:
        p = self.publication
        p.publisher = "UNHCR"
        contents = preamble.get("data table contains the following")
        p.title = f"Refugee Data Finder: {contents}" if contents else "Refugee Data Finder"
        p.url = preamble.get("data quick link") or "https://www.unhcr.org/refugee-statistics/download/"
        licence = preamble.get("usage licence", "")
        # Files without the preamble are the same service, published under CC BY 4.0.
        p.licence = "CC BY 4.0" if not licence or "/licenses/by/4.0" in licence else licence
        updated = preamble.get("last updated", "")
        try:
            p.released = datetime.strptime(updated, "%d %B %Y").date().isoformat()
        except ValueError:
            if updated:
                p.notes.append(f"Last updated: {updated}")
        for key in ("date extracted", "content type", "population types included"):
            if preamble.get(key):
                p.notes.append(f"{key.capitalize()}: {preamble[key]}")
        unread = [
            name for name, key in zip(header, keys, strict=True) if key and key not in TYPES.keys() | NAMES
        ]
        if unread:
            p.notes.append(f"Columns not read (not a known population type): {', '.join(unread)}")
