"""Origin-destination flows of a bilateral indicator (migrants by origin and destination, refugees by
origin and country of asylum), for one state (what comes to it, or what leaves it) or among the members of
a dialogue: ranked, and as lines on the map. One query, bounded by the states at the other end."""

from django.db.models import Max
from django.utils.translation import gettext as _

from migis.indicators.layers import LayerError, source_of_period, value_classes
from migis.indicators.models import Indicator
from migis.indicators.services import visible_indicators, visible_observations

DIRECTIONS = ("in", "out")
MAX_LINES = 40  # the largest flows are drawn; the table holds them all


def bilateral_indicators(user) -> list[Indicator]:
    """The indicators with values by origin: bilateral ones, and totals published by origin (refugees)."""
    codes = (
        visible_observations(user).filter(origin__isnull=False).values_list("indicator", flat=True).distinct()
    )
    return list(visible_indicators(user).filter(pk__in=codes))


def flow_periods(user, indicator: Indicator) -> list[str]:
    rows = visible_observations(user).filter(indicator=indicator, origin__isnull=False, breakdown="")
    return list(
        rows.values("period")
        .annotate(start=Max("period_start"))
        .order_by("start")
        .values_list("period", flat=True)
    )


def flows(
    user, indicator: Indicator, period: str, country: str | None = None, direction: str = "in", members=None
):
    """[(origin iso3, destination iso3, value)], largest first: to or from `country`, or between `members`
    (iso3 codes, a dialogue's member states)."""
    rows = visible_observations(user).filter(
        indicator=indicator, period=period, breakdown="", origin__isnull=False, value__isnull=False
    )
    if country:
        rows = rows.filter(country__iso3=country) if direction == "in" else rows.filter(origin__iso3=country)
    elif members is not None:
        rows = rows.filter(country__iso3__in=members, origin__iso3__in=members)
    found = rows.order_by("-value").values_list("origin__iso3", "country__iso3", "value")
    return [(o, d, float(v)) for o, d, v in found[:2000] if v is not None]


def flows_layer(user, code, period=None, country=None, direction=None, members=None, label="") -> dict:
    """A map layer: the states at the other end coloured by their flow, and lines for the largest flows."""
    indicator = visible_indicators(user).filter(code=code).first() if code else None
    if indicator is None:
        raise LayerError(_("no indicator %(code)r") % {"code": code})
    direction = direction or "in"
    if direction not in DIRECTIONS:
        raise LayerError(f"unknown direction {direction!r}; choose in or out")
    if not country and members is None:
        raise LayerError(_("the flows layer needs ?country=<ISO3> or ?dialogue=<slug>"))
    periods = flow_periods(user, indicator)
    if period and period not in periods:
        raise LayerError(
            _("%(indicator)s has no values for %(period)s") % {"indicator": code, "period": period}
        )
    period = period or (periods[-1] if periods else None)
    lines = flows(user, indicator, period, country, direction, members) if period else []
    if country:
        values = {(o if direction == "in" else d): v for o, d, v in lines}
    else:
        values = {}
        for _o, d, v in lines:  # between members: what each member receives from the others
            values[d] = values.get(d, 0.0) + v
    if country:
        title = (
            _("%(indicator)s to %(place)s") if direction == "in" else _("%(indicator)s from %(place)s")
        ) % {
            "indicator": indicator.name,
            "place": label or country,
        }
    else:
        title = _("%(indicator)s between the members of %(place)s") % {
            "indicator": indicator.name,
            "place": label,
        }
    return {
        "layer": "flows",
        "kind": "value",
        "title": f"{title} ({period})" if period else title,
        "unit": indicator.unit,
        "indicator": indicator.code,
        "period": period,
        "periods": periods,
        "method": "natural",
        "decimals": indicator.decimals,
        "classes": value_classes(values.values()),
        "values": values,
        "flows": [[o, d, v] for o, d, v in lines[:MAX_LINES]],
        "flows_all": [[o, d, v] for o, d, v in lines],
        "focus": country,
        "direction": direction,
        "notice": None if lines else _("No flows are held for this choice."),
        "source": source_of_period(user, indicator, period) if period else "",
    }
