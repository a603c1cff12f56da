"""Plain-dict views of records for the JSON API. Names come in all three languages."""

from migis.core.models import LANGS


def names(obj, field: str = "name") -> dict:
    return {lang: getattr(obj, f"{field}_{lang}", "") for lang in LANGS}


def source(obj) -> dict | None:
    if not obj.has_source:
        return None
    doc = obj.source_document
    return {
        "document": doc.key if doc else None,
        "title": obj.source_title,
        "url": obj.source_url or None,
        "passage": obj.source_passage or None,
        "as_of": obj.as_of.isoformat() if obj.as_of else None,
    }


def country_ref(c) -> dict:
    return {"iso3": c.iso3, "name": c.name_en, "url": f"/api/countries/{c.iso3}"}


def org_ref(o) -> dict:
    return {"slug": o.slug, "acronym": o.acronym, "name": o.name_en}


def dialogue_ref(d) -> dict:
    return {"slug": d.slug, "acronym": d.acronym, "name": d.name_en, "url": f"/api/dialogues/{d.slug}"}
