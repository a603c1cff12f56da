"""The statistics pages: the indicator catalogue and one indicator's page (ranking, series, sources)."""

from django.http import Http404
from django.shortcuts import render

from migis.core import charts as chart_tools
from migis.core import export as downloads
from migis.indicators import charts, services
from migis.indicators.api import ObservationOut
from migis.indicators.layers import periods_of


def indicator_list(request):
    rows = services.catalogue(request.user)
    return render(request, "indicators/indicator_list.html", {"rows": rows})


def indicator_detail(request, code: str):
    indicator = services.visible_indicators(request.user).with_sources().filter(code=code).first()
    if indicator is None:
        raise Http404(f"No indicator {code}")
    periods = periods_of(request.user, indicator)
    period = request.GET.get("period") or (periods[-1] if periods else None)
    if period and period not in periods:
        raise Http404(f"{code} has no values for {period}")
    ranked = services.ranking(request.user, indicator, period) if period else []
    page_charts = [c for c in (charts.ranking_chart(indicator, period, ranked),) if c]
    if request.GET.get("chart"):
        return chart_tools.download(request, page_charts, f"indicator-{code}")
    if fmt := downloads.wanted(request):
        return downloads.response(ranked, ObservationOut, f"{code}-{period}", fmt, sources=False)
    context = {
        "indicator": indicator,
        "period": period,
        "periods": periods,
        "ranked": ranked,
        "charts": page_charts,
        "datasets": sorted({o.version.dataset for o in ranked}, key=lambda d: d.title),
        "versions": sorted({o.version for o in ranked}, key=lambda v: (v.dataset.title, v.number)),
    }
    return render(request, "indicators/indicator_detail.html", context)
