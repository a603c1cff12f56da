"""Every list can be downloaded as CSV or Excel (`?format=csv`, `?format=xlsx`), on the page and on its API
twin, with the filters applied: the rows are the records as the API shapes them (one schema per shape),
nested values flattened into columns (`name.fr`, `source.url`), so each row carries its sources.

A download holds at most MAX_ROWS rows (the first, in the list's order); the file says so in its last row
and the response in an `X-Migis-Truncated` header, rather than cutting silently.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from functools import lru_cache

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

from migis.core.schemas import Sourced, SourceOut

FORMATS = ("csv", "xlsx")
MAX_ROWS = 50_000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_LABEL_KEYS = ("title", "name", "acronym", "label", "iso3", "slug", "code", "id", "key")


def wanted(request) -> str | None:
    """The download format a page was asked for, or None for the page itself."""
    fmt = request.GET.get("format")
    return fmt if fmt in FORMATS else None


def _label(value) -> str:
    """One item of a list of records in one cell: its name in the reader's language, else its key."""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    for key in _LABEL_KEYS:
        found = value.get(key)
        if isinstance(found, dict):  # names by language
            found = found.get(translation.get_language() or "en") or found.get("en")
        if found not in (None, ""):
            return str(found)
    return ""


def flatten(data, prefix: str = "") -> dict:
    """Nested values as columns: {"name": {"en": a, "fr": b}, "themes": [{"slug": c}, ...]} gives
    {"name.en": a, "name.fr": b, "themes": "c; ..."}."""
    out: dict = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict):
                out.update(flatten(value, name))
            elif isinstance(value, list):
                out[name] = "; ".join(filter(None, (_label(v) for v in value)))
            else:
                out[name] = value
    return out


def rows(items: Iterable, schema) -> tuple[list[str], list[dict], bool]:
    """The columns, the flattened rows of `items` read by `schema` (at most MAX_ROWS), and whether more
    were left out."""
    out, truncated = [], False
    for n, item in enumerate(items):
        if n >= MAX_ROWS:
            truncated = True
            break
        out.append(flatten(schema.model_validate(item).model_dump(mode="json")))
    columns: dict[str, None] = {}
    for row in out:
        columns.update(dict.fromkeys(row))
    return list(columns), out, truncated


@lru_cache(maxsize=64)
def sourced(schema):
    """`schema` with the record's `source` (as its reader may see it): every row says where it comes from."""
    return type(
        f"{schema.__name__}Row",
        (schema, Sourced),
        {"__annotations__": {"source": SourceOut | None}, "source": None, "__module__": __name__},
    )


def response(items: Iterable, schema, name: str, fmt: str, sources: bool = True) -> HttpResponse:
    """`items` (records, or a queryset: it is iterated once, in chunks) as a file to download; with
    `sources`, each row also carries the record's source (curated records; documents are sources)."""
    if sources:
        schema = sourced(schema)
        if hasattr(items, "with_sources"):
            items = items.with_sources()
    if hasattr(items, "iterator"):
        items = items.iterator(chunk_size=1000)
    columns, data, truncated = rows(items, schema)
    body = _csv(columns, data, truncated) if fmt == "csv" else _xlsx(columns, data, truncated, name)
    reply = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    reply["Content-Disposition"] = f'attachment; filename="migis-{name}-{stamp}.{fmt}"'
    if truncated:
        reply["X-Migis-Truncated"] = str(MAX_ROWS)
    return reply


def _note(truncated: bool) -> str:
    return f"Only the first {MAX_ROWS} rows: narrow the filters for the rest." if truncated else ""


def _cell(value):
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value).lower()
    return value


def _csv(columns: list[str], data: list[dict], truncated: bool) -> bytes:
    rows = [[_cell(row.get(c)) for c in columns] for row in data]
    if truncated:
        rows.append([_note(truncated)])
    return ("\ufeff" + csv_text(columns, rows)).encode("utf-8")


def csv_text(header: list, rows: Iterable[list]) -> str:
    """A table as CSV text, each text cell that a spreadsheet would run as a formula kept as text; every
    CSV the platform offers (lists, charts, the map's table) is written here."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in header])
    for row in rows:
        writer.writerow([_safe(value) for value in row])
    return buffer.getvalue()


def _safe(value):
    """A text cell that a spreadsheet would run as a formula (=, +, -, @ first) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_attachment(text: str, filename: str) -> HttpResponse:
    """CSV text as a download; the byte-order mark tells spreadsheet programs it is UTF-8 (Arabic and
    French names read right)."""
    reply = HttpResponse(("\ufeff" + text).encode("utf-8"), content_type=CONTENT_TYPES["csv"])
    reply["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return reply


def _xlsx(columns: list[str], data: list[dict], truncated: bool, name: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=name[:31] or "migis")
    sheet.append(columns)
    for row in data:
        sheet.append([_excel(_cell(row.get(c))) for c in columns])
    if truncated:
        sheet.append([_note(truncated)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _excel(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = _safe(ILLEGAL_CHARACTERS_RE.sub("", value))
        try:  # dates and times the API writes as ISO text become dates in the sheet
            if len(value) == 10 and value[4] == "-" and value[7] == "-":
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    return value
