"""Reading statistics the way every page, the API, exports and map layers do: through the reader scope.

An observation has no visibility of its own: it is visible when its indicator, its dataset and its
country (and origin, for a bilateral value) are, so restricting any of them hides its values everywhere.
Readers see the current version of each dataset unless they name an older one.
"""

from django.db.models import Q, QuerySet

from migis.core.models import CuratedQuerySet
from migis.core.scope import PUBLIC, reader_for, required_paths
from migis.geo.models import Country
from migis.indicators.models import Dataset, DatasetVersion, Indicator, Observation


def visible_indicators(user) -> CuratedQuerySet:
    return Indicator.objects.visible_to(user)


def visible_datasets(user) -> CuratedQuerySet:
    return Dataset.objects.visible_to(user)


def visible_versions(user) -> QuerySet[DatasetVersion]:
    return DatasetVersion.objects.filter(dataset__in=visible_datasets(user))


def _country_q(prefix: str) -> Q:
    return Q(**{f"{prefix}__visibility": PUBLIC}) & Q(
        **{f"{prefix}__{path}__visibility": PUBLIC for path in required_paths(Country)}
    )


def visible_observations(user, current_only: bool = True) -> QuerySet[Observation]:
    qs = Observation.objects.all()
    if current_only:
        qs = qs.filter(version__is_current=True)
    if reader_for(user).restricted:
        return qs
    return qs.filter(
        Q(indicator__visibility=PUBLIC, version__dataset__visibility=PUBLIC)
        & _country_q("country")
        & (Q(origin__isnull=True) | _country_q("origin"))
    )


def catalogue(user) -> list[tuple[Indicator, dict]]:
    """Every indicator `user` may see with what the current versions hold of it (values, states, first and
    last period, datasets), read from the coverage counted at import, not from the values."""
    held: dict[str, dict] = {}
    versions = visible_versions(user).filter(is_current=True).select_related("dataset")
    for version in versions:
        for code, c in (version.coverage or {}).items():
            entry = held.setdefault(
                code, {"values": 0, "countries": 0, "first": None, "last": None, "datasets": []}
            )
            entry["values"] += c["values"]
            entry["countries"] = max(entry["countries"], c["countries"])
            entry["first"] = min(filter(None, (entry["first"], c["first"])))
            entry["last"] = max(filter(None, (entry["last"], c["last"])))
            entry["datasets"].append(version.dataset)
    return [(i, held.get(i.code, {})) for i in visible_indicators(user).with_sources()]


def totals(user, indicator: Indicator):
    """The indicator's values with no breakdown and no origin (a state's total), sources joined."""
    return (
        visible_observations(user)
        .filter(indicator=indicator, breakdown="", origin__isnull=True)
        .select_related("country", "version__dataset")
    )


def ranking(user, indicator: Indicator, period: str) -> list:
    """The states' values for one period, largest first."""
    return list(totals(user, indicator).filter(period=period, value__isnull=False).order_by("-value"))


def series_of(user, country: Country) -> dict[Indicator, list[Observation]]:
    """Every total the reader may see for one state, by indicator, oldest period first."""
    out: dict[Indicator, list[Observation]] = {}
    rows = (
        visible_observations(user)
        .filter(country=country, breakdown="", origin__isnull=True)
        .select_related("indicator", "version__dataset")
        .order_by("indicator__code", "period_start")
    )
    for row in rows:
        out.setdefault(row.indicator, []).append(row)
    return out
