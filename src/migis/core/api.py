"""The API object, its error handlers (one error shape) and the list helper."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from migis.core.api_errors import error_response
from migis.core.pagination import PageError, paginate

api = NinjaAPI(
    title="migis API",
    version="1",
    description=(
        "Read access to the migis knowledge base: countries, dialogues, projects, events, organisations. "
        "Anonymous requests see public records; send `Authorization: Bearer <token>` (or a session cookie) "
        "to read restricted records your role allows. Lists are paginated and state their total `count`. "
        'Every error has the shape {"error": {"status", "code", "message"}}.'
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


def page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = number
    return f"{request.path}?{query.urlencode()}"


def list_response(request, queryset, serialize, page: int = 1, page_size: int = 25) -> dict:
    current = paginate(queryset, page, page_size)
    return {
        "count": current.count,
        "page": current.number,
        "page_size": current.size,
        "num_pages": current.num_pages,
        "next": page_url(request, current.number + 1) if current.has_next else None,
        "previous": page_url(request, current.number - 1) if current.has_previous else None,
        "results": [serialize(item) for item in current.items],
    }
