"""Filters of the observations list: one definition for the API and the pages."""

from typing import ClassVar

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from migis.core.filters import IsoCodes, ListFilters, Slugs, visible
from migis.geo.models import Country
from migis.indicators import periods

PERIOD = r"^\d{4}([- ]?([SHQ]\d|M?\d{2}|W\d{2}|\d{4}))?$"


def _start(text: str, field: str):
    try:
        return periods.parse(text, today=periods.datetime.date.max).start
    except periods.PeriodError as e:
        raise ValueError(f"{field}: {e}") from e


class ObservationFilters(ListFilters):
    labels: ClassVar[dict] = {
        "indicator": _("Indicator"), "country": _("State"), "origin": _("Origin"),
        "destination": _("Destination"), "period": _("Period"), "since": _("From"), "until": _("Until"),
        "dataset": _("Dataset"), "breakdown": _("Breakdown"),
    }  # fmt: skip
    indicator: Slugs = Field(default_factory=list, description="indicator codes (see /api/indicators)")
    country: IsoCodes = Field(
        default_factory=list,
        description="states the values are about (ISO3); for bilateral values, either end",
    )
    origin: IsoCodes = Field(default_factory=list, description="origin states of bilateral values (ISO3)")
    destination: IsoCodes = Field(
        default_factory=list, description="destination states of bilateral values (ISO3)"
    )
    period: str | None = Field(
        None, pattern=PERIOD, description="one period: 2019, 2019-Q1, 2019-03, 2020-W53"
    )
    since: str | None = Field(None, pattern=PERIOD, description="periods starting on or after this one")
    until: str | None = Field(None, pattern=PERIOD, description="periods starting on or before this one")
    dataset: Slugs = Field(default_factory=list, description="dataset slugs")
    breakdown: str | None = Field(
        None,
        max_length=120,
        pattern=r"^(total|[a-z_]+=[^;=]+(;[a-z_]+=[^;=]+)*)$",
        description="a disaggregation such as sex=F or age=Y15-64;sex=M; 'total' for totals only",
    )

    def apply(self, queryset, user):
        # Every join here follows a foreign key forward: no row is repeated, and DISTINCT over millions
        # of values would cost more than the page.
        for condition in self.conditions(user):
            queryset = queryset.filter(condition)
        return queryset

    def conditions(self, user) -> list[Q]:
        out = []
        if self.indicator:
            out.append(Q(indicator__code__in=self.indicator))
        if self.country:
            countries = visible(Country, user, iso3__in=[c.upper() for c in self.country])
            out.append(Q(country__in=countries) | Q(origin__in=countries))
        if self.origin:
            out.append(Q(origin__in=visible(Country, user, iso3__in=[c.upper() for c in self.origin])))
        if self.destination:
            out.append(
                Q(
                    origin__isnull=False,
                    country__in=visible(Country, user, iso3__in=[c.upper() for c in self.destination]),
                )
            )
        if self.period:
            out.append(Q(period=periods.parse(self.period, today=periods.datetime.date.max).code))
        if self.since:
            out.append(Q(period_start__gte=_start(self.since, "since")))
        if self.until:
            out.append(Q(period_start__lte=_start(self.until, "until")))
        if self.dataset:
            out.append(Q(version__dataset__slug__in=self.dataset))
        if self.breakdown:
            out.append(Q(breakdown="" if self.breakdown == "total" else self.breakdown))
        return out
