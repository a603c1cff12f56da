from typing import ClassVar

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from migis.core.filters import IsoCodes, ListFilters, Slugs, visible
from migis.dialogues.models import Dialogue
from migis.frameworks.models import Theme
from migis.geo.models import Country
from migis.geo.regions import country_in_region_q


class EventFilters(ListFilters):
    labels: ClassVar[dict] = {
        "region": _("Region"), "country": _("State"), "theme": _("Theme"), "dialogue": _("Dialogue"),
        "year": _("Year"), "kind": _("Kind"), "q": _("Search"),
    }  # fmt: skip
    region: str | None = Field(None, pattern=r"^\d{3}$", description="UN M49 region code of the host country")
    country: IsoCodes = Field(
        default_factory=list, description="hosted by or attended by one of these states (ISO3)"
    )
    theme: Slugs = Field(default_factory=list, description="on one of these themes (slugs)")
    dialogue: Slugs = Field(default_factory=list, description="of one of these dialogues (slugs)")
    year: int | None = Field(None, ge=1900, le=2100, description="year the event started")
    kind: str | None = Field(None, max_length=40, description="kind of event, e.g. webinar")
    q: str | None = Field(None, max_length=200, description="words in the title or description")

    def conditions(self, user) -> list[Q]:
        out = []
        if self.region:
            out.append(country_in_region_q("country__", self.region, user))
        if self.country:
            countries = visible(Country, user, iso3__in=[c.upper() for c in self.country])
            out.append(Q(country__in=countries) | Q(participant_countries__in=countries))
        if self.theme:
            out.append(Q(themes__in=visible(Theme, user, slug__in=self.theme)))
        if self.dialogue:
            out.append(Q(dialogue__in=visible(Dialogue, user, slug__in=self.dialogue)))
        if self.year:
            out.append(Q(start_date__year=self.year))
        if self.kind:
            out.append(Q(kind=self.kind))
        if self.q:
            for word in self.q.split()[:8]:
                out.append(Q(title__icontains=word) | Q(description__icontains=word))
        return out
