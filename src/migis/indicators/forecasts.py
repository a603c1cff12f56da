"""Forecasts of one state's series, as pages and the API read them: computed from the current values the
reader may see (forecasting.py does the statistics), kept in the cache under the data version, and
readable by everyone only once an editor has released them; officials and above read them before."""

import datetime

from django.core.cache import cache

from migis.core.cache import TIMEOUT, scope
from migis.core.scope import reader_for
from migis.geo.models import Country
from migis.indicators.forecasting import Forecast, forecast
from migis.indicators.models import ForecastRelease, Indicator, Periodicity
from migis.indicators.services import visible_observations

# A series of intervals (UN DESA's rates over 1990-1995) is not forecast: its steps are not periods.
FREQUENCIES: dict[str, str] = {
    Periodicity.ANNUAL: "A",
    Periodicity.FIVE_YEARLY: "5Y",
    Periodicity.HALF_YEARLY: "S",
    Periodicity.QUARTERLY: "Q",
    Periodicity.MONTHLY: "M",
    Periodicity.WEEKLY: "W",
}


def is_released(indicator: Indicator, country: Country) -> bool:
    return ForecastRelease.objects.filter(indicator=indicator, country=country).exists()


def may_read(user, indicator: Indicator, country: Country) -> bool:
    return reader_for(user).restricted or is_released(indicator, country)


def series(user, indicator: Indicator, country: Country) -> list[tuple[str, datetime.date, float]]:
    rows = (
        visible_observations(user)
        .filter(indicator=indicator, country=country, origin__isnull=True, breakdown="", value__isnull=False)
        .exclude(period__regex=r"^\d{4}-\d{4}$")
        .order_by("period_start")
        .values_list("period", "period_start", "value")
    )
    return [(p, start, float(v)) for p, start, v in rows if v is not None]


def forecast_for(user, indicator: Indicator, country: Country) -> Forecast | None:
    """The forecast of the state's series, or None when the reader may not read it yet."""
    if not may_read(user, indicator, country):
        return None
    key = f"forecast:{scope(user)}:{indicator.code}:{country.iso3}"
    found = cache.get(key)
    if found is None:
        frequency = FREQUENCIES.get(str(indicator.periodicity), "A")
        found = forecast(series(user, indicator, country), frequency)
        cache.set(key, found, TIMEOUT)
    return found
