from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject

from migis.core.collation import collated
from migis.dialogues.models import Dialogue
from migis.dialogues.services import visible_dialogues
from migis.geo.models import Country, Region
from migis.geo.regions import country_in_region_q
from migis.organisations.models import Organisation, OrganisationMembership
from migis.portal import maps
from migis.portal.dialogue_page import dialogue_page
from migis.portal.profiles import country_profile, get_country


def home(request):
    """The world map. The accessible table beside it is rendered on the server from the same layer."""
    layer_name = request.GET.get("layer", "dialogues")
    dialogue = request.GET.get("dialogue") or None
    organisation = request.GET.get("organisation") or None
    days = request.GET.get("days") or None
    try:
        layer = maps.cached_layer(request.user, layer_name, dialogue, organisation, days)
    except maps.LayerError as exc:
        layer, layer_name = maps.cached_layer(request.user, "dialogues"), "dialogues"
        error = str(exc)
    else:
        error = ""
    countries = {
        c.iso3: c
        for c in Country.objects.visible_to(request.user).only("iso3", "name_en", "name_fr", "name_ar")
    }
    labels = dict(layer.get("categories") or [])
    rows = collated(
        (
            (countries[iso3], labels.get(value, value))
            for iso3, value in layer["values"].items()
            if iso3 in countries
        ),
        key=lambda row: row[0].name,
    )
    return render(
        request,
        "portal/home.html",
        {
            "layer": layer,
            "layer_name": layer_name,
            "rows": rows,
            "error": error,
            "dialogues": collated(Dialogue.objects.visible_to(request.user), key=lambda d: d.name),
            "organisations": collated(
                Organisation.objects.visible_to(request.user)
                .filter(memberships__in=OrganisationMembership.objects.visible_to(request.user))
                .distinct(),
                key=lambda o: o.name,
            ),
            "selected_dialogue": layer.get("dialogue") or dialogue or "rabat-process",
            "selected_organisation": layer.get("organisation") or organisation or "icmpd",
            # the look-back asked for is offered too, so that the map (which reads the form) shows it
            "days_choices": sorted({*maps.NEWS_DAYS_CHOICES, layer.get("days") or maps.NEWS_DAYS}),
            "selected_days": layer.get("days") or maps.NEWS_DAYS,
        },
    )


def country_list(request):
    regions = Region.objects.visible_to(request.user).filter(level=Region.Level.REGION)
    code = request.GET.get("region")
    qs = Country.objects.visible_to(request.user).select_related("region", "subregion")
    if code:
        qs = qs.filter(country_in_region_q("", code, request.user))
    countries = collated(qs, key=lambda c: c.name)
    return render(
        request, "portal/country_list.html", {"countries": countries, "regions": regions, "region": code}
    )


def country_detail(request, iso3: str):
    if iso3 != iso3.upper():
        return redirect("country-detail", iso3=iso3.upper(), permanent=True)
    # A light lookup for the title and the cache key; the profile's queries run only when its cached
    # fragment has to be rendered anew.
    country = (
        Country.objects.visible_to(request.user)
        .only("iso3", "name_en", "name_fr", "name_ar", "visibility")
        .filter(iso3=iso3)
        .first()
    )
    if country is None:
        raise Http404(f"No country {iso3}")

    def build_profile():
        full = get_country(iso3, request.user)  # with the regions and sources the profile shows
        if full is None:  # deleted or restricted since the query above
            raise Http404(f"No country {iso3}")
        return country_profile(full, request.user)

    profile = SimpleLazyObject(build_profile)
    return render(request, "portal/country_detail.html", {"country": country, "profile": profile})


def dialogue_detail(request, slug: str):
    dialogue = visible_dialogues(request.user).with_sources().filter(slug=slug).first()
    if dialogue is None:
        raise Http404(f"No dialogue {slug}")
    # Lazy: the queries run only when the cached fragment has to be rendered anew.
    page = SimpleLazyObject(lambda: dialogue_page(dialogue, request.user))
    return render(request, "portal/dialogue_detail.html", {"dialogue": dialogue, "page": page})
