"""Tidy tables: one value per row, in CSV (comma, semicolon or tab) or an Excel workbook.

Columns are found by name, whatever their order, case or spacing: the area (or origin and destination),
the period and the value are needed; indicator, flags, unit and scale are optional; any other column is
a breakdown (sex, age ...). Metadata lines above the header are skipped and kept as notes.

Excel formulas are never evaluated and their cached results never trusted (a cached result may be stale
or forged): the workbook is opened with data_only=False, so a formula cell arrives as its text ("=B2*2")
and the importer refuses it as not a number.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from openpyxl.utils import get_column_letter

from migis.indicators.readers import register
from migis.indicators.readers.base import Cell, Reader, ReadError

HEADER_LINES = 50  # a header further down than this is not looked for
DELIMITERS = (",", ";", "\t")
SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx"}

# Column names by role, normalised (see _norm), best first: when a file has both "Country code" and
# "Country name", the code is read and the name is ignored as a label of the same thing.
# fmt: off
ROLES: dict[str, tuple[str, ...]] = {
    "place": ("ref area", "country code", "country iso", "country iso3", "iso3", "iso code", "iso",
              "geo code", "geo", "area code", "country", "area", "country or area", "location", "place",
              "pays", "pais", "country name", "area name"),
    "origin": ("origin code", "origin iso", "country of origin iso", "country of origin code", "origin",
               "country of origin", "origin country"),
    "destination": ("destination code", "destination iso", "country of destination iso",
                    "country of asylum iso", "destination", "country of destination", "country of asylum",
                    "destination country"),
    "period": ("time period", "period", "year", "time", "date", "reference period", "ref period",
               "periode", "annee", "periodo", "ano"),
    "value": ("obs value", "value", "observation value", "observation", "valeur", "valor"),
    "indicator": ("indicator code", "indicator id", "indicator", "series code", "series id", "series",
                  "indicateur", "indicador", "indicator name"),
    "flags": ("obs status", "obs flag", "flags", "flag", "status"),
    "unit": ("unit measure", "unit of measure", "unit", "units", "unite", "unidad"),
    "scale": ("unit mult", "unit multiplier", "scale", "multiplier"),
}
# Columns that describe the file or the row, never a disaggregation of the value.
IGNORED = {"note", "notes", "comment", "comments", "source", "sources", "footnote", "footnotes",
           "decimals", "dataflow", "last update"}
SCALE_WORDS = {"": 0, "unit": 0, "units": 0, "ones": 0, "thousand": 3, "thousands": 3, "million": 6,
               "millions": 6, "billion": 9, "billions": 9}
# fmt: on
EXPECTED = (
    "the area (country, area, ref_area, geo; or origin and destination), the period (period, year, "
    "time_period) and the value (value, obs_value)"
)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """A byte that is not UTF-8 in a file that began as UTF-8 is read as cp1252: exports often start
    with ASCII and meet "Curaçao" in Windows encoding half a gigabyte later."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


codecs.register_error("migis-cp1252", _cp1252_fallback)


def detect_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(head):
            return "utf-8"  # a character cut by the 64 KB sample
    # Western text is mostly ASCII with a few accented letters. charset-normalizer guesses badly on short
    # samples (Big5 for "Côte d'Ivoire;2019"), so it only decides when there are many non-ASCII bytes.
    if sum(b > 127 for b in head) * 10 <= len(head):
        return "cp1252"  # a superset of latin-1's printable characters
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    return best.encoding if best else "cp1252"


