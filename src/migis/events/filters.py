from django.db.models import Q
from pydantic import Field

from migis.core.filters import ListFilters, visible
from migis.dialogues.models import Dialogue
from migis.frameworks.models import Theme
from migis.geo.models import Country
from migis.geo.regions import country_in_region_q
from migis.organisations.models import Organisation
from migis.projects.models import Project


class EventFilters(ListFilters):
    region: str | None = Field(None, pattern=r"^\d{3}$", description="UN M49 region code of the host country")
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{3}$", description="host or participating country (ISO3)"
    )
    theme: str | None = Field(None, max_length=80, description="theme slug")
    donor: str | None = Field(
        None, max_length=80, description="donor of the event's project (organisation slug)"
    )
    dialogue: str | None = Field(None, max_length=80, description="dialogue slug")
    year: int | None = Field(None, ge=1900, le=2100, description="year the event started")
    kind: str | None = Field(None, max_length=40, description="kind of event, e.g. webinar")
    q: str | None = Field(None, max_length=200, description="words in the title or description")

    def conditions(self, user) -> list[Q]:
        out = []
        if self.region:
            out.append(country_in_region_q("country__", self.region, user))
        if self.country:
            countries = visible(Country, user, iso3=self.country.upper())
            out.append(Q(country__in=countries) | Q(participant_countries__in=countries))
        if self.theme:
            out.append(Q(themes__in=visible(Theme, user, slug=self.theme)))
        if self.donor:
            donors = visible(Organisation, user, slug=self.donor)
            out.append(Q(project__in=visible(Project, user, donors__in=donors)))
        if self.dialogue:
            out.append(Q(dialogue__in=visible(Dialogue, user, slug=self.dialogue)))
        if self.year:
            out.append(Q(start_date__year=self.year))
        if self.kind:
            out.append(Q(kind=self.kind))
        if self.q:
            for word in self.q.split()[:8]:
                out.append(Q(title__icontains=word) | Q(description__icontains=word))
        return out
