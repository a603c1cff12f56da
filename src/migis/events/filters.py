from django.db.models import Q
from pydantic import Field

from migis.core.filters import ListFilters, country_in_region_q
from migis.dialogues.models import Dialogue
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
            out.append(country_in_region_q("country__", self.region))
        if self.country:
            code = self.country.upper()
            out.append(Q(country__iso3=code) | Q(participant_countries__iso3=code))
        if self.theme:
            out.append(Q(themes__slug=self.theme))
        if self.donor:
            projects = Project.objects.visible_to(user).filter(donors__slug=self.donor)
            out.append(Q(project__in=projects))
        if self.dialogue:
            out.append(Q(dialogue__in=Dialogue.objects.visible_to(user).filter(slug=self.dialogue)))
        if self.year:
            out.append(Q(start_date__year=self.year))
        if self.kind:
            out.append(Q(kind=self.kind))
        if self.q:
            for word in self.q.split()[:8]:
                out.append(Q(title__icontains=word) | Q(description__icontains=word))
        return out