def _norm(name: object) -> str:
    """Lower-case words without accents: "Ref_Area " is "ref area", "Année" is "annee"."""
    text = "".join(c for c in unicodedata.normalize("NFKD", str(name or "")) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()  # other scripts stay: "الجنس" is a breakdown


class Layout:
    """Which column holds what, found from the header names."""

    def __init__(self, names: list[str]):
        self.names = names
        norms = [_norm(name) for name in names]
        self.col: dict[str, int] = {}
        labels: set[int] = set()
        for role, synonyms in ROLES.items():
            found = [norms.index(s) for s in synonyms if s in norms]
            if found:
                self.col[role] = found[0]
                labels.update(found)
        if "destination" in self.col:  # bilateral: the destination is the place
            self.col["place"] = self.col.pop("destination")
        self.breakdown = [
            (i, norms[i].replace(" ", "_"))
            for i in range(len(names))
            if norms[i] and i not in labels and norms[i] not in IGNORED
        ]

    @property
    def complete(self) -> bool:
        return {"place", "period", "value"} <= self.col.keys()

    def cell(self, row: list, where: str, value_column: str) -> Cell | None:
        def text(role: str) -> str:
            i = self.col.get(role)
            return _text(row[i]) if i is not None and i < len(row) else ""

        value = row[self.col["value"]] if self.col["value"] < len(row) else None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            value = _text(value)  # a formula object, a date or TRUE: text, which the importer refuses
        if not str(value).strip():
            return None  # a missing value is no data, never a zero
        return Cell(
            place=text("place"),
            origin=text("origin"),
            period=text("period"),
            value=value.strip() if isinstance(value, str) else value,
            indicator=text("indicator"),
            flags=text("flags"),
            unit=text("unit"),
            scale=_scale(text("scale"), where),
            breakdown={key: _text(row[i]) for i, key in self.breakdown if i < len(row) and _text(row[i])},
            where=f"{where}, column {value_column}",
        )


def _text(value: object) -> str:
    """A workbook cell as text: 2019.0 is "2019", a date is its ISO form, a formula its own text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(getattr(value, "text", value)).strip()  # ArrayFormula keeps its "=..." in .text


def _scale(text: str, where: str) -> int:
    word = text.strip().lower()
    if re.fullmatch(r"-?\d+", word):
        return int(word)
    if word in SCALE_WORDS:
        return SCALE_WORDS[word]
    # A wrong scale makes every value wrong by powers of ten: refuse rather than guess.
    raise ReadError(f"the scale {text!r} is not a power of ten or a word such as 'thousands'", where)


def _split(line: str) -> Iterator[tuple[str, list[str]]]:
    """The line cut by each delimiter, the most frequent on the line first."""
    for delimiter in sorted(DELIMITERS, key=line.count, reverse=True):
        if delimiter in line:
            yield delimiter, next(csv.reader([line], delimiter=delimiter), [])


def _header(lines: Iterable[str]) -> tuple[int, str, Layout, list[str]] | None:
    """(line number, delimiter, layout, skipped lines) of the first line naming the needed columns."""
    skipped: list[str] = []
    for number, line in enumerate(lines, 1):
        for delimiter, fields in _split(line.rstrip("\r\n")):
            layout = Layout(fields)
            if layout.complete:
                return number, delimiter, layout, skipped
        if line.strip():
            skipped.append(line.strip())
        if number >= HEADER_LINES:
            break
    return None


def _no_header(first: list[tuple[str, str]], unit: str) -> ReadError:
    """Name what was looked for and show what the first lines hold, so the user sees the mismatch."""
    shown = "; ".join(f"{where}: {text[:80]!r}" for where, text in first[:3]) or "nothing (empty)"
    return ReadError(f"no header row in the first {HEADER_LINES} {unit}s: expected columns for {EXPECTED}. "
                     f"The file holds {shown}")  # fmt: skip


@register
class TidyReader(Reader):
    name = "tidy"
    label = "Tidy table (CSV or Excel, one value per row)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            return False
        if suffix == ".xlsx":
            try:
                return any(layout for _, layout, _ in _sheets(path))
            except ReadError:
                return False
        text = head.decode(detect_encoding(head), errors="replace")
        return _header(text.splitlines()) is not None

    def cells(self) -> Iterator[Cell]:
        if self.path.suffix.lower() == ".xlsx":
            yield from self._workbook_cells()
        else:
            yield from self._text_cells()

    def _text_cells(self) -> Iterator[Cell]:
        with self.path.open("rb") as raw:
            encoding = detect_encoding(raw.read(64 * 1024))
        errors = "migis-cp1252" if encoding.startswith("utf-8") else "replace"
        with self.path.open(encoding=encoding, errors=errors, newline="") as f:
            seen: list[str] = []

            def lines() -> Iterator[str]:  # read line by line: the rest of the file stays unread
                while len(seen) < HEADER_LINES and (line := f.readline()):
                    seen.append(line)
                    yield line

            found = _header(lines())
            if found is None:
                numbered = [(f"line {n}", line.strip()) for n, line in enumerate(seen, 1) if line.strip()]
                raise _no_header(numbered, "line")
            header_line, delimiter, layout, skipped = found
            self.publication.notes.extend(skipped)
            value_name = layout.names[layout.col["value"]].strip()
            reader = csv.reader(f, delimiter=delimiter)
            end = header_line
            try:
                for row in reader:
                    start, end = end + 1, header_line + reader.line_num
                    if len(row) > len(layout.names) and any(v.strip() for v in row[len(layout.names) :]):
                        raise ReadError(
                            f"{len(row)} fields where the header has {len(layout.names)}: is the "
                            f"delimiter {delimiter!r} inside an unquoted value?",
                            f"line {start}",
                        )
                    if any(v.strip() for v in row):
                        cell = layout.cell(row, f"line {start}", value_name)
                        if cell:
                            yield cell
            except csv.Error as error:
                raise ReadError(str(error), f"line {end + 1}") from error

    def _workbook_cells(self) -> Iterator[Cell]:
        first: list[tuple[str, str]] = []
        found = False
        for sheet, layout, rows in _sheets(self.path, first):
            if layout is None:
                self.publication.notes.append(f"sheet {sheet}: no header row, not read")
                continue
            found = True
            letter = get_column_letter(layout.col["value"] + 1)
            for number, row in rows:
                cell = layout.cell(list(row), f"sheet {sheet}, row {number}", letter)
                if cell:
                    yield cell
        if not found:
            raise _no_header(first, "row")


def _sheets(path: Path, first: list | None = None):
    """(sheet title, layout or None, remaining (row number, values)) for each worksheet, streamed."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ReadError(f"not a readable .xlsx workbook ({error})") from error
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # some writers store a wrong size; read what is there
            rows = enumerate(sheet.iter_rows(values_only=True), 1)
            layout = None
            for number, row in rows:
                names = [_text(v) for v in row]
                if first is not None and len(first) < 3 and any(names):
                    first.append((f"sheet {sheet.title}, row {number}", ", ".join(n for n in names if n)))
                if (candidate := Layout(names)).complete:
                    layout = candidate
                    break
                if number >= HEADER_LINES:
                    break
            yield sheet.title, layout, rows
    finally:
        book.close()
