"""The statistics charts, made by the project's chart conventions (docs/charts.md): a ranking of states
for one period, and one state's series over time."""

from django.utils.translation import gettext as _

from migis.core.charts import Chart, Column, bars
from migis.indicators.models import Indicator, Observation

TOP = 25  # a ranking chart shows the largest values; its table and CSV hold every state


def source_of(rows: list[Observation]) -> str:
    """Publisher, title and edition of the datasets the rows come from, "illustrative" when generated."""
    seen = []
    for o in rows:
        d, v = o.version.dataset, o.version
        text = ", ".join(
            x for x in (d.publisher, d.title, v.edition and _("edition %(e)s") % {"e": v.edition}) if x
        )
        if d.illustrative:
            text += " — " + _("illustrative, not real")
        if text not in seen:
            seen.append(text)
    return "; ".join(seen)


def _value(o: Observation, decimals: int):
    value = o.value or 0.0  # rows without a value are left out before
    return round(value, decimals) if decimals else round(value)


def ranking_chart(indicator: Indicator, period: str | None, ranked: list[Observation]) -> Chart | None:
    if not ranked or not period:
        return None
    rows = [{"state": o.country.name, "value": _value(o, indicator.decimals)} for o in ranked]
    chart = bars(
        "ranking",
        _("%(indicator)s, %(period)s") % {"indicator": indicator.name, "period": period},
        rows[:TOP],
        Column("state", _("State")),
        Column("value", indicator.unit, number=True),
        unit=indicator.unit,
        source=source_of(ranked),
        note=_("The %(n)s largest values; the table holds every state.") % {"n": TOP}
        if len(rows) > TOP
        else "",
    )
    chart.rows = rows  # the table twin and the CSV hold every state
    return chart


def series_chart(indicator: Indicator, rows: list[Observation], chart_id: str) -> Chart | None:
    values = [o for o in rows if o.value is not None]
    if len(values) < 2:
        return None
    return bars(
        chart_id,
        indicator.name,
        [{"period": o.period, "value": _value(o, indicator.decimals)} for o in values],
        Column("period", _("Period"), number=True),
        Column("value", indicator.unit, number=True),
        time=True,
        unit=indicator.unit,
        source=source_of(values),
    )


def forecast_chart(indicator: Indicator, history: list, found) -> Chart | None:
    """The series and its forecast with the 95% and 80% prediction intervals."""
    from migis.core.charts import band

    if found is None or not found.points:
        return None
    digits = indicator.decimals or 0
    rows = [{"period": p, "value": round(v, digits), "kind": _("observed")} for p, _s, v in history]
    for point in found.points:
        rows.append(
            {
                "period": point["period"],
                "value": round(point["value"], digits),
                "kind": _("forecast"),
                **{k: round(point[k], digits) for k in ("low95", "high95", "low80", "high80")},
            }
        )
    return band(
        "forecast",
        _("%(indicator)s: forecast") % {"indicator": indicator.name},
        rows,
        Column("period", _("Period"), number=True),
        Column("value", indicator.unit, number=True),
        (
            (
                Column("low95", _("95% interval, low"), number=True),
                Column("high95", _("95% interval, high"), number=True),
            ),
            (
                Column("low80", _("80% interval, low"), number=True),
                Column("high80", _("80% interval, high"), number=True),
            ),
        ),
        unit=indicator.unit,
        source=_("forecast by migis (%(model)s) from the values above") % {"model": found.model},
        note=_("Shaded: the 80% and 95% prediction intervals."),
        extra=(Column("kind", _("Kind")),),
    )
