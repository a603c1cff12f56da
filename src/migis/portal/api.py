"""API twins of the portal's pages: countries and their profiles, the map layers, a dialogue's page.
Profiles and layers are cached as JSON under the reader scope, validated by their schema when made."""

import datetime
from typing import Literal

from django.db.models import Q
from django.http import Http404
from ninja import Field, Query, Router, Schema

from migis.core.api import PageParams, cached_json, list_response
from migis.core.api_errors import error_response
from migis.core.schemas import (
    CountryRef,
    ErrorOut,
    Names,
    OrgRef,
    RegionOut,
    Sourced,
    SourceOut,
    names,
    paged,
)
from migis.dialogues.api import DialogueOut
from migis.dialogues.models import Dialogue, Membership
from migis.dialogues.services import visible_dialogues
from migis.geo.models import Country
from migis.geo.regions import country_in_region_q
from migis.portal import maps
from migis.portal.dialogue_page import dialogue_page
from migis.portal.profiles import country_profile, get_country

router = Router(tags=["countries"])


class CountryOut(Schema):
    iso3: str
    iso2: str
    numeric: str
    name: Names
    official_name: Names
    region: RegionOut | None
    subregion: RegionOut | None
    intermediate_region: RegionOut | None
    url: str

    @staticmethod
    def resolve_name(obj):
        return names(obj)

    @staticmethod
    def resolve_official_name(obj):
        return names(obj, "official_name")

    @staticmethod
    def resolve_url(obj):
        return f"/api/countries/{obj.iso3}"


class CountryFilters(Schema):
    region: str | None = Field(None, pattern=r"^\d{3}$", description="UN M49 region code")
    dialogue: str | None = Field(None, max_length=80, description="dialogue slug: states taking part in it")
    q: str | None = Field(None, max_length=100, description="part of the name in any language")


class DialogueRoleOut(Schema):
    slug: str
    name: str
    roles: list[str]
    since: int | None
    until: int | None
    chaired: list[str]

    @staticmethod
    def resolve_slug(obj):
        return obj.dialogue.slug

    @staticmethod
    def resolve_name(obj):
        return obj.dialogue.name_en

    @staticmethod
    def resolve_roles(obj):
        return [m.role for m in obj.roles]

    @staticmethod
    def resolve_chaired(obj):
        return [f"{c.start}-{c.end or ''}".rstrip("-") for c in obj.chairs]


class ProjectBrief(Schema):
    slug: str
    acronym: str
    title: str


class EventBrief(Schema):
    key: str
    title: str
    start_date: datetime.date


class DocumentBrief(Schema):
    key: str
    title: str
    year: int | None


class MentioningDocument(DocumentBrief):
    kind: str
    published: datetime.datetime | None
    passage: str
    mention_count: int


class CountryDetailOut(CountryOut, Sourced):
    aliases: dict[str, list[str]]
    organisations: list[OrgRef]
    dialogues: list[DialogueRoleOut]
    projects: list[ProjectBrief] = Field(description="the newest few; `projects_url` lists all of them")
    projects_url: str
    events: list[EventBrief] = Field(description="the newest few; `events_url` lists all of them")
    events_url: str
    documents: list[DocumentBrief] = Field(description="the sources of the facts in this profile")
    mentioned_in: list[MentioningDocument] = Field(description="the newest documents that mention it")
    source: SourceOut | None

    @staticmethod
    def resolve_organisations(obj):
        return [m.organisation for m in obj.profile.organisations]

    @staticmethod
    def resolve_dialogues(obj):
        return obj.profile.dialogues

    @staticmethod
    def resolve_projects(obj):
        return obj.profile.projects

    @staticmethod
    def resolve_projects_url(obj):
        return f"/api/projects?country={obj.iso3}"

    @staticmethod
    def resolve_events(obj):
        return obj.profile.events

    @staticmethod
    def resolve_events_url(obj):
        return f"/api/events?country={obj.iso3}"

    @staticmethod
    def resolve_documents(obj):
        return obj.profile.documents

    @staticmethod
    def resolve_mentioned_in(obj):
        return obj.profile.mentioned_in


