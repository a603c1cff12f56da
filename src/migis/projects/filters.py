from typing import ClassVar

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from migis.core.collation import collated
from migis.core.filters import IsoCodes, ListFilters, Slugs, visible
from migis.dialogues.models import Dialogue
from migis.frameworks.models import Theme
from migis.geo.models import Country, Region
from migis.geo.regions import country_in_region_q, region_codes
from migis.organisations.models import Organisation
from migis.projects.models import Project


class ProjectFilters(ListFilters):
    labels: ClassVar[dict] = {
        "region": _("Region"), "country": _("State"), "theme": _("Theme"), "donor": _("Donor"),
        "dialogue": _("Dialogue"), "year": _("Year"), "q": _("Search"),
    }  # fmt: skip
    region: str | None = Field(None, pattern=r"^\d{3}$", description="UN M49 region code, e.g. 002 (Africa)")
    country: IsoCodes = Field(default_factory=list, description="in one of these states (ISO 3166-1 alpha-3)")
    theme: Slugs = Field(default_factory=list, description="on one of these themes (slugs)")
    donor: Slugs = Field(default_factory=list, description="funded by one of these organisations (slugs)")
    dialogue: Slugs = Field(default_factory=list, description="linked to one of these dialogues (slugs)")
    year: int | None = Field(None, ge=1900, le=2100, description="running in this year")
    q: str | None = Field(None, max_length=200, description="words in the acronym, title or description")

    def conditions(self, user) -> list[Q]:
        out = []
        if self.region:
            codes = region_codes(self.region, user)
            out.append(Q(regions__code__in=codes) | country_in_region_q("countries__", self.region, user))
        if self.country:
            out.append(Q(countries__in=visible(Country, user, iso3__in=[c.upper() for c in self.country])))
        if self.theme:
            out.append(Q(themes__in=visible(Theme, user, slug__in=self.theme)))
        if self.donor:
            out.append(Q(donors__in=visible(Organisation, user, slug__in=self.donor)))
        if self.dialogue:
            out.append(Q(dialogues__in=visible(Dialogue, user, slug__in=self.dialogue)))
        if self.year:
            out.append(
                (Q(start_year__lte=self.year) | Q(start_year__isnull=True))
                & (Q(end_year__gte=self.year) | Q(end_year__isnull=True))
                & ~Q(start_year__isnull=True, end_year__isnull=True)
            )
        if self.q:
            for word in self.q.split()[:8]:
                out.append(
                    Q(acronym__icontains=word) | Q(title__icontains=word) | Q(description__icontains=word)
                )
        return out


def filter_choices(user, donors: bool = True) -> dict:
    """The options of the filter forms of projects and events, each list scoped like the records, names in
    the reader's language and order; donors only where the list has them (projects)."""
    funders = (
        Organisation.objects.visible_to(user)
        .filter(funded_projects__in=Project.objects.visible_to(user))
        .distinct()
    )
    return {
        "regions": Region.objects.visible_to(user).exclude(level=Region.Level.INTERMEDIATE).order_by("code"),
        "country_choices": collated(Country.objects.visible_to(user), key=lambda c: c.name),
        "themes": collated(Theme.objects.visible_to(user), key=lambda t: t.name),
        "donors": collated(funders, key=lambda o: o.name) if donors else None,
        "dialogue_choices": collated(Dialogue.objects.visible_to(user), key=lambda d: d.name),
    }
