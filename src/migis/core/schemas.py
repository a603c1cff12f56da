"""Response shapes of the JSON API, shared by the routers (they make the OpenAPI document)."""

from ninja import Schema


class Names(Schema):
    en: str
    fr: str = ""
    ar: str = ""


class SourceOut(Schema):
    document: str | None = None
    title: str = ""
    url: str | None = None
    passage: str | None = None
    as_of: str | None = None


class CountryRef(Schema):
    iso3: str
    name: str
    url: str


class OrgRef(Schema):
    slug: str
    acronym: str
    name: str


class DialogueRef(Schema):
    slug: str
    acronym: str
    name: str
    url: str


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