@router.get(
    "/countries", response={200: paged(CountryOut, "CountryList"), 400: ErrorOut}, summary="List countries"
)
def list_countries(request, filters: Query[CountryFilters], paging: Query[PageParams]):
    user = request.user
    qs = Country.objects.visible_to(user).select_related("region", "subregion", "intermediate_region")
    if filters.region:
        qs = qs.filter(country_in_region_q("", filters.region, user))
    if filters.dialogue:
        members = Membership.objects.visible_to(user).filter(dialogue__slug=filters.dialogue)
        qs = qs.filter(pk__in=members.values("country_id"))
    if filters.q:
        q = filters.q
        qs = qs.filter(
            Q(name_en__icontains=q) | Q(name_fr__icontains=q) | Q(name_ar__icontains=q) | Q(iso3__iexact=q)
        )
    return list_response(request, qs.order_by("iso3"), paging, CountryOut)


@router.get(
    "/countries/{iso3}", response={200: CountryDetailOut, 404: ErrorOut}, summary="A country and its profile"
)
def get_country_detail(request, iso3: str):
    # A light lookup for the cache key, as the page does; the profile's queries run only when the
    # cached answer has to be made anew.
    code = iso3.upper()
    if not Country.objects.visible_to(request.user).filter(iso3=code).exists():
        raise Http404(f"No country with ISO 3166-1 alpha-3 code {iso3!r}.")

    def build():
        country = get_country(code, request.user)  # with the regions and sources the profile shows
        if country is None:  # deleted or restricted since the query above
            raise Http404(f"No country with ISO 3166-1 alpha-3 code {iso3!r}.")
        country.profile = country_profile(country, request.user)  # type: ignore[attr-defined]  # for the schema
        return country

    return cached_json(request, f"country-api:{code}", CountryDetailOut, build)


# --- the map --------------------------------------------------------------------------------------------

Layer = Literal["dialogue", "dialogues", "projects", "organisation", "mentions", "indicator", "flows"]


class MapQuery(Schema):
    layer: Layer = Field("dialogues", description="what colours the map")
    dialogue: str | None = Field(None, max_length=80, description="`dialogue` layer: the dialogue's slug")
    organisation: str | None = Field(
        None, max_length=80, description="`organisation` layer: its slug (icmpd by default)"
    )
    days: int | None = Field(
        None, ge=1, le=maps.NEWS_DAYS_MAX, description=f"`mentions` layer: look-back ({maps.NEWS_DAYS} days)"
    )
    indicator: str | None = Field(
        None, max_length=60, pattern=r"^[-a-z0-9_]+$", description="`indicator` layer: the indicator's code"
    )
    period: str | None = Field(
        None, max_length=10, description="`indicator` layer: the period (default: the latest with values)"
    )
    classes: Literal["natural", "quantile", "log"] | None = Field(
        None, description="`indicator` layer: natural breaks (default), quantiles or logarithmic steps"
    )
    per: Literal["capita"] | None = Field(
        None, description="`indicator` layer: per 1,000 inhabitants, where the population is held"
    )
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{3}$", description="`flows` layer: the state flows go to or come from (ISO3)"
    )
    direction: Literal["in", "out"] | None = Field(
        None,
        description="`flows` layer: in (to the state, by origin; the default) or out (from it)",
    )
    index: bool = Field(False, description="also list every state as [iso3, numeric code, name]")


class MapOut(Schema):
    layer: Layer
    kind: Literal["count", "category", "value"]
    title: str
    unit: str | None = Field(None, description="what the values are (number of dialogues, role ...)")
    values: dict[str, int | float | str]
    classes: list[tuple[int, int]] | list[tuple[float, float]] | None = Field(
        None,
        description="count layers: natural-break classes as [lowest, highest] counts, joined up; value "
        "layers: [lowest, highest] value of each class",
    )
    categories: list[tuple[str, str]] | None = None
    notice: str | None = Field(None, description="why the layer has no member states (no list is held)")
    dialogue: str | None = None
    organisation: str | None = None
    days: int | None = None
    as_of: datetime.date | None = None
    indicator: str | None = None
    period: str | None = None
    periods: list[str] | None = Field(None, description="`indicator` layer: the periods with values")
    method: str | None = Field(None, description="`indicator` layer: how the classes are cut")
    per: str | None = None
    decimals: int | None = None
    source: str | None = Field(None, description="`indicator` layer: the datasets the values come from")
    flows: list[tuple[str, str, float]] | None = Field(
        None, description="`flows` layer: the largest flows as [origin, destination, value]"
    )
    focus: str | None = Field(None, description="`flows` layer: the state the flows go to or come from")
    direction: str | None = None
    countries: list[tuple[str, str, str]] | None = None
    shape_names: dict[str, str] | None = None


