"""GET /api/search: ranked hits over documents and records, with snippets and facets."""

from ninja import Router, Schema

from migis.core.api_errors import error_response
from migis.core.schemas import ErrorOut
from migis.search import service
from migis.search.query import QueryError

router = Router(tags=["search"])


class HitOut(Schema):
    key: str
    type: str
    id: str
    kind: str
    title: str
    url: str
    snippet_html: str
    score: float
    language: str
    year: int | None
    visibility: str


class FacetValueOut(Schema):
    value: str | int
    label: str
    count: int


class SearchOut(Schema):
    count: int
    count_exact: bool = True
    facets_exact: bool = True
    page: int
    page_size: int
    num_pages: int
    results: list[HitOut]
    facets: dict[str, list[FacetValueOut]]


@router.get(
    "/search",
    response={200: SearchOut, 400: ErrorOut},
    summary="Search documents and records",
    description=(
        'Words are all required (AND), in the title or the text; "a phrase" matches the words in order; '
        "-word excludes. Hits are ranked by BM25; `snippet_html` is escaped HTML with the matched words in "
        "<mark>. Facets count the matches by type, country, dialogue, organisation, language and year. "
        "Where `count_exact` is false (a large result on the PostgreSQL database backend), `count` is an "
        "estimate; where `facets_exact` is false, the facets count part of the matches only. "
        "Restricted documents and records are only searched for readers allowed to read them."
    ),
)
def search(
    request,
    q: str = "",
    type: str = "",
    country: str = "",
    dialogue: str = "",
    organisation: str = "",
    language: str = "",
    year: str = "",
    page: int = 1,
):
    filters = {
        "type": type,
        "country": country,
        "dialogue": dialogue,
        "organisation": organisation,
        "language": language,
        "year": year,
    }
    try:
        return service.search(request.user, q, filters, page)
    except QueryError as exc:
        return error_response(400, "invalid_query", str(exc))
