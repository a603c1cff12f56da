"""A dialogue's page: members by role, chairs, adopted texts, meetings, projects and sources."""

from dataclasses import dataclass
from functools import cached_property

from django.utils.functional import Promise

from migis.core.charts import by_section
from migis.core.collation import collated
from migis.dialogues.models import ROLE_RANK, Dialogue, Membership, OrganisationParticipation, Role
from migis.dialogues.services import MemberListStatement, member_list
from migis.documents.services import documents_mentioning, source_documents
from migis.portal.charts import dialogue_charts

LIMIT = 50  # meetings and projects listed on the page; the lists hold all of them


@dataclass
class DialoguePage:
    dialogue: Dialogue
    members: list  # Membership rows, strongest role first, then by country name
    organisations: list
    chairs: list
    declarations: list
    events: list
    projects: list
    facts: list
    documents: list
    mentioned_in: list
    more_events: bool = False
    more_projects: bool = False
    member_list: MemberListStatement | None = None  # how complete and how recent the member list is

    @property
    def organisations_once(self) -> list:
        """Each organisation once, with its first-listed role."""
        seen: dict[int, OrganisationParticipation] = {}
        for p in self.organisations:
            seen.setdefault(p.organisation_id, p)
        return list(seen.values())

    @cached_property
    def charts(self) -> list:
        """The page's charts (members over time, chairs, meetings, projects), from the rows above."""
        return dialogue_charts(self)

    @cached_property
    def charts_in(self) -> dict[str, list]:
        """The charts by section (members, chairs, meetings, projects), for the template."""
        return by_section(self.charts)

    def members_by_role(self) -> list[tuple[str | Promise, list]]:
        """The member tables: each state once, under its strongest role (a steering-committee member is
        a participant too; the API lists every role)."""
        strongest: dict[int, Membership] = {}
        for m in self.members:  # strongest role first
            strongest.setdefault(m.country_id, m)
        groups: list[tuple[str | Promise, list]] = []
        for role in reversed(Role):
            rows = [m for m in strongest.values() if m.role == role]
            if rows:
                groups.append((role.label, rows))
        return groups


def dialogue_page(dialogue: Dialogue, user, charts: bool = False) -> DialoguePage:
    """`dialogue` comes from a `visible_to(user)` queryset: its related lists are scoped to the reader
    (a membership of a hidden state, a chair held by a hidden organisation are left out). With `charts`,
    the projects come with their themes and donors, which the page's charts count."""
    members = collated(
        dialogue.memberships.select_related("country").with_sources(), key=lambda m: m.country.name
    )
    members.sort(key=lambda m: -ROLE_RANK[m.role])  # strongest role first, alphabetical within a role
    chairs = [
        c for c in dialogue.chairmanships.select_related("country", "organisation").with_sources() if c.holder
    ]
    organisations = list(dialogue.organisation_participations.select_related("organisation").with_sources())
    declarations = list(dialogue.declarations.with_sources())
    events = list(dialogue.events.select_related("country").order_by("-start_date")[: LIMIT + 1])
    projects_qs = dialogue.projects.order_by("-start_year", "acronym")
    if charts:  # scoped like the projects: a hidden theme or donor is not counted
        projects_qs = projects_qs.prefetch_related("themes", "donors")
    projects = list(projects_qs[: LIMIT + 1])
    facts = list(dialogue.facts.with_sources())
    documents = source_documents(
        user, [dialogue], members, chairs, declarations, events[:LIMIT], projects[:LIMIT], facts
    )
    return DialoguePage(
        dialogue,
        members,
        organisations,
        chairs,
        declarations,
        events[:LIMIT],
        projects[:LIMIT],
        facts,
        documents,
        documents_mentioning(user, "dialogue", dialogue.slug),
        more_events=len(events) > LIMIT,
        more_projects=len(projects) > LIMIT,
        member_list=member_list(dialogue),
    )
