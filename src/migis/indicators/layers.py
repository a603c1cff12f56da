"""One indicator on the world map: a value per state for a period, with classes that suit skewed data.

Statistics are skewed (a few states host most migrants): equal steps would put nearly every state in the
lowest class. Three ways to cut them: natural breaks (Fisher-Jenks, the least squared deviation within
classes), quantiles (as many states in each class) and logarithmic steps (each class ten-fold or so the
one before, for values spread over several orders of magnitude).
"""

import math
from collections.abc import Iterable

from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from migis.indicators.models import Indicator
from migis.indicators.services import visible_indicators, visible_observations

CLASS_COUNT = 5
METHODS = ("natural", "quantile", "log")
# per: the variants offered where the population is held, and how they read.
PER = {"capita": 1000.0}  # per 1,000 inhabitants
POPULATION = "population"


class LayerError(ValueError):
    pass


def _natural(xs: list[float], k: int) -> list[list[float]]:
    m = len(xs)
    s, q = [0.0], [0.0]
    for x in xs:
        s.append(s[-1] + x)
        q.append(q[-1] + x * x)

    def spread(i, j):
        return q[j] - q[i] - (s[j] - s[i]) ** 2 / (j - i)

    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(k + 1)]
    start = [[0] * (m + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for c in range(1, k + 1):
        for j in range(c, m + 1):
            for i in range(c - 1, j):
                cost = best[c - 1][i] + spread(i, j)
                if cost < best[c][j]:
                    best[c][j], start[c][j] = cost, i
    spans, j = [], m
    for c in range(k, 0, -1):
        spans.append((start[c][j], j))
        j = start[c][j]
    return [[xs[i], xs[j - 1]] for i, j in reversed(spans)]


def _quantile(xs: list[float], k: int) -> list[list[float]]:
    out: list[list[float]] = []
    n = len(xs)
    for c in range(k):
        part = xs[round(c * n / k) : round((c + 1) * n / k)]
        if part and (not out or part[-1] > out[-1][1]):
            low = part[0] if not out or part[0] > out[-1][1] else min(x for x in part if x > out[-1][1])
            out.append([low, part[-1]])
    return out


def _log(xs: list[float], k: int) -> list[list[float]]:
    positive = [x for x in xs if x > 0]
    if len(positive) < len(xs) or not positive:
        raise LayerError(_("logarithmic classes need values above zero; choose natural breaks or quantiles"))
    low, high = math.log10(positive[0]), math.log10(positive[-1])
    if high - low < 1e-9:
        return [[xs[0], xs[-1]]]
    edges = [10 ** (low + (high - low) * c / k) for c in range(k + 1)]
    out = []
    for c in range(k):
        part = [
            x for x in xs if (x >= edges[c] if c == 0 else x > edges[c]) and x <= edges[c + 1] * (1 + 1e-12)
        ]
        if part:
            out.append([part[0], part[-1]])
    return out


def value_classes(
    values: Iterable[float], method: str = "natural", k: int = CLASS_COUNT
) -> list[list[float]]:
    """[lowest, highest] of each class, in order; the classes hold every value."""
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return []
    k = min(k, len(set(xs)))
    if method == "quantile":
        return _quantile(xs, k)
    if method == "log":
        return _log(xs, k)
    if method == "natural":
        return _natural(xs, k)
    raise LayerError(f"unknown classes {method!r}; choose one of {', '.join(METHODS)}")


def country_values(user, indicator: Indicator, period: str) -> dict[str, float]:
    """{iso3: value} of the totals (no breakdown) for `period`; where a state has only values by origin
    (UNHCR publishes refugees by origin and asylum), their sum."""
    rows = visible_observations(user).filter(
        indicator=indicator, period=period, breakdown="", value__isnull=False
    )
    totals = dict(rows.filter(origin__isnull=True).values_list("country__iso3", "value"))
    by_origin = rows.filter(origin__isnull=False).exclude(country__iso3__in=list(totals))
    totals.update(
        by_origin.values("country__iso3").annotate(v=Sum("value")).values_list("country__iso3", "v")
    )
    return {iso3: float(v) for iso3, v in totals.items() if v is not None}


def periods_of(user, indicator: Indicator) -> list[str]:
    """The periods with values, oldest first."""
    rows = visible_observations(user).filter(indicator=indicator, breakdown="")
    return list(
        rows.values("period")
        .annotate(start=Max("period_start"))
        .order_by("start")
        .values_list("period", flat=True)
    )


def indicator_layer(user, code: str | None, period: str | None, method: str | None, per: str | None) -> dict:
    if not code:
        raise LayerError(_("the indicator layer needs ?indicator=<code>"))
    indicator = visible_indicators(user).filter(code=code).first()
    if indicator is None:
        raise LayerError(_("no indicator %(code)r") % {"code": code})
    method = method or "natural"
    if method not in METHODS:
        raise LayerError(f"unknown classes {method!r}; choose one of {', '.join(METHODS)}")
    periods = periods_of(user, indicator)
    if period and period not in periods:
        raise LayerError(
            _("%(indicator)s has no values for %(period)s") % {"indicator": indicator.code, "period": period}
        )
    period = period or (periods[-1] if periods else None)
    values = country_values(user, indicator, period) if period else {}
    notice = None if values else _("No values are held for this indicator.")
    unit = indicator.unit
    if per:
        if per not in PER:
            raise LayerError(f"unknown variant {per!r}; choose one of {', '.join(PER)}")
        population = visible_indicators(user).filter(code=POPULATION).first()
        people = country_values(user, population, period) if population and period else {}
        values = {iso3: v / people[iso3] * PER[per] for iso3, v in values.items() if people.get(iso3)}
        unit = _("%(unit)s per 1,000 inhabitants") % {"unit": unit}
        if not values and not notice:
            notice = _("No population is held for these states in %(period)s.") % {"period": period}
    return {
        "layer": "indicator",
        "kind": "value",
        "title": f"{indicator.name} ({period})" if period else indicator.name,
        "unit": unit,
        "indicator": indicator.code,
        "period": period,
        "periods": periods,
        "method": method,
        "per": per or None,
        "decimals": 1 if per else indicator.decimals,
        "classes": value_classes(values.values(), method),
        "values": values,
        "notice": notice,
        "source": source_of_period(user, indicator, period) if period else "",
    }


def source_of_period(user, indicator: Indicator, period: str) -> str:
    """Publisher, title and edition of the current datasets holding the indicator's values for `period`."""
    rows = (
        visible_observations(user)
        .filter(indicator=indicator, period=period)
        .values_list(
            "version__dataset__publisher",
            "version__dataset__title",
            "version__edition",
            "version__dataset__illustrative",
        )
        .distinct()[:5]
    )
    out = []
    for publisher, title, edition, illustrative in rows:
        text = ", ".join(x for x in (publisher, title, edition) if x)
        out.append(text + (" — " + _("illustrative, not real") if illustrative else ""))
    return "; ".join(sorted(out))
