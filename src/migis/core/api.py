"""The API object, its error handlers (one error shape), paging parameters and the list helper."""

import json
from typing import Literal

from django.core.cache import cache
from django.http import Http404, HttpResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from migis.core import export as downloads
from migis.core.api_errors import error_response
from migis.core.cache import TIMEOUT, scope
from migis.core.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageError, paginate

BEARER = "bearerAuth"


class MigisAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The generated document, with the bearer tokens the middleware accepts: optional, since
        anonymous requests read public records."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {})[BEARER] = {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token (`migis token USERNAME`): reads what the token's user may read.",
        }
        schema["security"] = [{}, {BEARER: []}]
        return schema


api = MigisAPI(
    title="migis API",
    version="1",
    description=(
        "Read access to the migis knowledge base: countries, dialogues, projects, events, organisations, "
        "documents and search. Anonymous requests see public records; send `Authorization: Bearer <token>` "
        "(or a session cookie) to read restricted records your role allows. Lists are paginated and state "
        'their total `count`. Every error has the shape {"error": {"status", "code", "message"}}.'
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return error_response(404, "not_found", str(exc) or "Not found.")


@api.exception_handler(NinjaValidationError)
def invalid(request, exc):
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": e.get("msg")} for e in exc.errors
    ]
    return error_response(400, "invalid_parameter", "Some parameters are not valid.", details)


@api.exception_handler(PageError)
def bad_page(request, exc):
    return error_response(400, "invalid_page", str(exc))


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return error_response(401, "unauthenticated", "Authentication required.")


@api.exception_handler(HttpError)
def http_error(request, exc):
    return error_response(exc.status_code, "error", str(exc))


class PageParams(Schema):
    page: int = Field(1, ge=1, description="page number, from 1")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="items per page")
    format: Literal["json", "csv", "xlsx"] = Field(
        "json",
        description=f"csv or xlsx: the whole filtered list as a file (at most {downloads.MAX_ROWS} rows), "
        "nested values in columns such as name.fr and source.url; page and page_size are then ignored",
    )


def page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = number
    return f"{request.path}?{query.urlencode()}"


def list_response(request, queryset, paging: PageParams, item_schema=None, sources: bool = True):
    """One page of `queryset` as the paged schemas describe it; the items are records, read by the
    endpoint's response schema. With `format=csv|xlsx`, the whole list as a file, each record read by
    `item_schema`, the schema of the items of that response."""
    if paging.format != "json" and item_schema is not None:
        name = request.path.rstrip("/").rsplit("/", 1)[-1] or "list"
        return downloads.response(queryset, item_schema, name, paging.format, sources)
    current = paginate(queryset, paging.page, paging.page_size)
    return {
        "count": current.count,
        "page": current.number,
        "page_size": current.size,
        "num_pages": current.num_pages,
        "next": page_url(request, current.number + 1) if current.has_next else None,
        "previous": page_url(request, current.number - 1) if current.has_previous else None,
        "results": current.items,
    }


def cached_json(request, key: str, schema, build) -> HttpResponse:
    """An answer kept in the cache as JSON under the reader scope (core.cache): `build()` makes the
    object, `schema` validates and shapes it once, when the entry is made."""
    key = f"{key}:{scope(request.user)}"
    body = cache.get(key)
    if body is None:
        data = schema.model_validate(build()).model_dump(mode="json")
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        cache.set(key, body, TIMEOUT)
    return HttpResponse(body, content_type="application/json")
