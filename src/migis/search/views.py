"""The search page, /search/?q=...: the same service as /api/search."""

from django.shortcuts import render
from django.utils.safestring import mark_safe

from migis.search import service
from migis.search.query import QueryError

FACET_ORDER = ("type", "country", "dialogue", "organisation", "language", "year")


def _link(params: dict, **changes) -> str:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for k, v in (params | changes).items():
        if v not in (None, ""):
            query[k] = v
    return "?" + query.urlencode()


def search_page(request):
    q = request.GET.get("q", "")
    filters = {name: request.GET.get(name, "") for name in FACET_ORDER}
    params = {"q": q, **filters}
    context = {"q": q, "filters": {k: v for k, v in filters.items() if v}, "error": "", "results": None}
    try:
        page = int(request.GET.get("page", "1") or 1)
    except ValueError:
        page = 0
    status = 200
    if q or any(filters.values()):
        try:
            found = service.search(request.user, q, filters, page)
        except QueryError as exc:
            context["error"] = str(exc)
            status = 400
        else:
            for hit in found["results"]:
                hit["snippet"] = mark_safe(hit["snippet_html"])  # noqa: S308 - escaped by the backend
            context["results"] = found
            context["facets"] = [
                (
                    name,
                    [
                        dict(
                            v,
                            url=_link(params, **{name: v["value"]}, page=""),
                            active=str(v["value"]) == str(filters[name]),
                        )
                        for v in found["facets"].get(name, [])
                    ],
                    _link(params, **{name: ""}, page="") if filters[name] else "",
                )
                for name in FACET_ORDER
                if found["facets"].get(name)
            ]
            context["previous_url"] = _link(params, page=page - 1) if page > 1 else ""
            context["next_url"] = _link(params, page=page + 1) if page < found["num_pages"] else ""
    return render(request, "search/results.html", context, status=status)
