"""The statistics catalogue (data/indicators.yaml): the datasets values come from and the indicators,
each definition with its source; kept equal to the file like the rest of the reference data."""

from pathlib import Path

from migis.indicators.models import Dataset, Indicator, Periodicity
from migis.reference.sources import parse_source
from migis.reference.yamlio import Record, top_list

LANGS = ("en", "fr", "ar")


def _number(rec: Record, field: str) -> float | None:
    value = rec.data.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise rec.error(field, f"expected a number, found {value!r}")
    return float(value)


def _lang(prefix: str, values: dict) -> dict:
    return {f"{prefix}_{lang}": values.get(lang, "") for lang in LANGS}


def load_indicators(ctx, path: Path) -> None:
    if not path.exists():
        return
    data = ctx.read(path)
    rows = []
    for rec in top_list(path, data, "datasets"):
        src = parse_source(rec)
        values = {
            "title": rec.str("title", required=True, max_length=300),
            "publisher": rec.str("publisher", max_length=200),
            "licence": rec.str("licence", max_length=200),
            **src.fields(ctx.documents),
        }
        rows.append(ctx.row(rec, {"slug": rec.str("slug", required=True, max_length=100)}, values))
    ctx.writer.sync(Dataset, rows)
    rows = []
    seen_codes: dict[str, str] = {}
    for rec in top_list(path, data, "indicators"):
        code = rec.str("code", required=True, max_length=60)
        src = parse_source(rec)
        for i, entry in enumerate(rec.records("name_sources")):
            parse_source(Record(entry.path, {"source": entry.data}, f"name_sources[{i}]"))
        source_codes = rec.strings("source_codes")
        for other in (code, *source_codes):
            if seen_codes.setdefault(other.upper(), code) != code:
                raise rec.error("source_codes", f"{other!r} is already a code of {seen_codes[other.upper()]}")
        values = {
            **_lang("name", rec.languages("name", required_en=True)),
            **_lang("definition", rec.languages("definition")),
            "kind": rec.choice("kind", Indicator.Kind.values, default=Indicator.Kind.COUNTRY),
            "unit": rec.str("unit", required=True, max_length=60),
            "decimals": rec.int("decimals", low=0, high=6) or 0,
            "periodicity": rec.choice("periodicity", Periodicity.values, default=Periodicity.ANNUAL),
            "minimum": _number(rec, "minimum"),
            "maximum": _number(rec, "maximum"),
            "disaggregations": rec.strings("disaggregations"),
            "source_codes": source_codes,
            "sdg_indicators": rec.strings("sdg_indicators"),
            "topic": rec.str("topic", max_length=40),
            **src.fields(ctx.documents),
        }
        rows.append(ctx.row(rec, {"code": code}, values))
    ctx.writer.sync(Indicator, rows)
