import datetime

from django.http import Http404
from ninja import Query, Router, Schema

from migis.core.api import PageParams, list_response
from migis.core.schemas import CountryRef, ErrorOut, Names, Sourced, SourceOut, names, paged
from migis.organisations.models import Organisation
from migis.organisations.services import current_members

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    acronym: str
    acronyms: dict[str, str]
    name: Names
    kind: str
    founded: int | None
    website: str
    url: str

    @staticmethod
    def resolve_name(obj):
        return names(obj)

    @staticmethod
    def resolve_website(obj):
        return obj.url

    @staticmethod
    def resolve_url(obj):
        return f"/api/organisations/{obj.slug}"


class OrganisationDetailOut(OrganisationOut, Sourced):
    aliases: dict[str, list[str]]
    member_states: list[CountryRef]
    member_states_as_of: datetime.date | None
    source: SourceOut | None

    @staticmethod
    def resolve_member_states(obj):
        return [m.country for m in obj.current_members]

    @staticmethod
    def resolve_member_states_as_of(obj):
        return obj.current_members_as_of


@router.get("/organisations", response={200: paged(OrganisationOut, "OrganisationList"), 400: ErrorOut})
def list_organisations(request, paging: Query[PageParams]):
    qs = Organisation.objects.visible_to(request.user).order_by("slug")
    return list_response(request, qs, paging, OrganisationOut)


@router.get("/organisations/{slug}", response={200: OrganisationDetailOut, 404: ErrorOut})
def get_organisation(request, slug: str):
    org = Organisation.objects.visible_to(request.user).with_sources().filter(slug=slug).first()
    if org is None:
        raise Http404(f"No organisation {slug!r}.")
    org.current_members, org.current_members_as_of = current_members(org, request.user)
    return org
