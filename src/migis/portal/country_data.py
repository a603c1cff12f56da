"""The Data section of a country profile: every series the reader may see for the state, its latest value
beside the median of its region and of the states it shares dialogues with, a sparkline, and full charts.

Costs five queries: the state's series, its region's states, its dialogues' members, every state's value
of each indicator for the period shown, and the forecasts released (bounded by the states, not by the
values stored).
"""

import statistics
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from migis.core.charts import Chart
from migis.core.scope import reader_for
from migis.dialogues.models import Membership
from migis.geo.models import Country
from migis.indicators.charts import series_chart, source_of
from migis.indicators.models import ForecastRelease, Indicator, Observation
from migis.indicators.services import series_of, visible_observations

SPARK_WIDTH, SPARK_HEIGHT = 120, 24
MAX_CHARTS = 12


@dataclass
class Comparison:
    label: str
    median: float
    states: int


@dataclass
class Series:
    indicator: Indicator
    rows: list[Observation]
    latest: Observation
    source: str
    sparkline: str = ""  # SVG polyline points
    comparisons: list[Comparison] = field(default_factory=list)
    chart: Chart | None = None
    forecast: bool = False  # the reader may open its forecast (officials; others once released)


def sparkline(values: list[float]) -> str:
    """Points of a polyline drawing the values left to right in a SPARK_WIDTH by SPARK_HEIGHT box."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = SPARK_WIDTH / (len(values) - 1)
    return " ".join(
        f"{i * step:.1f},{SPARK_HEIGHT - 2 - (v - low) / span * (SPARK_HEIGHT - 4):.1f}"
        for i, v in enumerate(values)
    )


def _peers(country: Country, user, dialogue_ids: list[int]) -> set[int]:
    rows = (
        Membership.objects.visible_to(user)
        .filter(dialogue_id__in=dialogue_ids)
        .values_list("country_id", flat=True)
    )
    return set(rows) - {country.pk}


def country_data(country: Country, user, dialogue_ids: list[int]) -> list[Series]:
    held = series_of(user, country)
    if not held:
        return []
    peers = _peers(country, user, dialogue_ids)
    region = country.subregion or country.region
    neighbours = (
        set(
            Country.objects.filter(**{"subregion" if country.subregion_id else "region": region}).values_list(
                "pk", flat=True
            )
        )
        - {country.pk}
        if region
        else set()
    )
    series = []
    for indicator, rows in held.items():
        valued = [o for o in rows if o.value is not None]
        if valued:
            series.append(
                Series(
                    indicator,
                    rows,
                    valued[-1],
                    source_of(valued),
                    sparkline([o.value for o in valued if o.value is not None]),
                )
            )
    # Every state's value of each indicator for the period shown, in one query.
    wanted = Q()
    for s in series:
        wanted |= Q(indicator=s.indicator, period=s.latest.period)
    others: dict[tuple, float] = {}
    if series:
        values = visible_observations(user).filter(
            wanted, breakdown="", origin__isnull=True, value__isnull=False
        )
        others = {
            (i, c): v
            for i, c, v in values.values_list("indicator_id", "country_id", "value")
            if v is not None
        }
    released = set(ForecastRelease.objects.filter(country=country).values_list("indicator_id", flat=True))
    everyone = reader_for(user).restricted
    for n, entry in enumerate(series):
        entry.forecast = everyone or entry.indicator.pk in released
        for label, group in (
            (region.name if region else "", neighbours),
            (_("members of its dialogues"), peers),
        ):
            found = [others[(entry.indicator.pk, pk)] for pk in group if (entry.indicator.pk, pk) in others]
            if label and len(found) >= 2:
                entry.comparisons.append(Comparison(label, statistics.median(found), len(found)))
        if n < MAX_CHARTS:
            entry.chart = series_chart(
                entry.indicator,
                [o for o in entry.rows if o.value is not None],
                f"data-{entry.indicator.code}",
            )
    return series
