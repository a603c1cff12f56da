"""UN DESA International Migrant Stock workbooks, as the Population Division publishes them.

Two layouts share one reader:
- the totals workbook (2019 edition: sheets CONTENTS, Table 1 .. Table 6, ANNEX, NOTES): a title block,
  a two-row header (a group label such as "International migrant stock at mid-year (male)" over the
  years), then one row per area with Sort order, name, Notes, Code (M49), Type of data and the values;
- the origin-destination matrix (2015 edition, "Migrants by Destination and Origin"): one table per
  year and sex, destination rows by origin columns under a "Country of origin" label; origins are names.
The 2020 edition (key columns and years on one row, "Both sexes" / "Males" / "Females" above, origins
as a "Location code of origin" column) is read by the same header search.

What each table holds is decided from its title and group labels, never from the sheet name: a table
whose title is not recognised is skipped with a note in `publication.notes`. Values are handed over as
read (numbers, or ".." for missing); empty cells are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from migis.indicators.readers import register
from migis.indicators.readers.base import Cell, Reader, ReadError

PUBLISHER = "United Nations, Department of Economic and Social Affairs, Population Division"
SNIFF_WORDS = ("international migrant stock", "migrants by destination and origin")
NOT_TABLES = {"CONTENTS", "ANNEX", "NOTES"}  # the workbook's own description, not statistics
HEADER_SEARCH_ROWS = 40  # the key row (Code, Notes, Type of data ...) is within the first rows

TABLE_TITLE = re.compile(r"^\s*Table\s+(\d+)\s*[-–.:]\s*(\S.*)$", re.IGNORECASE | re.DOTALL)
WORKBOOK_TITLE = re.compile(r"(?:Trends in )?International Migrant Stock(?::[^(.\n]*|\s+\d{4})")
YEAR_LABEL = re.compile(r"^\d{4}(?:\s*[-–]\s*\d{4})?$")
SEX_ONLY = re.compile(r"^\s*(both sexes|total|males?|females?)\s*$", re.IGNORECASE)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _code(value: Any) -> str:
    """An M49 code as written: 470 (an int or 470.0 in the workbook) -> "470"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _text(value)


def _period(value: Any) -> str:
    """A year label (1990, "1990", "1990-1995") as text, or "" when the cell is not one."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int | float) and float(value).is_integer() and 1800 <= value <= 2200:
        return str(int(value))
    text = _text(value)
    return text if YEAR_LABEL.match(text) else ""


def indicator_for(text: str) -> str | None:
    """The indicator a table title or group label names, or None when it names none we know."""
    t = " ".join(text.lower().split())
    if "refugee" in t:
        if "percentage" in t:
            return "refugee_share"  # refugees and asylum seekers as % of the migrant stock
        if "rate of change" in t:
            return "refugee_stock_growth"
        return "refugees"
    if "female migrants as a percentage" in t:
        return "migrant_share_female"
    if "migrant stock" in t and "percentage of the total population" in t:
        return "migrant_share"
    if "migrant stock" in t and "rate of change" in t:
        return "migrant_stock_growth"
    if "migrant stock" in t and "origin" in t:
        return "bilateral_migrant_stock"
    if "migrant stock" in t:
        return "migrant_stock"
    if "population" in t:
        return "population"
    return None


def _sex(text: str) -> dict[str, str]:
    t = text.lower()
    if re.search(r"\bfemales?\b", t):
        return {"sex": "F"}
    if re.search(r"\bmales?\b", t):
        return {"sex": "M"}
    return {}


def _scale(*texts: str) -> int:
    joined = " ".join(texts).lower()
    if "thousand" in joined:
        return 3
    if "million" in joined:
        return 6
    return 0


class _Columns:
    """The key columns of a table (Code, name, Type of data ...), found by their header text."""

    def __init__(self, labels: dict[int, str]):
        self.code: int | None = None
        self.origin_code: int | None = None
        self.name: int | None = None
        self.origin_name: int | None = None
        self.kind: int | None = None
        keys: list[int] = []
        for col, label in labels.items():
            low = label.lower()
            if re.search(r"\bcode\b", low):
                if "origin" in low:
                    self.origin_code = col if self.origin_code is None else self.origin_code
                elif self.code is None:
                    self.code = col
            elif low.startswith("type of data"):
                self.kind = col
            elif "country or area" in low and "origin" in low:
                self.origin_name = col
            elif "country or area" in low:
                self.name = col if self.name is None else self.name
            elif not low.startswith(("sort", "index", "notes")):
                continue  # a group label over value columns
            keys.append(col)
        self.last_key = max(keys) if keys else -1


class _Table:
    """One sheet's table: title, header rows and what each value column holds."""

    def __init__(self, sheet: str, title: str, indicator: str, columns: _Columns):
        self.sheet = sheet
        self.title = title
        self.indicator = indicator
        self.columns = columns
        self.first_data_row = 0
        # value column -> (indicator, breakdown, period, origin, scale)
        self.values: dict[int, tuple[str, dict[str, str], str, str, int]] = {}