@router.get(
    "/map", response={200: MapOut, 400: ErrorOut}, summary="Values of a world-map layer", tags=["map"]
)
def map_layer(request, query: Query[MapQuery]):
    """Layers: `dialogue` (role of each state in ?dialogue=slug), `dialogues` (number of dialogues),
    `projects` (number of projects), `organisation` (member states of ?organisation=slug), `mentions`
    (news items naming each state over the last ?days=N days), `indicator` (the values of
    ?indicator=code for ?period=, classes by ?classes=natural|quantile|log, ?per=capita), `flows`
    (values of a bilateral ?indicator= to or from ?country=ISO3, ?direction=in|out, or between the members
    of ?dialogue=). A dialogue,
    organisation or indicator the reader may not see is an error, exactly like one that does not exist."""
    params = maps.layer_params(
        query.layer,
        query.dialogue,
        query.organisation,
        query.days,
        query.indicator,
        query.period,
        query.classes,
        query.per,
        query.country,
        query.direction,
    )
    key = f"map:{query.layer}:" + ":".join(map(str, (*params, query.index)))

    def build():
        data = dict(maps.cached_layer(request.user, query.layer, *params))
        if query.index:
            data["countries"] = maps.countries_index(request.user)
            data["shape_names"] = maps.SHAPE_NAMES
        return data

    try:
        return cached_json(request, key, MapOut, build)
    except maps.LayerError as exc:  # never cached: a bad slug stays an error
        return error_response(400, "invalid_layer", str(exc))


# --- a dialogue's page ---------------------------------------------------------------------------------

dialogue_router = Router(tags=["dialogues"])


class MemberOut(Sourced):
    country: CountryRef
    role: str
    since: int | None
    until: int | None
    source: SourceOut | None


class ParticipationOut(OrgRef, Sourced):
    role: str
    source: SourceOut | None

    @staticmethod
    def resolve_slug(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_acronym(obj):
        return obj.organisation.acronym

    @staticmethod
    def resolve_name(obj):
        return obj.organisation.name_en


class ChairOut(Schema):
    country: str | None
    organisation: str | None
    start: int
    end: int | None
    co_chair: bool = Field(False, description="chairs together with another holder at the same time")

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso3 if obj.country else None

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug if obj.organisation else None


class DeclarationOut(Schema):
    title: str
    kind: str
    year: int | None
    place: str


class DialogueDetailOut(DialogueOut, Sourced):
    description: Names
    aliases: dict[str, list[str]]
    members: list[MemberOut]
    organisations: list[ParticipationOut]
    chairs: list[ChairOut]
    declarations: list[DeclarationOut]
    events: list[EventBrief]
    projects: list[ProjectBrief]
    mentioned_in: list[MentioningDocument]
    source: SourceOut | None

    @staticmethod
    def resolve_description(obj):
        return names(obj, "description")

    @staticmethod
    def resolve_members(obj):
        return obj.page.members

    @staticmethod
    def resolve_organisations(obj):
        return obj.page.organisations

    @staticmethod
    def resolve_chairs(obj):
        return obj.page.chairs

    @staticmethod
    def resolve_declarations(obj):
        return obj.page.declarations

    @staticmethod
    def resolve_events(obj):
        return obj.page.events

    @staticmethod
    def resolve_projects(obj):
        return obj.page.projects

    @staticmethod
    def resolve_mentioned_in(obj):
        return obj.page.mentioned_in


@dialogue_router.get(
    "/dialogues/{slug}",
    response={200: DialogueDetailOut, 404: ErrorOut},
    summary="A dialogue and its members",
)
def get_dialogue(request, slug: str):
    dialogue: Dialogue | None = visible_dialogues(request.user).with_sources().filter(slug=slug).first()
    if dialogue is None:
        raise Http404(f"No dialogue {slug!r}.")
    dialogue.page = dialogue_page(dialogue, request.user)  # type: ignore[attr-defined]  # for the schema
    return dialogue
