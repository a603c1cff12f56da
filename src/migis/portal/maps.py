"""Data layers for the world map: one value per state, computed in one or two aggregate queries.

Shapes come from the vendored Natural Earth TopoJSON (world-atlas), keyed by ISO 3166-1 numeric code;
shapes without a code are matched by their name (SHAPE_NAMES). Count layers come with natural-break
classes (`count_classes`), every layer with its unit; `table_rows` and `layer_csv` give the table twin.
"""

from collections import Counter
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from migis.core import export
from migis.core.cache import TIMEOUT, scope
from migis.core.collation import collated
from migis.core.models import active_language
from migis.dialogues.models import ROLE_RANK, Chairmanship, Dialogue, Membership, Role
from migis.geo.models import Country
from migis.indicators.flows import flows_layer
from migis.indicators.layers import LayerError, indicator_layer, periods_of
from migis.indicators.models import Indicator
from migis.indicators.services import catalogue
from migis.organisations.models import Organisation, OrganisationMembership
from migis.organisations.services import current_members
from migis.projects.models import Project

# Natural Earth shapes that carry no ISO numeric id, by their `properties.name`.
SHAPE_NAMES = {"Kosovo": "XKX"}

LAYERS = ("dialogue", "dialogues", "projects", "organisation", "mentions", "indicator", "flows")
NEWS_DAYS = 30  # the "mentions in the news" layer looks back this many days unless asked otherwise
NEWS_DAYS_CHOICES = (7, 30, 90, 365)  # offered on the map page; the API takes any number up to MAX
NEWS_DAYS_MAX = 3650
CLASS_COUNT = 5  # at most this many classes on a count layer (the map's colour ramp has five steps)


CLASS_METHODS = (
    ("natural", _lazy("natural breaks")),
    ("quantile", _lazy("quantiles")),
    ("log", _lazy("logarithmic")),
)


def indicators_with_values(user) -> list:
    """The indicators the map can show: those the current datasets hold values of, by name."""
    return collated((i for i, held in catalogue(user) if held.get("values")), key=lambda i: i.name)


def statistics_params(user, query) -> dict:
    """The indicator layer's parameters from a page's query. The map page's form keeps the period of the
    indicator shown before; a period the chosen indicator has no values for gives way to its latest."""
    code = query.get("indicator") or next((i.code for i in indicators_with_values(user)), None)
    period = query.get("period") or None
    indicator = Indicator.objects.visible_to(user).filter(code=code).first() if code else None
    if period and (indicator is None or period not in periods_of(user, indicator)):
        period = None
    return {
        "indicator": code,
        "period": period,
        "method": query.get("classes") or None,
        "per": query.get("per") or None,
    }


def countries_index(user) -> list[list]:
    """[iso3, numeric, localised name] for every state `user` may see, for joining shapes and labels."""
    field = f"name_{active_language()}"
    rows = Country.objects.visible_to(user).values_list("iso3", "numeric", field, "name_en")
    return [[iso3, numeric, name or name_en] for iso3, numeric, name, name_en in rows]