@register
class UNDESAMigrantStockReader(Reader):
    name = "undesa"
    label = "UN DESA International Migrant Stock workbook (xlsx)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        if not head.startswith(b"PK\x03\x04") or Path(path).suffix.lower() not in {".xlsx", ".xlsm"}:
            return False
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - not a workbook openpyxl can open: not this layout
            return False
        try:
            sheet = book["CONTENTS"] if "CONTENTS" in book.sheetnames else book.worksheets[0]
            texts = [
                value.lower()
                for row in sheet.iter_rows(min_row=1, max_row=30, values_only=True)
                for value in row
                if isinstance(value, str)
            ]
            # the title and the publisher: a WDI sheet also names "International migrant stock, total"
            titled = any(w in t for t in texts for w in SNIFF_WORDS)
            return titled and any("population division" in t or t == "united nations" for t in texts)
        except Exception:  # noqa: BLE001 - a damaged sheet: not recognised
            return False
        finally:
            book.close()

    def cells(self) -> Iterator[Cell]:
        try:
            book = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise ReadError(f"not an Excel workbook openpyxl can read ({exc})", self.path.name) from exc
        try:
            self._describe(book)
            # every table's header first, so the notes on skipped tables are there before the first cell
            tables = [(sheet, table) for sheet in book.worksheets if (table := self._table(sheet))]
            if not tables:
                raise ReadError(
                    "no table with a Code column and a recognised title was found", self.path.name
                )
            for sheet, table in tables:
                yield from self._read(sheet, table)
        finally:
            book.close()

    # -- the workbook's own description -----------------------------------------------------------

    def _describe(self, book) -> None:
        """Publication fields from the title blocks (CONTENTS or the first sheet, then the first table)."""
        texts: list[str] = []
        sheets = [book["CONTENTS"]] if "CONTENTS" in book.sheetnames else []
        sheets += [s for s in book.worksheets[:2] if s not in sheets]
        for sheet in sheets:
            for row in sheet.iter_rows(min_row=1, max_row=16, values_only=True):
                texts += [v.strip() for v in row if isinstance(v, str) and v.strip()]
        pub = self.publication
        pub.publisher = PUBLISHER
        for text in texts:
            match = WORKBOOK_TITLE.search(text)
            if match and not pub.title:
                pub.title = match.group(0).strip(" :")
            licence = re.search(r"\bCC[ -]BY[^:;,)]*", text)
            if licence and not pub.licence:
                pub.licence = licence.group(0).strip()
        if not pub.licence:
            for text in texts:
                match = re.search(r"Copyright ©.*?All rights reserved", text, re.IGNORECASE)
                if match:
                    pub.licence = match.group(0)
                    break
        year = re.search(r"\b(?:19|20)\d{2}\b", pub.title)
        if year:
            pub.edition = year.group(0)
        else:
            for text in texts:
                rev = re.search(r"Rev\.?\s*((?:19|20)\d{2})", text)
                if rev:
                    pub.edition = rev.group(1)
                    break
        if "NOTES" in book.sheetnames:
            for row in book["NOTES"].iter_rows(min_row=1, max_row=40, values_only=True):
                if _text(row[0] if row else None) == "(a)" and len(row) > 1 and _text(row[1]):
                    pub.notes.append(f"Type of data (the flags): {_text(row[1])}")
                    break

    # -- finding a table --------------------------------------------------------------------------

    def _table(self, sheet) -> _Table | None:
        if sheet.title.strip().upper() in NOT_TABLES:
            return None
        rows: list[tuple] = []
        for row in sheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS + 2, values_only=True):
            rows.append(tuple(row))
        key = next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if self._is_key_row(row)), None)
        if key is None:
            if sheet.title.lower().startswith("table"):
                self.publication.notes.append(
                    f"sheet {sheet.title}: no header row with a Code column, skipped"
                )
            return None
        title = self._title(rows[:key])
        if not title:
            self.publication.notes.append(f"sheet {sheet.title}: no table title found, skipped")
            return None
        indicator = indicator_for(title)
        if indicator is None or "by age" in title.lower():
            self.publication.notes.append(f"sheet {sheet.title}: table not recognised, skipped: {title}")
            return None
        labels = {c: _text(v) for c, v in enumerate(rows[key]) if _text(v)}
        cols = _Columns(labels)
        table = _Table(sheet.title, title, indicator, cols)
        below = rows[key + 1] if key + 1 < len(rows) else ()
        above = rows[key - 1] if key > 0 else ()

        def at(row: tuple, col: int) -> Any:
            return row[col] if col < len(row) else None

        width = max(len(rows[key]), len(below), len(above))
        value_cols = range(cols.last_key + 1, width)
        below_is_header = (
            cols.code is not None and at(below, cols.code) is None and at(below, cols.name or 0) is None
        )
        if below_is_header and any(_period(at(below, c)) for c in value_cols):
            group_row, sub_row, table.first_data_row = rows[key], below, key + 3
        elif any(_period(at(rows[key], c)) for c in value_cols):
            group_row, sub_row, table.first_data_row = above, rows[key], key + 2
        elif below_is_header:  # the matrix: origin names under a "Country of origin" label
            group_row, sub_row, table.first_data_row = rows[key], below, key + 3
        else:
            self.publication.notes.append(f"sheet {sheet.title}: no years or origins in the header, skipped")
            return None
        self._map_columns(table, group_row, sub_row, value_cols)
        return table if table.values else None

    @staticmethod
    def _is_key_row(row: tuple) -> bool:
        labels = [_text(v).lower() for v in row if isinstance(v, str)]
        has_code = any(re.search(r"\bcode\b", label) for label in labels)
        has_name = any(
            ("country" in label or "region" in label or "destination" in label) for label in labels
        )
        return has_code and has_name

    @staticmethod
    def _title(rows: list[tuple]) -> str:
        texts = [v.strip() for row in rows for v in row if isinstance(v, str) and v.strip()]
        for text in texts:
            match = TABLE_TITLE.match(text)
            if match:
                return " ".join(match.group(2).split())
        for text in texts:  # a title without "Table N": a sentence saying what by what
            low = text.lower()
            if " by " in low and not low.startswith(("suggested citation", "copyright", "workbook")):
                return " ".join(text.split())
        return ""

    def _map_columns(self, table: _Table, group_row: tuple, sub_row: tuple, value_cols: range) -> None:
        title = table.title
        low_title = title.lower()
        matrix = table.indicator == "bilateral_migrant_stock" and table.columns.origin_code is None
        found_year = re.search(r"\b((?:19|20)\d{2})\s*$", title)
        title_year = found_year.group(1) if found_year else ""
        if matrix and not title_year:
            self.publication.notes.append(f"sheet {table.sheet}: no year in the matrix title, skipped")
            return
        by_sex = "by sex" in low_title
        title_sex = _sex(low_title.split(" migrant stock")[0]) if matrix else {}
        group = ""
        skipped: set[str] = set()
        for col in value_cols:
            label = _text(group_row[col]) if col < len(group_row) else ""
            group = label or group
            sub = sub_row[col] if col < len(sub_row) else None
            if sub is None or not _text(sub):
                continue
            if matrix:
                origin = _text(sub)
                if origin.lower() == "total":  # all origins: the destination's migrant stock
                    table.values[col] = ("migrant_stock", dict(title_sex), title_year, "", 0)
                else:
                    table.values[col] = (table.indicator, dict(title_sex), title_year, origin, 0)
                continue
            period = _period(sub)
            if not period:
                continue
            if not group or SEX_ONLY.match(group):
                indicator, breakdown = table.indicator, _sex(group)
            else:
                named = indicator_for(group)
                if named is None:
                    if group not in skipped:
                        skipped.add(group)
                        self.publication.notes.append(
                            f"sheet {table.sheet}: columns not recognised, skipped: {group}"
                        )
                    continue
                indicator, breakdown = named, _sex(group) if by_sex else {}
            if indicator == "bilateral_migrant_stock" or indicator != table.indicator:
                by_sex = by_sex or bool(SEX_ONLY.match(group))
            table.values[col] = (indicator, breakdown, period, "", _scale(title, group))

    # -- reading the rows -------------------------------------------------------------------------

    def _read(self, sheet, table: _Table) -> Iterator[Cell]:
        cols = table.columns
        rows = sheet.iter_rows(min_row=table.first_data_row, values_only=True)
        for number, row in enumerate(rows, start=table.first_data_row):
            if not row:
                continue
            place = _code(row[cols.code]) if cols.code is not None and cols.code < len(row) else ""
            values = {c: row[c] for c in table.values if c < len(row) and row[c] is not None}
            if not place:
                written = [v for v in values.values() if _text(v) not in {"", ".."}]
                if not written:
                    continue  # a heading row ("UN development groups") or a note under the table
                place = _text(row[cols.name]) if cols.name is not None and cols.name < len(row) else ""
                if not place:
                    continue
            flags = _text(row[cols.kind]) if cols.kind is not None and cols.kind < len(row) else ""
            row_origin = ""
            if cols.origin_code is not None and cols.origin_code < len(row):
                row_origin = _code(row[cols.origin_code])
                if not row_origin and cols.origin_name is not None and cols.origin_name < len(row):
                    row_origin = _text(row[cols.origin_name])
            for col, value in values.items():
                indicator, breakdown, period, origin, scale = table.values[col]
                yield Cell(
                    place=place,
                    period=period,
                    value=value.strip() if isinstance(value, str) else value,
                    where=f"sheet {sheet.title}, row {number}, column {get_column_letter(col + 1)}",
                    indicator=indicator,
                    origin=origin or row_origin,
                    flags=flags,
                    breakdown=dict(breakdown),
                    scale=scale,
                )
