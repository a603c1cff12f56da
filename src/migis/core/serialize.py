"""Plain-dict views of records for the JSON API and the pages. Names come in all three languages."""

from migis.core.models import LANGS, is_visible


def names(obj, field: str = "name") -> dict:
    return {lang: getattr(obj, f"{field}_{lang}", "") for lang in LANGS}


def visible_source(obj, user) -> dict | None:
    """The provenance of `obj` as `user` may see it. A source document the reader may not open hides the
    whole source (its title and the quoted passage are part of that document)."""
    if obj is None or not obj.has_source:
        return None
    document = obj.source_document if obj.source_document_id else None
    if document is not None and not is_visible(document, user):
        return None
    return {
        "document": document,
        "title": obj.source_title,
        "url": obj.source_url or None,
        "passage": obj.source_passage or None,
        "as_of": obj.as_of,
    }


def source(obj, user) -> dict | None:
    """`visible_source` as JSON."""
    src = visible_source(obj, user)
    if src is None:
        return None
    return {
        **src,
        "document": src["document"].key if src["document"] else None,
        "as_of": src["as_of"].isoformat() if src["as_of"] else None,
    }


def country_ref(c) -> dict:
    return {"iso3": c.iso3, "name": c.name_en, "url": f"/api/countries/{c.iso3}"}


def org_ref(o) -> dict:
    return {"slug": o.slug, "acronym": o.acronym, "name": o.name_en}


def dialogue_ref(d) -> dict:
    return {"slug": d.slug, "acronym": d.acronym, "name": d.name_en, "url": f"/api/dialogues/{d.slug}"}
