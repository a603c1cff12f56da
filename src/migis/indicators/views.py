"""The statistics pages: the indicator catalogue and one indicator's page (ranking, series, sources)."""

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from migis.core import charts as chart_tools
from migis.core import export as downloads
from migis.indicators import charts, services
from migis.indicators.api import ObservationOut
from migis.indicators.forms import ImportForm
from migis.indicators.importing import ImportError_, import_data
from migis.indicators.layers import periods_of
from migis.indicators.quality import gaps_and_stale, series_outliers


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


@permission_required("indicators.add_datasetversion", raise_exception=True)
def import_page(request):
    """Editors import a statistics file: the same function as `migis import-data`, report on the page."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report, error = None, ""
    if request.method == "POST" and form.is_valid():
        with tempfile.TemporaryDirectory() as folder:
            path = _saved(form.cleaned_data["file"], Path(folder))
            structure = form.cleaned_data["structure"]
            try:
                report = import_data(
                    path,
                    indicator=form.cleaned_data["indicator"] or None,
                    structure=_saved(structure, Path(folder), "structure-") if structure else None,
                    dataset=form.cleaned_data["dataset"] or None,
                    dry_run=form.cleaned_data["dry_run"],
                    only_clean=form.cleaned_data["only_clean"],
                    user=request.user.get_username(),
                )
            except ImportError_ as exc:
                error = str(exc)
    return render(request, "indicators/import.html", {"form": form, "report": report, "error": error})


def _saved(upload, folder: Path, prefix: str = "") -> Path:
    """The upload in a file of its own name (readers recognise layouts by name and content)."""
    path = folder / (prefix + Path(upload.name).name)
    with path.open("wb") as f:
        for chunk in upload.chunks():
            f.write(chunk)
    return path


@permission_required("indicators.change_indicator", raise_exception=True)
def quality_page(request):
    """For editors: outlying changes, gaps and stale series of the current datasets."""
    found = gaps_and_stale(request.user)
    context = {
        "outliers": series_outliers(request.user, limit=100),
        "gaps": found["gaps"][:300],
        "stale": found["stale"][:300],
        "gap_count": len(found["gaps"]),
        "stale_count": len(found["stale"]),
    }
    return render(request, "indicators/quality.html", context)


def forecast_page(request, code: str, iso3: str):
    """One state's series with its forecast, the backtest beside the naive baseline; editors release it."""
    from migis.geo.models import Country
    from migis.indicators import forecasts
    from migis.indicators.models import ForecastRelease

    indicator = services.visible_indicators(request.user).filter(code=code).first()
    country = Country.objects.visible_to(request.user).filter(iso3=iso3.upper()).first()
    if indicator is None or country is None:
        raise Http404("No such series")
    if request.method == "POST":
        if not request.user.has_perm("indicators.add_forecastrelease"):
            raise PermissionDenied("Only editors release forecasts.")
        if request.POST.get("release") == "yes":
            ForecastRelease.objects.get_or_create(
                indicator=indicator, country=country, defaults={"published_by": request.user.get_username()}
            )
        elif request.POST.get("release") == "no":
            ForecastRelease.objects.filter(indicator=indicator, country=country).delete()
        return redirect(request.path)
    found = forecasts.forecast_for(request.user, indicator, country)
    if found is None:
        raise Http404("No forecast of this series has been released")
    history = forecasts.series(request.user, indicator, country)
    chart = charts.forecast_chart(indicator, history, found)
    if request.GET.get("chart"):
        return chart_tools.download(request, [chart] if chart else [], f"forecast-{code}-{country.iso3}")
    context = {
        "indicator": indicator,
        "country": country,
        "found": found,
        "chart": chart,
        "released": forecasts.is_released(indicator, country),
        "can_release": request.user.has_perm("indicators.add_forecastrelease"),
    }
    return render(request, "indicators/forecast.html", context)
