"""Response shapes of the JSON API shared by the routers. Each shape is written once, as a Schema read
from the records' attributes (and `resolve_*` functions where a value is derived): the same class makes
the OpenAPI document and validates every answer, so the two cannot drift.

Records come from `visible_to` querysets, so a related record the reader may not see is already None or
absent when a schema reads it (see core.scope)."""

import datetime

from ninja import Schema

from migis.core.models import LANGS
from migis.core.text import plain_text


def names(obj, field: str = "name") -> dict:
    return {lang: getattr(obj, f"{field}_{lang}", "") for lang in LANGS}


def visible_source(obj) -> dict | None:
    """The provenance of `obj` as its reader may see it. A source document the reader may not open hides
    the whole source (its title and the quoted passage are part of that document)."""
    if obj is None or not obj.has_source:
        return None
    document = obj.source_document if obj.source_document_id else None
    if obj.source_document_id and document is None:  # hidden from this reader (core.scope)
        return None
    return {
        "document": document,
        "title": obj.source_title,
        "url": obj.source_url or None,
        "passage": plain_text(obj.source_passage) or None,  # verbatim in the database, clean when shown
        "as_of": obj.as_of,
    }


class Names(Schema):
    en: str
    fr: str = ""
    ar: str = ""


class SourceOut(Schema):
    document: str | None = None
    title: str = ""
    url: str | None = None
    passage: str | None = None
    as_of: datetime.date | None = None

    @staticmethod
    def resolve_document(obj):
        document = obj["document"] if isinstance(obj, dict) else obj.document
        return document.key if document is not None else None


class Sourced(Schema):
    """For a shape with `source: SourceOut | None`: the record's provenance as its reader may see it."""

    @staticmethod
    def resolve_source(obj):
        return visible_source(obj)


class CountryRef(Schema):
    iso3: str
    name: str
    url: str

    @staticmethod
    def resolve_name(obj):
        return obj.name_en

    @staticmethod
    def resolve_url(obj):
        return f"/api/countries/{obj.iso3}"


class OrgRef(Schema):
    slug: str
    acronym: str
    name: str

    @staticmethod
    def resolve_name(obj):
        return obj.name_en


class DialogueRef(Schema):
    slug: str
    acronym: str
    name: str
    url: str

    @staticmethod
    def resolve_name(obj):
        return obj.name_en

    @staticmethod
    def resolve_url(obj):
        return f"/api/dialogues/{obj.slug}"


class RegionOut(Schema):
    code: str
    name: Names

    @staticmethod
    def resolve_name(obj):
        return names(obj)


class ErrorDetail(Schema):
    status: int
    code: str
    message: str
    details: list | dict | None = None


class ErrorOut(Schema):
    error: ErrorDetail


def paged(item_schema, name: str):
    """A list response: the total `count`, the page, and the items."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {
                "count": int,
                "page": int,
                "page_size": int,
                "num_pages": int,
                "next": str | None,
                "previous": str | None,
                "results": list[item_schema],
            }
        },
    )
