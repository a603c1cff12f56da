"""The shared shape of a filtered, paginated list page."""

from django.shortcuts import render

from migis.core import export as downloads
from migis.core.pagination import PageError, paginate


def list_page(
    request, template: str, filters_class, queryset, extra: dict | None = None, export: tuple | None = None
):
    """A list page; with `export` = (schema, name[, sources]), `?format=csv|xlsx` downloads the whole
    filtered list as its API twin shapes it."""
    filters, problems = filters_class.from_query(request.GET)
    queryset = filters.apply(queryset, request.user)
    fmt = downloads.wanted(request)
    if export and fmt:
        schema, name = export[0], export[1]
        sources = export[2] if len(export) > 2 else True
        return downloads.response(queryset, schema, name, fmt, sources)
    try:
        page = paginate(queryset, request.GET.get("page"), request.GET.get("page_size"))
    except PageError as exc:
        problems.append(str(exc))
        page = paginate(queryset, 1)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = {"page": page, "filters": filters, "problems": problems, "query": query.urlencode()}
    context["downloads"] = bool(export)
    return render(request, template, {**context, **(extra or {})})
