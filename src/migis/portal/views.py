from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from migis.core import charts
from migis.core import export as downloads
from migis.core.collation import collated
from migis.core.models import active_language
from migis.dialogues.models import Dialogue
from migis.dialogues.services import visible_dialogues
from migis.geo.models import Country, Region
from migis.geo.regions import country_in_region_q
from migis.indicators.flows import bilateral_indicators
from migis.portal import maps
from migis.portal.api import CountryOut
from migis.portal.dialogue_page import dialogue_page
from migis.portal.profiles import country_profile, get_country


def home(request):
    """The world map. The accessible table beside it is rendered on the server from the same layer;
    ?format=csv gives that table as a CSV file."""
    layer_name = request.GET.get("layer", "dialogues")
    dialogue = request.GET.get("dialogue") or None
    organisation = request.GET.get("organisation") or None
    days = request.GET.get("days") or None
    statistics = maps.statistics_params(request.user, request.GET) if layer_name == "indicator" else {}
    as_csv = request.GET.get("format") == "csv"
    try:
        layer = maps.cached_layer(request.user, layer_name, dialogue, organisation, days, **statistics)
    except maps.LayerError as exc:
        if as_csv:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
        layer, layer_name = maps.cached_layer(request.user, "dialogues"), "dialogues"
        error = str(exc)
    else:
        error = ""
    rows = maps.table_rows(layer, request.user)
    if as_csv:
        return _layer_csv(request, layer, rows)
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "portal/home.html",
        {
            "layer": layer,
            "layer_name": layer_name,
            "rows": rows,
            "error": error,
            "csv_url": f"?{query.urlencode()}",
            "dialogues": collated(Dialogue.objects.visible_to(request.user), key=lambda d: d.name),
            "organisations": maps.organisations_with_members(request.user),
            "selected_dialogue": layer.get("dialogue") or dialogue or "rabat-process",
            "selected_organisation": layer.get("organisation") or organisation or "icmpd",
            # the look-back asked for is offered too, so that the map (which reads the form) shows it
            "days_choices": sorted({*maps.NEWS_DAYS_CHOICES, layer.get("days") or maps.NEWS_DAYS}),
            "selected_days": layer.get("days") or maps.NEWS_DAYS,
            "indicators": maps.indicators_with_values(request.user),
            "methods": maps.CLASS_METHODS,
        },
    )


def _layer_csv(request, layer: dict, rows) -> HttpResponse:
    query = request.GET.copy()
    query.pop("format", None)
    source = request.build_absolute_uri(request.path + (f"?{query.urlencode()}" if query else ""))
    text = maps.layer_csv(layer, rows, source, timezone.now().date().isoformat())
    return downloads.csv_attachment(text, maps.layer_filename(layer) + ".csv")


def country_list(request):
    regions = Region.objects.visible_to(request.user).filter(level=Region.Level.REGION)
    code = request.GET.get("region")
    qs = Country.objects.visible_to(request.user).select_related("region", "subregion")
    if code:
        qs = qs.filter(country_in_region_q("", code, request.user))
    if fmt := downloads.wanted(request):
        return downloads.response(
            collated(qs.with_sources(), key=lambda c: c.name), CountryOut, "countries", fmt
        )
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
        return country_profile(full, request.user, charts=True)

    if request.GET.get("chart"):
        return charts.download(request, build_profile().charts, country.iso3)
    profile = SimpleLazyObject(build_profile)
    return render(request, "portal/country_detail.html", {"country": country, "profile": profile})


def dialogue_detail(request, slug: str):
    dialogue = visible_dialogues(request.user).with_sources().filter(slug=slug).first()
    if dialogue is None:
        raise Http404(f"No dialogue {slug}")
    if request.GET.get("chart"):
        return charts.download(
            request, dialogue_page(dialogue, request.user, charts=True).charts, dialogue.slug
        )
    # Lazy: the queries run only when the cached fragment has to be rendered anew.
    page = SimpleLazyObject(lambda: dialogue_page(dialogue, request.user, charts=True))
    return render(request, "portal/dialogue_detail.html", {"dialogue": dialogue, "page": page})


def flows_page(request):
    """Origin-destination flows of a bilateral indicator, on the map and as a ranked table (its CSV
    twin): to or from one state, or between the members of a dialogue."""
    indicators = collated(bilateral_indicators(request.user), key=lambda i: i.name)
    query = request.GET
    preferred = [i for i in indicators if i.kind == "bilateral"] or indicators  # by origin and destination
    code = query.get("indicator") or (preferred[0].code if preferred else None)
    country = (query.get("country") or "").upper() or None
    dialogue = query.get("dialogue") or None
    if not country and not dialogue:
        country = "DEU" if Country.objects.visible_to(request.user).filter(iso3="DEU").exists() else None
    layer, error = None, ""
    if code:
        try:
            layer = maps.cached_layer(
                request.user, "flows", dialogue, None, None, code, query.get("period") or None,
                country=country, direction=query.get("direction") or "in",
            )  # fmt: skip
        except maps.LayerError as exc:
            error = str(exc)
    names = dict(Country.objects.visible_to(request.user).values_list("iso3", f"name_{active_language()}"))
    rows = [(names.get(o, o), names.get(d, d), o, d, v) for o, d, v in (layer or {}).get("flows_all", [])]
    if downloads.wanted(request) == "csv" and layer:
        header = [_("Origin"), _("Destination"), _("Value"), _("Period"), _("Source")]
        text = downloads.csv_text(
            header, ([r[0], r[1], r[4], layer["period"], layer["source"]] for r in rows)
        )
        return downloads.csv_attachment(text, maps.layer_filename(layer) + ".csv")
    csv_query = query.copy()
    csv_query["format"] = "csv"
    return render(
        request,
        "portal/flows.html",
        {
            "layer": layer,
            "error": error,
            "rows": rows,
            "indicators": indicators,
            "selected_indicator": code,
            "countries": collated(Country.objects.visible_to(request.user), key=lambda c: c.name),
            "selected_country": country if not dialogue else None,
            "dialogues": collated(Dialogue.objects.visible_to(request.user), key=lambda d: d.name),
            "selected_dialogue": dialogue,
            "csv_url": f"?{csv_query.urlencode()}",
        },
    )
