"""The country profile, assembled in a fixed number of queries whatever the number of related records.

Sections follow the "Migration Profile Light" template of the regional dialogues: actors, legal and
policy framework, cooperation, projects and initiatives, data, challenges. Only sections with content
are shown.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from migis.core.charts import by_section
from migis.core.collation import collated
from migis.dialogues.models import ROLE_RANK, Chairmanship, Declaration, Dialogue, Membership
from migis.documents.services import documents_mentioning, source_documents
from migis.events.models import Event
from migis.geo.models import Country
from migis.organisations.services import current_memberships_of
from migis.portal.charts import profile_charts
from migis.portal.country_data import country_data
from migis.projects.models import Project

LIMIT = 20  # projects and events listed on a profile

SECTIONS = [
    ("actors", _("Actors")),
    ("framework", _("Legal and policy framework")),
    ("cooperation", _("Cooperation")),
    ("projects", _("Projects and initiatives")),
    ("data", _("Data")),
    ("challenges", _("Challenges")),
    ("documents", _("Documents")),
]


@dataclass
class DialogueRole:
    dialogue: Dialogue
    roles: list = field(default_factory=list)  # Membership rows, strongest first
    chairs: list = field(default_factory=list)  # Chairmanship rows

    @property
    def since(self):
        years = [m.since for m in self.roles if m.since]
        return min(years) if years else None

    @property
    def until(self):
        years = [m.until for m in self.roles if m.until]
        return max(years) if years and all(m.until for m in self.roles) else None

    @property
    def listed_as_of(self):
        """The date of the newest source that lists the state in the dialogue: the period's stand-in
        where the years it joined and left are not recorded."""
        dates = [m.as_of for m in self.roles if m.as_of]
        return max(dates) if dates else None


@dataclass
class CountryProfile:
    country: Country
    organisations: list
    dialogues: list
    declarations: list
    projects: list
    events: list
    documents: list
    more_projects: bool = False
    more_events: bool = False
    mentioned_in: list = field(default_factory=list)
    data: list = field(default_factory=list)  # country_data.Series, one per indicator held

    @cached_property
    def charts(self) -> list:
        """The profile's charts (its dialogues over time, its projects by theme, its statistics), from the
        rows above."""
        return profile_charts(self) + [s.chart for s in self.data if s.chart]

    @cached_property
    def charts_in(self) -> dict[str, list]:
        """The charts by section (dialogues, projects), for the template."""
        return by_section(self.charts)

    @property
    def chaired(self) -> bool:
        """Whether the state chaired any of its dialogues (else the table has no Chair column)."""
        return any(r.chairs for r in self.dialogues)

    @property
    def sections(self) -> list[tuple[str, str | Promise]]:
        content = {
            "actors": self.organisations,
            "framework": self.declarations,
            "cooperation": self.dialogues or self.events,
            "projects": self.projects,
            "data": self.data,
            "challenges": [],
            "documents": self.documents or self.mentioned_in,
        }
        return [(key, title) for key, title in SECTIONS if content[key]]


def get_country(code: str, user) -> Country | None:
    return (
        Country.objects.visible_to(user)
        .select_related("region", "subregion", "intermediate_region")
        .with_sources()
        .filter(iso3=code.upper())
        .first()
    )


def dialogue_roles(country: Country, user) -> list[DialogueRole]:
    # The reader scope keeps out memberships and chairs of dialogues `user` may not see.
    by_dialogue: dict[int, DialogueRole] = {}
    memberships = (
        Membership.objects.visible_to(user).filter(country=country).select_related("dialogue").with_sources()
    )
    for m in memberships:
        by_dialogue.setdefault(m.dialogue_id, DialogueRole(m.dialogue)).roles.append(m)
    chairs = (
        Chairmanship.objects.visible_to(user)
        .filter(country=country)
        .select_related("dialogue")
        .with_sources()
    )
    for c in chairs:
        by_dialogue.setdefault(c.dialogue_id, DialogueRole(c.dialogue)).chairs.append(c)
    for entry in by_dialogue.values():
        entry.roles.sort(key=lambda m: -ROLE_RANK[m.role])
    return collated(by_dialogue.values(), key=lambda e: e.dialogue.name)


def country_profile(country: Country, user, charts: bool = False) -> CountryProfile:
    """The profile of `country` as `user` may see it; with `charts` (the page), the projects come with their
    themes (scoped like them), which the profile's chart counts, and the Data section with its series
    (the API gives the values at /api/observations?country=)."""
    roles = dialogue_roles(country, user)
    dialogue_ids = [r.dialogue.pk for r in roles]
    organisations = current_memberships_of(country, user)
    declarations = list(
        Declaration.objects.visible_to(user)
        .filter(dialogue_id__in=dialogue_ids)
        .select_related("dialogue")
        .with_sources()
    )
    # One more than is shown: enough to know whether to offer the full list.
    projects_qs = (
        Project.objects.visible_to(user).filter(countries=country).order_by("-start_year", "acronym")
    )
    if charts:
        projects_qs = projects_qs.prefetch_related("themes")
    projects = list(projects_qs[: LIMIT + 1])
    events = list(
        Event.objects.visible_to(user)
        .filter(Q(country=country) | Q(participant_countries=country))
        .distinct()
        .select_related("country")
        .order_by("-start_date")[: LIMIT + 1]
    )
    # The sources of the facts shown on the profile.
    documents = source_documents(
        user,
        [country],
        organisations,
        [m for r in roles for m in r.roles + r.chairs],
        projects[:LIMIT],
        events[:LIMIT],
    )
    return CountryProfile(
        data=country_data(country, user, dialogue_ids) if charts else [],
        country=country,
        organisations=organisations,
        dialogues=roles,
        declarations=declarations,
        projects=projects[:LIMIT],
        events=events[:LIMIT],
        documents=documents,
        mentioned_in=documents_mentioning(user, "country", country.iso3),
        more_projects=len(projects) > LIMIT,
        more_events=len(events) > LIMIT,
    )
