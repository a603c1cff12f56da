from django.http import Http404
from ninja import Router, Schema

from migis.core.api import list_response
from migis.core.models import visible_or_none
from migis.core.schemas import ErrorOut, Names, OrgRef, SourceOut, paged
from migis.core.serialize import country_ref, names, org_ref, source
from migis.dialogues.services import dialogue_page, visible_dialogues

router = Router(tags=["dialogues"])


class DialogueOut(Schema):
    slug: str
    acronym: str
    name: Names
    kind: str
    founded: int | None
    secretariat: OrgRef | None
    url: str
    website: str


class MemberOut(Schema):
    country: dict
    role: str
    since: int | None
    until: int | None
    source: SourceOut | None


class DialogueDetailOut(DialogueOut):
    description: Names
    aliases: dict
    members: list[MemberOut]
    organisations: list[dict]
    chairs: list[dict]
    declarations: list[dict]
    events: list[dict]
    projects: list[dict]
    source: SourceOut | None


def dialogue_out(d, user=None) -> dict:
    secretariat = visible_or_none(d.secretariat, user) if d.secretariat_id else None
    return {
        "slug": d.slug,
        "acronym": d.acronym,
        "name": names(d),
        "kind": d.kind,
        "founded": d.founded,
        "secretariat": org_ref(secretariat) if secretariat else None,
        "url": f"/api/dialogues/{d.slug}",
        "website": d.url,
    }


@router.get(
    "/dialogues", response={200: paged(DialogueOut, "DialogueList"), 400: ErrorOut}, summary="List dialogues"
)
def list_dialogues(request, page: int = 1, page_size: int = 50):
    qs = visible_dialogues(request.user).order_by("slug")
    return list_response(request, qs, lambda d: dialogue_out(d, request.user), page, page_size)


@router.get(
    "/dialogues/{slug}",
    response={200: DialogueDetailOut, 404: ErrorOut},
    summary="A dialogue and its members",
)
def get_dialogue(request, slug: str):
    dialogue = visible_dialogues(request.user).filter(slug=slug).first()
    if dialogue is None:
        raise Http404(f"No dialogue {slug!r}.")
    page = dialogue_page(dialogue, request.user)
    return {
        **dialogue_out(dialogue, request.user),
        "description": names(dialogue, "description"),
        "aliases": dialogue.aliases,
        "members": [
            {
                "country": country_ref(m.country),
                "role": m.role,
                "since": m.since,
                "until": m.until,
                "source": source(m, request.user),
            }
            for m in page.members
        ],
        "organisations": [{**org_ref(p.organisation), "role": p.role} for p in page.organisations],
        "chairs": [
            {
                "country": c.country.iso3 if c.country else None,
                "organisation": c.organisation.slug if c.organisation else None,
                "start": c.start,
                "end": c.end,
            }
            for c in page.chairs
        ],
        "declarations": [
            {"title": d.title, "kind": d.kind, "year": d.year, "place": d.place} for d in page.declarations
        ],
        "events": [
            {"key": e.key, "title": e.title, "start_date": e.start_date.isoformat()} for e in page.events
        ],
        "projects": [{"slug": p.slug, "acronym": p.acronym, "title": p.title} for p in page.projects],
        "source": source(dialogue, request.user),
    }
