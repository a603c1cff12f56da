"""Data layers for the world map: one value per state, computed in one or two aggregate queries.

Shapes come from the vendored Natural Earth TopoJSON (world-atlas), keyed by ISO 3166-1 numeric code;
shapes without a code are matched by their name (SHAPE_NAMES).
"""

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from migis.core.cache import TIMEOUT, scope
from migis.core.models import active_language
from migis.dialogues.models import ROLE_RANK, Chairmanship, Dialogue, Membership, Role
from migis.geo.models import Country
from migis.organisations.models import Organisation
from migis.organisations.services import current_members
from migis.projects.models import Project

# Natural Earth shapes that carry no ISO numeric id, by their `properties.name`.
SHAPE_NAMES = {"Kosovo": "XKX"}

LAYERS = ("dialogue", "dialogues", "projects", "organisation", "mentions")
NEWS_DAYS = 30  # the "mentions in the news" layer looks back this many days unless asked otherwise
NEWS_DAYS_CHOICES = (7, 30, 90, 365)  # offered on the map page; the API takes any number up to MAX
NEWS_DAYS_MAX = 3650


class LayerError(ValueError):
    pass


def countries_index(user) -> list[list]:
    """[iso3, numeric, localised name] for every state `user` may see, for joining shapes and labels."""
    field = f"name_{active_language()}"
    rows = Country.objects.visible_to(user).values_list("iso3", "numeric", field, "name_en")
    return [[iso3, numeric, name or name_en] for iso3, numeric, name, name_en in rows]


def dialogue_roles_layer(dialogue: Dialogue, user) -> dict:
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
    if chair:
        values[chair] = Role.CHAIR
    return values


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


def layer_params(name: str, dialogue: str | None, organisation: str | None, days: int | None) -> tuple:
    """The parameters layer `name` uses, the others None: only these go into cache keys, so stray query
    values make no new entries."""
    return (
        dialogue if name == "dialogue" else None,
        (organisation or "icmpd") if name == "organisation" else None,
        news_days(days) if name == "mentions" else None,
    )


def cached_layer(
    user,
    name: str = "dialogues",
    dialogue: str | None = None,
    organisation: str | None = None,
    days: int | None = None,
):
    """`layer`, kept in the cache under the data version, reader class and language (see core.cache)."""
    dialogue, organisation, days = layer_params(name, dialogue, organisation, days)
    key = f"layer:{scope(user)}:{name}:{dialogue}:{organisation}:{days}"
    data = cache.get(key)
    if data is None:
        data = layer(user, name, dialogue, organisation, days)
        cache.set(key, data, TIMEOUT)
    return data


def layer(
    user,
    name: str = "dialogues",
    dialogue: str | None = None,
    organisation: str | None = None,
    days: int | None = None,
) -> dict:
    """The values of one map layer, visible to `user`. Unknown or hidden dialogues are a LayerError."""
    if name == "dialogue":
        if not dialogue:
            raise LayerError("the dialogue layer needs ?dialogue=<slug>")
        d = Dialogue.objects.visible_to(user).filter(slug=dialogue).first()
        if d is None:
            raise LayerError(f"no dialogue {dialogue!r}")
        return {
            "layer": name,
            "kind": "category",
            "title": _("Role in %(dialogue)s") % {"dialogue": d.name},
            "dialogue": d.slug,
            "categories": [[r.value, str(r.label)] for r in reversed(Role)],
            "values": dialogue_roles_layer(d, user),
        }
    if name == "dialogues":
        rows = (
            Membership.objects.visible_to(user)
            .values("country__iso3")
            .annotate(n=Count("dialogue", distinct=True))
        )
        values = {r["country__iso3"]: r["n"] for r in rows}
        return {"layer": name, "kind": "count", "title": _("Number of dialogues"), "values": values}
    if name == "projects":
        rows = (
            Country.objects.visible_to(user)
            .annotate(n=Count("projects", filter=Q(projects__in=Project.objects.visible_to(user))))
            .filter(n__gt=0)
            .values_list("iso3", "n")
        )
        return {"layer": name, "kind": "count", "title": _("Number of projects"), "values": dict(rows)}
    if name == "organisation":
        org = Organisation.objects.visible_to(user).filter(slug=organisation or "icmpd").first()
        if org is None:
            raise LayerError(f"no organisation {organisation!r}")
        members, as_of = current_members(org, user)
        return {
            "layer": name,
            "kind": "category",
            "title": _("Member states of %(org)s") % {"org": org.acronym or org.name},
            "organisation": org.slug,
            "as_of": as_of.isoformat() if as_of else None,
            "categories": [["member", _("member state")]],
            "values": {m.country.iso3: "member" for m in members},
        }
    if name == "mentions":
        return news_mentions_layer(user, news_days(days))
    raise LayerError(f"unknown layer {name!r}; choose one of {', '.join(LAYERS)}")


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
    return {"layer": "mentions", "kind": "count", "title": title, "days": days, "values": dict(rows)}
