"""A dialogue's page: members by role, chairs, adopted texts, meetings, projects and sources."""

from dataclasses import dataclass

from migis.core.models import is_visible
from migis.dialogues.models import ROLE_RANK, Dialogue, Role
from migis.documents.services import documents_mentioning, source_documents
from migis.organisations.models import Organisation


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

    def members_by_role(self) -> list[tuple[str, list]]:
        groups = []
        for role in reversed(Role):
            rows = [m for m in self.members if m.role == role]
            if rows:
                groups.append((role.label, rows))
        return groups


def visible_dialogues(user):
    return Dialogue.objects.visible_to(user).select_related("secretariat")


def dialogue_page(dialogue: Dialogue, user) -> DialoguePage:
    members = [
        m
        for m in dialogue.memberships.visible_to(user)
        .select_related("country")
        .with_sources()
        .order_by("country__name_en")
        if is_visible(m.country, user)
    ]
    members.sort(key=lambda m: -ROLE_RANK[m.role])
    chairs = [
        c
        for c in dialogue.chairmanships.visible_to(user)
        .select_related("country", "organisation")
        .with_sources()
        if is_visible(c.holder, user)
    ]
    organisations = list(
        dialogue.organisation_participations.visible_to(user)
        .filter(organisation__in=Organisation.objects.visible_to(user))
        .select_related("organisation")
    )
    declarations = list(dialogue.declarations.visible_to(user).with_sources())
    events = list(dialogue.events.visible_to(user).select_related("country").order_by("-start_date"))
    projects = list(dialogue.projects.visible_to(user))
    facts = list(dialogue.facts.visible_to(user).with_sources())
    documents = source_documents(user, [dialogue], members, chairs, declarations, events, projects, facts)
    mentioned_in = documents_mentioning(user, "dialogue", dialogue.slug)
    return DialoguePage(
        dialogue,
        members,
        organisations,
        chairs,
        declarations,
        events,
        projects,
        facts,
        documents,
        mentioned_in,
    )
