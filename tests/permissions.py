"""Building blocks of the generated permission tests (tests/test_permissions_generated.py).

For a curated model M found through `_meta`, `Probe.build(M)` creates a restricted instance of M, the
records that cannot exist without it (a membership of a hidden dialogue), and public records that point
to any of them through every foreign key and many-to-many there is (a public event hosted by a hidden
state, a public project funded by a hidden organisation, a public document citing or mentioning it).
Every hidden record carries a marker word in its text fields; `urls()` lists every route that could show
them: the pages and API twins of every record involved, every list (all pages, and filtered by the
hidden record's key), the map layers, search, the news feeds.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.db import models
from django.urls import get_resolver
from django.utils import timezone

from migis.core.scope import is_curated, required_parents
from migis.documents import mentions

# Not shown on any page or API answer yet: the test asserts that no reader sees them anywhere, so it
# fails (and this entry must go) the day a page starts showing them.
NOT_SHOWN = {"frameworks.GcmObjective": "held for the monitoring capability; no page shows GCM objectives"}

# Routes without parameters that list records (paged ones are read to the end).
LIST_ROUTES = [
    "/",
    "/countries/",
    "/dialogues/",
    "/organisations/",
    "/projects/",
    "/events/",
    "/documents/",
    "/news/",
    "/news/rss.xml",
    "/news/atom.xml",
    "/api/countries",
    "/api/dialogues",
    "/api/organisations",
    "/api/projects",
    "/api/events",
    "/api/documents",
    "/indicators/",
    "/flows/",
    "/api/indicators",
    "/api/datasets",
    "/api/observations",
]
# Lists that download as files (core.export): the same reader scope must hold in the files.
# Lists that download as files (core.export), through the pages' own querysets (the API's files read the
# very queryset of its JSON pages, walked above): the same reader scope must hold in the files.
EXPORTS = [
    f"{route}?format=csv"
    for route in ("/countries/", "/dialogues/", "/organisations/", "/projects/", "/events/", "/documents/")
]
MAP_LAYERS = [
    "dialogues",
    "projects",
    "mentions",
    "indicator&indicator=migrant_stock",
    "flows&indicator=refugees&dialogue=rabat-process",
]
# Filters of the lists, by the mention type (or model) of the record they name.
FILTERS = {
    "country": ["/projects/", "/events/", "/documents/", "/api/projects", "/api/events", "/api/documents"],
    "dialogue": [
        "/projects/",
        "/events/",
        "/documents/",
        "/api/projects",
        "/api/events",
        "/api/documents",
        "/api/countries",
    ],
    "organisation": ["/documents/", "/api/documents"],
    "project": ["/api/documents"],
    "sdg_target": ["/api/documents"],
    "theme": ["/projects/", "/events/", "/api/projects", "/api/events"],
    "donor": ["/projects/", "/api/projects"],  # events have no donors
}
SKIPPED_PREFIXES = ("admin/", "accounts/")
SKIPPED_ROUTES = {  # routes (or, above, route prefixes) not walked here, and why
    "admin/": "the back office has its own permission checks (tests/test_permissions.py)",
    "accounts/": "sign-in pages, no records",
    "health": "no records",
    "about/": "static text",
    "documents/upload/": "a form for editors, no records",
    "indicators/import/": "a form for editors; its report names files (tests/indicators/test_pages.py)",
    "indicators/quality/": "for editors, through the reader scope (tests/indicators/test_quality.py)",
    "indicators/<slug:code>/forecast/<str:iso3>/": "a series' forecast: tests/indicators/test_forecasts.py",
    "api/forecasts": "a series' forecast: tests/indicators/test_forecasts.py",
    "documents/<slug:key>/original": "a document's stored file, read through the same scope as its page "
    "(tests/test_originals.py checks it for every role)",
    "api/docs": "the interactive docs page, no records",
    "api/openapi.json": "the schema, no records (tests/test_openapi.py checks every answer against it)",
    "api/": "API root, no records",
    "search/": "walked with the marker as the query",
    "api/search": "walked with the marker as the query",
    "api/map": "walked layer by layer",
}


def model_label(model) -> str:
    return model._meta.label


def curated_models() -> list:
    return [m for m in apps.get_models() if is_curated(m)]


_counter = itertools.count(1)


def _unique_value(model, f, marker: str):
    """A value for a unique field that no row has yet."""
    if isinstance(f, models.IntegerField):
        top = model._default_manager.aggregate(m=models.Max(f.name))["m"] or 0
        return top + 1000 + next(_counter)
    length = f.max_length or 20
    if f.name in ("code", "numeric") and length <= 3:  # M49 and ISO numeric codes are digits
        taken = set(model._default_manager.values_list(f.name, flat=True))
        return next(c for c in (f"{n:0{length}d}" for n in range(10**length - 1, 0, -1)) if c not in taken)
    for n in itertools.count():
        candidate = (marker if n == 0 else f"{marker}{n}")[-length:] if length >= 8 else None
        if candidate is None:
            letters = "QZXJKVWY"
            candidate = "".join(letters[(n // len(letters) ** i) % len(letters)] for i in range(length))
        if not model._default_manager.filter(**{f.name: candidate}).exists():
            return candidate


def _constrained(model) -> tuple[set, set]:
    """Fields unique on their own, and fields in a unique combination."""
    alone, together = {f.name for f in model._meta.fields if f.unique}, set()
    groups = [c.fields for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    groups += list(model._meta.unique_together)
    for fields in groups:
        (alone if len(fields) == 1 else together).update(fields)
    return alone, together


def _value(model, f, marker: str, unique: bool):
    if f.choices:
        return f.choices[0][0]
    if unique or isinstance(f, models.SlugField):
        return _unique_value(model, f, marker)
    if isinstance(f, models.URLField):
        return f"https://example.org/{marker}"
    if isinstance(f, (models.CharField, models.TextField)):
        text = f"{marker} n{next(_counter)}"  # the marker as a word (search finds it), combinations unique
        return text[: f.max_length] if f.max_length else text
    if isinstance(f, models.BooleanField):
        return f.get_default()
    if isinstance(f, models.DateTimeField):
        return timezone.now()
    if isinstance(f, models.DateField):
        return datetime.date(2020, 6, 1)
    if isinstance(f, models.IntegerField):
        return 2020 if f.name in ("year", "start", "end", "since", "until", "start_year", "end_year") else 1
    if isinstance(f, models.JSONField):
        return f.get_default()
    raise NotImplementedError(f"no test value for {model.__name__}.{f.name} ({type(f).__name__})")


# What a model needs beyond its required fields (rules the loader and admin keep).
NEEDS = {"dialogues.Chairmanship": lambda: {"country": public_instance(apps.get_model("geo.Country"))}}


def public_instance(model):
    manager = model._default_manager
    existing = manager.filter(visibility="public") if is_curated(model) else manager.all()
    return existing.order_by("pk").first() or make(model, f"Zqxfill{model.__name__}", "public")


def make(model, marker: str, visibility: str, **overrides):
    """A saved instance of `model` with `marker` in its text fields; required keys point to public
    records unless `overrides` say otherwise."""
    values = {}
    alone, together = _constrained(model)
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in overrides or f.name in ("created", "updated"):
            continue
        if f.is_relation:
            if f.name in together:  # a fresh parent keeps the combination unique
                values[f.name] = make(f.related_model, f"Zqxfill{f.related_model.__name__}", "public")
            elif not f.null:
                values[f.name] = public_instance(f.related_model)
            continue
        if f.name == "visibility":
            values[f.name] = visibility
        elif f.name == "as_of" or (f.null and f.name not in ("year",)):
            continue
        elif f.has_default() and not isinstance(f, (models.CharField, models.TextField)):
            continue
        else:
            values[f.name] = _value(model, f, marker, f.name in alone)
    if model._meta.label in NEEDS:
        values.update(NEEDS[model._meta.label]())
    values.update(overrides)
    return model._default_manager.create(**values)


def natural_key(obj) -> tuple[str, str] | None:
    """(mention type, key) when documents can mention this kind of record."""
    for type_, target in mentions.TARGETS.items():
        if isinstance(obj, target.model):
            return type_, str(getattr(obj, target.key))
    return None


def api_twin(url: str) -> str:
    return "/api" + url.rstrip("/")


@dataclass
class Probe:
    model: type
    hidden: list = field(default_factory=list)  # the restricted record and what cannot exist without it
    shown: list = field(default_factory=list)  # public records pointing to them
    markers: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # natural keys of hidden records, found in context only

    @classmethod
    def build(cls, model) -> Probe:
        probe = cls(model)
        marker = f"Zqxhidden{model.__name__}"
        root = make(model, marker, "restricted")
        probe._hide(root, marker)
        for obj in list(probe.hidden):
            probe._link(obj)
        return probe

    def _hide(self, obj, marker: str) -> None:
        self.hidden.append(obj)
        self.markers.append(marker)
        key = natural_key(obj)
        if key:
            self.keys.append(key[1])
        # Rows that cannot exist without `obj` are hidden with it: make one of each, public in itself.
        for dependant in apps.get_models():
            if not is_curated(dependant):
                continue
            for f in required_parents(dependant):
                if f.related_model is type(obj) and dependant is not type(obj):
                    child_marker = f"Zqxdependant{dependant.__name__}of{type(obj).__name__}"
                    child = make(dependant, child_marker, "public", **{f.name: obj})
                    self._hide(child, child_marker)

    def _link(self, obj) -> None:
        """Public records pointing to `obj` through every nullable key and many-to-many."""
        target = type(obj)
        marker = self.markers[self.hidden.index(obj)]
        for model in apps.get_models():
            if not is_curated(model):
                continue
            for f in model._meta.get_fields():
                if not (getattr(f, "concrete", False) and f.is_relation and f.related_model is target):
                    continue
                if f.many_to_many:
                    linker = make(model, f"Zqxlink{model.__name__}", "public")
                    getattr(linker, f.name).add(obj)
                elif f.null:
                    extra = {}
                    if f.name == "source_document":  # a quoted passage is part of the hidden document
                        extra = {"source_passage": f"{marker} n0", "source_title": f"{marker} n0"}
                    linker = make(model, f"Zqxlink{model.__name__}", "public", **{f.name: obj}, **extra)
                else:
                    continue
                self.shown.append(linker)
        key = natural_key(obj)
        if key:  # a public document that mentions it
            from migis.documents.models import Document, Mention, MentionedEntity

            spelled = f"Zqxspelled{target.__name__}"  # the document's own words: public, unlike the record
            text = f"Mentioned here: {spelled}."
            doc = make(Document, "Zqxmentioner", "public", text=text, is_current=True, kind="news")
            start = text.index(spelled)
            Mention.objects.create(
                document=doc, type=key[0], ref=key[1], start=start, end=start + len(spelled), text=spelled
            )
            MentionedEntity.objects.create(
                document=doc, type=key[0], ref=key[1], first_start=start, passage=f"…{spelled}…"
            )
            doc.facts = [{"type": "place", "place": spelled, "country": key[1], "text": spelled}]
            doc.save()
            self.shown.append(doc)

    # --- what to walk ---------------------------------------------------------------------------------

    def urls(self) -> list[str]:
        out = set(LIST_ROUTES) | set(EXPORTS)
        out |= {f"/api/map?layer={layer}" for layer in MAP_LAYERS}
        for obj in self.hidden + self.shown:
            for related in (obj, *_parents(obj)):
                url = getattr(related, "get_absolute_url", None)
                if url:
                    out |= {url(), api_twin(url())}
                slug = getattr(related, "slug", None)
                if type(related).__name__ == "Dialogue":
                    out.add(f"/api/map?layer=dialogue&dialogue={slug}")
                if type(related).__name__ == "Organisation":
                    out.add(f"/api/map?layer=organisation&organisation={slug}")
                if type(related).__name__ == "Indicator":
                    out.add(f"/api/map?layer=indicator&indicator={related.code}")
                    out.add(f"/api/observations?indicator={related.code}")
        for marker in self.markers:
            out |= {f"/search/?q={marker}", f"/api/search?q={marker}"}
        for obj in self.hidden:
            for name, value in _filter_values(obj):
                out |= {f"{route}?{urlencode({name: value})}" for route in FILTERS.get(name, [])}
        return sorted(out)


def _parents(obj) -> list:
    """The public records `obj` points to (its page shows on theirs: a membership on its dialogue's)."""
    out = []
    for f in obj._meta.concrete_fields:
        if f.is_relation and is_curated(f.related_model):
            parent = getattr(obj, f.name, None)
            if parent is not None:
                out.append(parent)
    return out


def _filter_values(obj) -> list[tuple[str, str]]:
    key = natural_key(obj)
    out = [key] if key else []
    if type(obj).__name__ == "Theme":
        out.append(("theme", obj.slug))
    if type(obj).__name__ == "Organisation":
        out.append(("donor", obj.slug))
    return out


def routes() -> list[str]:
    """Every URL pattern of the site, as text ("countries/<str:iso3>/")."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    return list(walk(get_resolver().url_patterns))
