from django.http import Http404
from ninja import Router, Schema

from migis.core.api import list_response
from migis.core.schemas import ErrorOut, Names, SourceOut, paged
from migis.core.serialize import country_ref, names, source
from migis.organisations.models import Organisation

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    acronym: str
    acronyms: dict
    name: Names
    kind: str
    founded: int | None
    website: str
    url: str


class OrganisationDetailOut(OrganisationOut):
    aliases: dict
    member_states: list[dict]
    member_states_as_of: str | None
    source: SourceOut | None


def organisation_out(o) -> dict:
    return {
        "slug": o.slug,
        "acronym": o.acronym,
        "acronyms": o.acronyms,
        "name": names(o),
        "kind": o.kind,
        "founded": o.founded,
        "website": o.url,
        "url": f"/api/organisations/{o.slug}",
    }


@router.get("/organisations", response={200: paged(OrganisationOut, "OrganisationList"), 400: ErrorOut})
def list_organisations(request, page: int = 1, page_size: int = 50):
    qs = Organisation.objects.visible_to(request.user).order_by("slug")
    return list_response(request, qs, organisation_out, page, page_size)


@router.get("/organisations/{slug}", response={200: OrganisationDetailOut, 404: ErrorOut})
def get_organisation(request, slug: str):
    from migis.organisations.services import current_members

    org = Organisation.objects.visible_to(request.user).filter(slug=slug).first()
    if org is None:
        raise Http404(f"No organisation {slug!r}.")
    members, as_of = current_members(org, request.user)
    return {
        **organisation_out(org),
        "aliases": org.aliases,
        "member_states": [country_ref(m.country) for m in members],
        "member_states_as_of": as_of.isoformat() if as_of else None,
        "source": source(org, request.user),
    }
