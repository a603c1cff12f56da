"""The shared shape of a filtered, paginated list page."""

from django.shortcuts import render

from migis.core.pagination import PageError, paginate


def list_page(request, template: str, filters_class, queryset, extra: dict | None = None):
    filters, problems = filters_class.from_query(request.GET)
    queryset = filters.apply(queryset, request.user)
    try:
        page = paginate(queryset, request.GET.get("page"), request.GET.get("page_size"))
    except PageError as exc:
        problems.append(str(exc))
        page = paginate(queryset, 1)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "problems": problems, "query": query.urlencode()}
    return render(request, template, {**context, **(extra or {})})
