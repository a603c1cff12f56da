import json

from django.core.cache import cache
from django.http import Http404, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from migis.core.api import list_response
from migis.core.api_errors import error_response
from migis.core.cache import TIMEOUT as CACHE_TIMEOUT
from migis.core.cache import scope as cache_scope
from migis.core.schemas import ErrorOut, Names, OrgRef, SourceOut, paged
from migis.core.serialize import names, org_ref, source
from migis.geo import maps
from migis.geo.models import Country
from migis.geo.services import country_profile, get_country

router = Router(tags=["countries"])


class RegionOut(Schema):
    code: str
    name: Names


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


class DialogueRoleOut(Schema):
    slug: str
    name: str
    roles: list[str]
    since: int | None
    until: int | None
    chaired: list[str]


class CountryDetailOut(CountryOut):
    aliases: dict
    organisations: list[OrgRef]
    dialogues: list[DialogueRoleOut]
    projects: list[dict]
    projects_url: str
    events: list[dict]
    events_url: str
    documents: list[dict]
    source: SourceOut | None


class CountryFilters(Schema):
    region: str | None = Field(None, pattern=r"^\d{3}$", description="UN M49 region code")
    dialogue: str | None = Field(None, max_length=80, description="dialogue slug: states taking part in it")
    q: str | None = Field(None, max_length=100, description="part of the name in any language")


def region_out(r):
    return {"code": r.code, "name": names(r)} if r else None


def country_out(c: Country) -> dict:
    return {
        "iso3": c.iso3,
        "iso2": c.iso2,
        "numeric": c.numeric,
        "name": names(c),
        "official_name": names(c, "official_name"),
        "region": region_out(c.region),
        "subregion": region_out(c.subregion),
        "intermediate_region": region_out(c.intermediate_region),
        "url": f"/api/countries/{c.iso3}",
    }


@router.get(
    "/countries", response={200: paged(CountryOut, "CountryList"), 400: ErrorOut}, summary="List countries"
)
def list_countries(request, filters: Query[CountryFilters], page: int = 1, page_size: int = 50):
    from django.db.models import Q

    from migis.core.filters import country_in_region_q
    from migis.dialogues.models import Dialogue, Membership

    qs = Country.objects.visible_to(request.user).select_related("region", "subregion", "intermediate_region")
    if filters.region:
        qs = qs.filter(country_in_region_q("", filters.region, request.user))
    if filters.dialogue:
        dialogues = Dialogue.objects.visible_to(request.user).filter(slug=filters.dialogue)
        members = Membership.objects.visible_to(request.user).filter(dialogue__in=dialogues)
        qs = qs.filter(pk__in=members.values("country_id"))
    if filters.q:
        q = filters.q
        qs = qs.filter(
            Q(name_en__icontains=q) | Q(name_fr__icontains=q) | Q(name_ar__icontains=q) | Q(iso3__iexact=q)
        )
    return list_response(request, qs.order_by("iso3"), country_out, page, page_size)


@router.get(
    "/countries/{iso3}", response={200: CountryDetailOut, 404: ErrorOut}, summary="A country and its profile"
)
def get_country_detail(request, iso3: str):
    key = f"country-api:{cache_scope(request.user)}:{iso3.upper()}"
    body = cache.get(key)
    if body is None:
        country = get_country(iso3, request.user)
        if country is None:
            raise Http404(f"No country with ISO 3166-1 alpha-3 code {iso3!r}.")
        body = json.dumps(country_detail(country, request.user), ensure_ascii=False, separators=(",", ":"))
        cache.set(key, body, CACHE_TIMEOUT)
    return HttpResponse(body, content_type="application/json")


def country_detail(country, user) -> dict:
    profile = country_profile(country, user)
    return {
        **country_out(country),
        "aliases": country.aliases,
        "organisations": [org_ref(m.organisation) for m in profile.organisations],
        "dialogues": [
            {
                "slug": r.dialogue.slug,
                "name": r.dialogue.name_en,
                "roles": [m.role for m in r.roles],
                "since": r.since,
                "until": r.until,
                "chaired": [f"{c.start}-{c.end or ''}".rstrip("-") for c in r.chairs],
            }
            for r in profile.dialogues
        ],
        # The newest few; the `…_url` lists hold all of them.
        "projects": [{"slug": p.slug, "acronym": p.acronym, "title": p.title} for p in profile.projects],
        "projects_url": f"/api/projects?country={country.iso3}",
        "events": [
            {"key": e.key, "title": e.title, "start_date": e.start_date.isoformat()} for e in profile.events
        ],
        "events_url": f"/api/events?country={country.iso3}",
        "documents": [{"key": d.key, "title": d.title, "year": d.year} for d in profile.documents],
        "source": source(country, user),
    }


class MapOut(Schema):
    layer: str
    kind: str
    title: str
    values: dict
    categories: list | None = None
    dialogue: str | None = None
    organisation: str | None = None
    days: int | None = None
    as_of: str | None = None
    countries: list | None = None
    shape_names: dict | None = None


@router.get(
    "/map", response={200: MapOut, 400: ErrorOut}, summary="Values of a world-map layer", tags=["map"]
)
def map_layer(
    request,
    layer: str = "dialogues",
    dialogue: str | None = None,
    organisation: str | None = None,
    days: int | None = None,
    index: bool = False,
):
    """Layers: `dialogue` (role of each state in ?dialogue=slug), `dialogues` (number of dialogues),
    `projects` (number of projects), `organisation` (member states of ?organisation=slug), `mentions`
    (news items naming each state over the last ?days=N days, 30 by default, at most 3650).
    With `index=true` the answer also lists every state as [iso3, numeric code, name] for the shapes."""
    dialogue = dialogue if layer == "dialogue" else None  # keys only hold what the layer uses
    organisation = (organisation or "icmpd") if layer == "organisation" else None
    days = (maps.NEWS_DAYS if days is None else days) if layer == "mentions" else None  # one cache key
    key = f"map:{cache_scope(request.user)}:{layer}:{dialogue}:{organisation}:{days}:{index}"
    body = cache.get(key)
    if body is None:
        try:
            data = dict(maps.cached_layer(request.user, layer, dialogue, organisation, days))
        except maps.LayerError as exc:
            return error_response(400, "invalid_layer", str(exc))
        if index:
            data["countries"] = maps.countries_index(request.user)
            data["shape_names"] = maps.SHAPE_NAMES
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        cache.set(key, body, CACHE_TIMEOUT)
    return HttpResponse(body, content_type="application/json")