def count_classes(values: Iterable[int], k: int = CLASS_COUNT) -> list[list[int]]:
    """Natural-break classes (Fisher-Jenks: the least squared deviation within classes) of whole-number
    counts, as [lowest, highest] bounds: at most `k` classes, fewer when there are fewer distinct values.
    The bounds join up (3-4 then 5-9), so every whole number between the smallest and the largest value
    falls in one class. Counts are skewed (many states with one or two, a few with many): equal steps
    would put nearly every state in the first class."""
    tally = Counter(values)
    xs = sorted(tally)
    if not xs:
        return []
    m, k = len(xs), min(k, len(xs))
    # Prefix sums over the distinct values, each weighted by how many states have it.
    w, s, q = [0], [0], [0]
    for x in xs:
        w.append(w[-1] + tally[x])
        s.append(s[-1] + tally[x] * x)
        q.append(q[-1] + tally[x] * x * x)

    def spread(i: int, j: int) -> float:  # squared deviation of distinct values i..j-1
        return q[j] - q[i] - (s[j] - s[i]) ** 2 / (w[j] - w[i])

    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(k + 1)]
    start = [[0] * (m + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for c in range(1, k + 1):
        for j in range(c, m + 1):
            for i in range(c - 1, j):
                cost = best[c - 1][i] + spread(i, j)
                if cost < best[c][j]:
                    best[c][j], start[c][j] = cost, i
    spans, j = [], m
    for c in range(k, 0, -1):
        spans.append((start[c][j], j))
        j = start[c][j]
    bounds: list[list[int]] = []
    for i, j in reversed(spans):
        low = xs[i] if not bounds else bounds[-1][1] + 1
        bounds.append([low, xs[j - 1]])
    return bounds


def _counts(name: str, title: str, unit: str, values: dict, **extra) -> dict:
    classes = count_classes(values.values())
    return {
        "layer": name,
        "kind": "count",
        "title": title,
        "unit": unit,
        "classes": classes,
        "values": values,
        **extra,
    }


def dialogue_roles(dialogue: Dialogue, user) -> tuple[dict, bool]:
    """The strongest role of each state in `dialogue`, and whether any member state is held."""
    # A membership or chair the reader sees has its dialogue and state visible too (core.scope).
    values: dict[str, str] = {}
    rows = Membership.objects.visible_to(user).filter(dialogue=dialogue).values_list("country__iso3", "role")
    for iso3, role in rows:
        if iso3 not in values or ROLE_RANK[role] > ROLE_RANK[values[iso3]]:
            values[iso3] = role
    chair = (
        Chairmanship.objects.visible_to(user)
        .filter(dialogue=dialogue, country__in=Country.objects.visible_to(user))
        .order_by("-start")
        .values_list("country__iso3", flat=True)
        .first()
    )
    held = bool(values)
    if chair:
        values[chair] = Role.CHAIR
    return values, held


def member_list_notice(dialogue: Dialogue, held: bool) -> str | None:
    """What the map says instead of a blank map when no member state of `dialogue` is held, with the
    dialogue's member-list note (why there is none, or how its members are held)."""
    if held:
        return None
    if dialogue.member_list_status in ("", Dialogue.MemberList.NONE):
        text = _("No member list is held for this dialogue.")
    else:  # a list is held, but of organisations (the AU and the EU), not of states
        text = _("No list of member states is held for this dialogue.")
    note = dialogue.member_list_note
    return f"{text} {note}" if note else text


def news_days(value) -> int:
    """The look-back of the mentions layer from a query value ("" or None: the default); LayerError."""
    if value in (None, ""):
        return NEWS_DAYS
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise LayerError(f"days must be a whole number of days, not {value!r}") from None
    if not 1 <= days <= NEWS_DAYS_MAX:
        raise LayerError(f"days must be between 1 and {NEWS_DAYS_MAX}")
    return days


def layer_params(
    name: str,
    dialogue: str | None,
    organisation: str | None,
    days: int | None,
    indicator: str | None = None,
    period: str | None = None,
    method: str | None = None,
    per: str | None = None,
    country: str | None = None,
    direction: str | None = None,
) -> tuple:
    """The parameters layer `name` uses, the others None: only these go into cache keys, so stray query
    values make no new entries."""
    statistics: tuple = (indicator, period, method or "natural", per) if name == "indicator" else (None,) * 4
    if name == "flows":
        statistics = (indicator, period, None, None)
    flows = ((country or "").upper() or None, direction or "in") if name == "flows" else (None, None)
    return (
        dialogue if name in ("dialogue", "flows") and (name == "dialogue" or not country) else None,
        (organisation or "icmpd") if name == "organisation" else None,
        news_days(days) if name == "mentions" else None,
        *statistics,
        *flows,
    )


def cached_layer(user, name: str = "dialogues", *args, **kwargs):
    """`layer`, kept in the cache under the data version, reader class and language (see core.cache)."""
    params = layer_params(name, *args, **kwargs) if args or kwargs else layer_params(name, None, None, None)
    key = f"layer:{scope(user)}:{name}:" + ":".join(map(str, params))
    data = cache.get(key)
    if data is None:
        data = layer(user, name, *params)
        cache.set(key, data, TIMEOUT)
    return data


def layer(
    user,
    name: str = "dialogues",
    dialogue: str | None = None,
    organisation: str | None = None,
    days: int | None = None,
    indicator: str | None = None,
    period: str | None = None,
    method: str | None = None,
    per: str | None = None,
    country: str | None = None,
    direction: str | None = None,
) -> dict:
    """The values of one map layer, visible to `user`. Unknown or hidden dialogues are a LayerError."""
    if name == "indicator":
        return indicator_layer(user, indicator, period, method, per)
    if name == "flows":
        return _flows(user, indicator, period, country, direction, dialogue)
    if name == "dialogue":
        if not dialogue:
            raise LayerError("the dialogue layer needs ?dialogue=<slug>")
        d = Dialogue.objects.visible_to(user).filter(slug=dialogue).first()
        if d is None:
            raise LayerError(f"no dialogue {dialogue!r}")
        values, held = dialogue_roles(d, user)
        return {
            "layer": name,
            "kind": "category",
            "title": _("Role in %(dialogue)s") % {"dialogue": d.name},
            "unit": _("role"),
            "dialogue": d.slug,
            "categories": [[r.value, str(r.label)] for r in reversed(Role)],
            "values": values,
            "notice": member_list_notice(d, held),
        }
    if name == "dialogues":
        rows = (
            Membership.objects.visible_to(user)
            .values("country__iso3")
            .annotate(n=Count("dialogue", distinct=True))
        )
        values = {r["country__iso3"]: r["n"] for r in rows}
        return _counts(name, _("Number of dialogues"), _("number of dialogues"), values)
    if name == "projects":
        rows = (
            Country.objects.visible_to(user)
            .annotate(n=Count("projects", filter=Q(projects__in=Project.objects.visible_to(user))))
            .filter(n__gt=0)
            .values_list("iso3", "n")
        )
        return _counts(name, _("Number of projects"), _("number of projects"), dict(rows))
    if name == "organisation":
        org = Organisation.objects.visible_to(user).filter(slug=organisation or "icmpd").first()
        if org is None:
            raise LayerError(f"no organisation {organisation!r}")
        members, as_of = current_members(org, user)
        return {
            "layer": name,
            "kind": "category",
            "title": _("Member states of %(org)s") % {"org": org.acronym or org.name},
            "unit": _("membership"),
            "organisation": org.slug,
            "as_of": as_of.isoformat() if as_of else None,
            "categories": [["member", _("member state")]],
            "values": {m.country.iso3: "member" for m in members},
            "notice": None if members else _("No member list is held for this organisation."),
        }
    if name == "mentions":
        return news_mentions_layer(user, news_days(days))
    raise LayerError(f"unknown layer {name!r}; choose one of {', '.join(LAYERS)}")


def _flows(user, indicator, period, country, direction, dialogue) -> dict:
    if country:
        place = Country.objects.visible_to(user).filter(iso3=country).first()
        if place is None:
            raise LayerError(_("no state %(code)r") % {"code": country})
        return flows_layer(user, indicator, period, place.iso3, direction, label=place.name)
    if dialogue:
        d = Dialogue.objects.visible_to(user).filter(slug=dialogue).first()
        if d is None:
            raise LayerError(f"no dialogue {dialogue!r}")
        members = set(
            Membership.objects.visible_to(user).filter(dialogue=d).values_list("country__iso3", flat=True)
        )
        return flows_layer(user, indicator, period, None, direction, members=members, label=d.name)
    return flows_layer(user, indicator, period, None, direction)


def news_mentions_layer(user, days: int) -> dict:
    """Number of news items of the last `days` days (by publication, else ingestion) naming each state."""
    from datetime import timedelta

    from django.utils import timezone

    from migis.documents.models import Document, MentionedEntity

    since = timezone.now() - timedelta(days=days)
    recent = (
        Document.objects.visible_to(user)
        .filter(is_current=True, kind=Document.Kind.NEWS)
        .filter(Q(published__gte=since) | Q(published__isnull=True, ingested__gte=since))
    )
    rows = (
        MentionedEntity.objects.filter(
            type="country", document__in=recent, ref__in=Country.objects.visible_to(user).values("iso3")
        )
        .values("ref")
        .annotate(n=Count("document"))
        .values_list("ref", "n")
    )
    title = _("Mentions in the news over the last %(days)s days") % {"days": days}
    unit = ngettext("news items in the last %(days)s day", "news items in the last %(days)s days", days) % {
        "days": days
    }
    return _counts("mentions", title, unit, dict(rows), days=days)


def organisations_with_members(user) -> list[Organisation]:
    """Every organisation `user` may see with a member list held (a membership `user` may see), for the
    map's "membership of" choice, in the reader's order."""
    held = OrganisationMembership.objects.visible_to(user)
    orgs = Organisation.objects.visible_to(user).filter(pk__in=held.values("organisation"))
    return collated(orgs, key=lambda o: o.label)


def table_rows(layer: dict, user) -> list[tuple[Country, str | int]]:
    """The map's table: (state, value as shown) for each state with a value that `user` may see, in the
    reader's order."""
    countries = {
        c.iso3: c for c in Country.objects.visible_to(user).only("iso3", "name_en", "name_fr", "name_ar")
    }
    labels = dict(layer.get("categories") or [])
    rows = ((countries[iso3], labels.get(v, v)) for iso3, v in layer["values"].items() if iso3 in countries)
    return collated(rows, key=lambda row: row[0].name)


def layer_filename(layer: dict) -> str:
    """The file name (without extension) of a layer's downloads; map.js names the SVG and PNG alike."""
    param = (
        layer.get("dialogue")
        or layer.get("organisation")
        or (f"{layer['days']}-days" if layer.get("days") else "")
    )
    return "-".join(part for part in ("migis-map", layer["layer"], param) if part)


def layer_csv(layer: dict, rows: Iterable[tuple[Country, str | int]], source: str, as_of: str) -> str:
    """The table twin as CSV: one row per state, each with the layer's title, its source (the page's
    address) and the date the values hold for."""
    header = [_("State"), _("ISO 3166-1 alpha-3"), _("Value"), _("Layer"), _("Source"), _("As of")]
    date = layer.get("as_of") or as_of
    source = layer.get("source") or source  # an indicator layer names its datasets
    return export.csv_text(
        header, ([country.name, country.iso3, value, layer["title"], source, date] for country, value in rows)
    )
