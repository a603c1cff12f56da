"""Load the curated reference data (and, on request, the demo content) in one transaction.

Every file is read and checked before anything is written: a malformed file raises DataError naming
the file, line and field, and the transaction leaves the database as it was. Records are upserted on
their natural keys (ISO code, slug, key), so a re-run changes nothing.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from django.db import transaction

from migis.core.cache import one_bump
from migis.dialogues.models import (
    Chairmanship,
    Declaration,
    Dialogue,
    DialogueFact,
    Membership,
    OrganisationParticipation,
    Role,
)
from migis.documents.models import Document
from migis.events.models import Event
from migis.frameworks.models import GcmObjective, SdgGoal, SdgTarget, Theme
from migis.geo.models import Country, Region
from migis.organisations.models import Organisation, OrganisationMembership
from migis.projects.models import Project
from migis.reference import countries as country_packages
from migis.reference.sources import CORPUS_DIR, Source, parse_source
from migis.reference.yamlio import DataError, Record, read, top_list

DATA_DIR = Path(__file__).parent / "data"
DEMO_DIR = Path(__file__).parent / "demo"
LANGS = ("en", "fr", "ar")


@dataclass
class Context:
    """What has been loaded so far, for resolving references between files."""

    documents: dict = field(default_factory=dict)  # corpus file name -> Document
    publishers: dict = field(default_factory=dict)  # Document -> its record, to link once organisations exist
    counts: dict = field(default_factory=dict)

    def count(self, name: str, n: int = 1):
        self.counts[name] = self.counts.get(name, 0) + n


def _lang_fields(prefix: str, values: dict) -> dict:
    return {f"{prefix}_{lang}": values.get(lang, "") for lang in LANGS}


def _names_with_sources(rec: Record, field: str = "aliases") -> dict[str, list[str]]:
    """Aliases by language, plus the names of `name_sources` entries, each of which must carry a source."""
    names = rec.language_lists(field)
    for entry in rec.records("name_sources"):
        parse_source(Record(entry.path, {"source": entry.data}, entry.prefix), as_of=None)
        for lang, extra in entry.language_lists("names").items():
            names[lang] = list(dict.fromkeys(names.get(lang, []) + extra))
    return names


def _upsert(model, lookup: dict, values: dict):
    obj, _ = model.objects.update_or_create(**lookup, defaults=values)
    return obj


class Resolver:
    """Looks up referenced records by natural key, raising DataError at the referring line."""

    def __init__(self):
        self._cache: dict = {}

    def _get(self, model, key_field, value, record: Record, field_name: str):
        key = (model, value)
        if key not in self._cache:
            self._cache[key] = model.objects.filter(**{key_field: value}).first()
        if self._cache[key] is None:
            raise record.error(field_name, f"unknown {model._meta.verbose_name} {value!r}")
        return self._cache[key]

    def country(self, record, field_name, code):
        return self._get(Country, "iso3", str(code).upper(), record, field_name)

    def countries(self, record, field_name):
        return [
            self.country(record, f"{field_name}[{i}]", c) for i, c in enumerate(record.strings(field_name))
        ]

    def many(self, model, key_field, record, field_name):
        return [
            self._get(model, key_field, v, record, f"{field_name}[{i}]")
            for i, v in enumerate(record.strings(field_name))
        ]

    def one(self, model, key_field, record, field_name):
        value = record.str(field_name)
        return self._get(model, key_field, value, record, field_name) if value else None


# --- reference data -----------------------------------------------------------------------------


def load_regions(ctx: Context):
    path = DATA_DIR / "regions.yaml"
    data = read(path)
    src = parse_source(Record(path, data))
    by_code = {}
    for rec in top_list(path, data, "regions"):
        code = rec.str("code", required=True)
        parent_code = rec.str("parent")
        if parent_code and parent_code not in by_code:
            raise rec.error("parent", f"unknown region {parent_code!r} (parents must come first)")
        names = {"en": rec.str("name", required=True)}
        if rec.has("aliases"):  # other names, for the linker: each group needs its source
            parse_source(rec, "alias_source")
            for i, extra in enumerate(rec.list("alias_sources")):
                parse_source(Record(path, {"source": extra}, f"{rec.prefix}.alias_sources[{i}]", rec.line))
        for lang in ("fr", "ar"):
            names[lang] = Locale(lang).territories.get(code, "")
        by_code[code] = _upsert(
            Region,
            {"code": code},
            {
                "level": rec.choice("level", Region.Level.choices),
                "parent": by_code.get(parent_code),
                **_lang_fields("name", names),
                **src.fields(ctx.documents),
            },
        )
        ctx.count("regions")
    return by_code


def load_countries(ctx: Context, regions: dict):
    path = DATA_DIR / "countries.yaml"
    data = read(path)
    by_name = {r.name_en: r for r in regions.values()}
    package_source = Source(title=country_packages.PACKAGES_SOURCE, url="https://pypi.org/project/pycountry/")

    def placement(un_region_name: str, rec: Record | None = None):
        lowest = by_name.get(un_region_name)
        if lowest is None:
            if rec is not None and un_region_name:
                raise rec.error("un_region", f"unknown M49 region name {un_region_name!r}")
            return {"region": None, "subregion": None, "intermediate_region": None}
        chain = []
        node = lowest
        while node:
            chain.append(node)
            node = regions.get(node.parent.code) if node.parent_id else None
        levels = {r.level: r for r in chain}
        return {
            "region": levels.get(Region.Level.REGION),
            "subregion": levels.get(Region.Level.SUBREGION),
            "intermediate_region": levels.get(Region.Level.INTERMEDIATE),
        }

    import datetime

    package_source.as_of = datetime.date(2026, 2, 16)  # pycountry 26.2.16 release
    for c in country_packages.from_packages():
        _upsert(
            Country,
            {"iso3": c.iso3},
            {
                "iso2": c.iso2,
                "numeric": c.numeric,
                **_lang_fields("name", c.names),
                **_lang_fields("official_name", c.official_names),
                "aliases": c.aliases,
                "un_member": c.un_member,
                **placement(c.un_region_name),
                **package_source.fields(ctx.documents),
            },
        )
        ctx.count("countries")
    for rec in top_list(path, data, "extra"):
        src = parse_source(rec)
        _upsert(
            Country,
            {"iso3": rec.str("iso3", required=True).upper()},
            {
                "iso2": rec.str("iso2", required=True).upper(),
                "numeric": rec.str("numeric"),
                **_lang_fields("name", rec.languages("names", required_en=True)),
                **_lang_fields("official_name", rec.languages("official_names")),
                **placement(rec.str("un_region"), rec),
                **src.fields(ctx.documents),
            },
        )
        ctx.count("countries")
    resolver = Resolver()
    for rec in top_list(path, data, "aliases"):
        parse_source(rec)
        country = resolver.country(rec, "iso3", rec.str("iso3", required=True))
        aliases = dict(country.aliases)
        for lang, names in rec.language_lists("names").items():
            aliases[lang] = list(dict.fromkeys(aliases.get(lang, []) + names))
        if aliases != country.aliases:
            country.aliases = aliases
            country.save(update_fields=["aliases", "updated"])


def load_documents(ctx: Context):
    """The source documents (the corpus): loaded first, since other records cite them."""
    path = DEMO_DIR / "documents.yaml"
    if not path.exists():
        return
    for rec in top_list(path, read(path)):
        file_name = rec.str("file", required=True)
        file_path = CORPUS_DIR / file_name
        if "/" in file_name or not file_path.is_file():
            raise rec.error("file", f"no corpus file named {file_name!r}")
        text = file_path.read_text(encoding="utf-8")
        doc = _upsert(
            Document,
            {"key": rec.str("key", required=True)},
            {
                "title": rec.str("title", required=True, max_length=400),
                "kind": rec.choice("kind", Document.Kind.choices, Document.Kind.OTHER),
                "year": rec.int("year", low=1900, high=2100),
                "language": rec.str("language") or "en",
                "summary": rec.str("summary"),
                "file_name": file_name,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "text": text,
                "visibility": rec.choice("visibility", ("public", "restricted"), "public"),
                "source_title": rec.str("title"),
                "source_url": rec.url("url"),
            },
        )
        ctx.documents[file_name] = doc
        ctx.publishers[doc] = rec
        ctx.count("documents")


def link_publishers(ctx: Context):
    resolver = Resolver()
    for doc, rec in ctx.publishers.items():
        doc.publisher = resolver.one(Organisation, "slug", rec, "publisher")
        doc.save(update_fields=["publisher", "updated"])


def load_organisations(ctx: Context):
    path = DATA_DIR / "organisations.yaml"
    records = top_list(path, read(path))
    by_slug = {}
    for rec in records:
        src = parse_source(rec)
        slug = rec.str("slug", required=True)
        by_slug[slug] = _upsert(
            Organisation,
            {"slug": slug},
            {
                "acronym": rec.str("acronym", max_length=40),
                "acronyms": {k: v for k, v in rec.languages("acronyms").items() if v},
                **_lang_fields("name", rec.languages("names", required_en=True)),
                "aliases": _names_with_sources(rec),
                "kind": rec.choice("kind", Organisation.Kind.choices, Organisation.Kind.OTHER),
                "founded": rec.int("founded", low=1800, high=2100),
                "url": rec.url("url"),
                **src.fields(ctx.documents),
            },
        )
        ctx.count("organisations")
    resolver = Resolver()
    for rec in records:  # second pass: references between organisations, and member states
        org = by_slug[rec.str("slug")]
        org.parent = resolver.one(Organisation, "slug", rec, "parent")
        org.headquarters = (
            resolver.country(rec, "headquarters", rec.str("headquarters"))
            if rec.has("headquarters")
            else None
        )
        org.save(update_fields=["parent", "headquarters", "updated"])
        for group in rec.records("member_states"):
            src = parse_source(group, as_of=group.date("as_of"))
            for country in resolver.countries(group, "countries"):
                _upsert(
                    OrganisationMembership,
                    {"organisation": org, "country": country, "as_of": src.as_of},
                    src.fields(ctx.documents),
                )
                ctx.count("organisation memberships")


def load_frameworks(ctx: Context):
    path = DATA_DIR / "themes.yaml"
    if path.exists():
        for rec in top_list(path, read(path)):
            src = parse_source(rec)
            _upsert(
                Theme,
                {"slug": rec.str("slug", required=True)},
                {
                    **_lang_fields("name", rec.languages("names", required_en=True)),
                    "keywords": rec.language_lists("keywords"),
                    **src.fields(ctx.documents),
                },
            )
            ctx.count("themes")
    path = DATA_DIR / "sdg.yaml"
    if path.exists():
        data = read(path)
        src = parse_source(Record(path, data))
        for rec in top_list(path, data, "goals"):
            number = rec.int("number", required=True, low=1, high=17)
            goal = _upsert(
                SdgGoal,
                {"number": number},
                {
                    **_lang_fields("short", rec.languages("short", required_en=True)),
                    **_lang_fields("title", rec.languages("title", required_en=True)),
                    **src.fields(ctx.documents),
                },
            )
            ctx.count("SDG goals")
            for position, target in enumerate(rec.records("targets")):
                code = target.str("code", required=True)
                if code.split(".")[0] != str(number):
                    raise target.error("code", f"target {code!r} does not belong to goal {number}")
                _upsert(
                    SdgTarget,
                    {"code": code},
                    {
                        "goal": goal,
                        "position": position,
                        **_lang_fields("text", target.languages("text", required_en=True)),
                        **src.fields(ctx.documents),
                    },
                )
                ctx.count("SDG targets")
    path = DATA_DIR / "gcm.yaml"
    if path.exists():
        data = read(path)
        src = parse_source(Record(path, data))
        for rec in top_list(path, data, "objectives"):
            # An objective may cite its own source for the English title (`source: {en: {url, title}}`).
            own = rec.sub("source")
            obj_src = parse_source(own, "en", as_of=src.as_of) if own is not None and own.has("en") else src
            _upsert(
                GcmObjective,
                {"number": rec.int("number", required=True, low=1, high=23)},
                {
                    **_lang_fields("title", rec.languages("title", required_en=True)),
                    **obj_src.fields(ctx.documents),
                },
            )
            ctx.count("GCM objectives")


def _load_memberships(ctx, resolver, dialogue, rec: Record, field_name: str = "memberships"):
    for group in rec.records(field_name):
        src = parse_source(group, as_of=group.date("as_of"))
        role = group.choice("role", Role.choices, Role.PARTICIPATING)
        for country in resolver.countries(group, "countries"):
            _upsert(
                Membership,
                {"dialogue": dialogue, "country": country, "role": role},
                {
                    "since": group.int("since", low=1900, high=2100),
                    "until": group.int("until", low=1900, high=2100),
                    **src.fields(ctx.documents),
                },
            )
            ctx.count("dialogue memberships")


def _load_chair(ctx, resolver, dialogue, rec: Record):
    src = parse_source(rec)
    country = resolver.country(rec, "country", rec.str("country")) if rec.has("country") else None
    organisation = resolver.one(Organisation, "slug", rec, "organisation")
    if not country and not organisation:
        raise rec.error("country", "a chair needs a country or an organisation")
    start = rec.int("start", required=True, low=1900, high=2100)
    _upsert(
        Chairmanship,
        {"dialogue": dialogue, "country": country, "organisation": organisation, "start": start},
        {"end": rec.int("end", low=1900, high=2100), **src.fields(ctx.documents)},
    )
    ctx.count("chairmanships")


def load_dialogues(ctx: Context):
    path = DATA_DIR / "dialogues.yaml"
    resolver = Resolver()
    for rec in top_list(path, read(path)):
        src = parse_source(rec)
        description = rec.languages("description")
        dialogue = _upsert(
            Dialogue,
            {"slug": rec.str("slug", required=True)},
            {
                "acronym": rec.str("acronym", max_length=40),
                **_lang_fields("name", rec.languages("names", required_en=True)),
                "aliases": _names_with_sources(rec),
                "kind": rec.choice("kind", Dialogue.Kind.choices),
                "founded": rec.int("founded", low=1900, high=2100),
                "secretariat": resolver.one(Organisation, "slug", rec, "secretariat"),
                "url": rec.url("url"),
                **_lang_fields("description", description),
                **src.fields(ctx.documents),
            },
        )
        ctx.count("dialogues")
        _load_memberships(ctx, resolver, dialogue, rec)
        for group in rec.records("organisation_members"):
            gsrc = parse_source(group, as_of=group.date("as_of"))
            _upsert(
                OrganisationParticipation,
                {
                    "dialogue": dialogue,
                    "organisation": resolver.one(Organisation, "slug", group, "organisation"),
                    "role": group.choice("role", Role.choices, Role.PARTICIPATING),
                },
                gsrc.fields(ctx.documents),
            )
        for chair in rec.records("chairs"):
            _load_chair(ctx, resolver, dialogue, chair)


# --- demo content -------------------------------------------------------------------------------


def _visibility(rec: Record) -> str:
    return rec.choice("visibility", ("public", "restricted"), "public")


def load_projects(ctx: Context):
    from django.utils.text import slugify

    path = DEMO_DIR / "projects.yaml"
    if not path.exists():
        return
    resolver = Resolver()
    seen = {}
    for rec in top_list(path, read(path)):
        src = parse_source(rec)
        acronym = rec.str("acronym", max_length=60)
        title = rec.str("title", required=True, max_length=400)
        slug = rec.str("key") or slugify(acronym or title)[:120]
        if slug in seen:
            raise rec.error(
                "key", f"project key {slug!r} already used at line {seen[slug]}; give each a `key`"
            )
        seen[slug] = rec.line
        project = _upsert(
            Project,
            {"slug": slug},
            {
                "acronym": acronym,
                "title": title,
                "region_label": rec.str("region_label", max_length=150),
                "description": rec.str("description"),
                "start_year": rec.int("start_year", low=1900, high=2100),
                "end_year": rec.int("end_year", low=1900, high=2100),
                "notes": rec.str("notes"),
                "visibility": _visibility(rec),
                **src.fields(ctx.documents),
            },
        )
        project.regions.set(resolver.many(Region, "code", rec, "regions"))
        project.countries.set(resolver.countries(rec, "countries"))
        project.themes.set(resolver.many(Theme, "slug", rec, "themes"))
        project.donors.set(resolver.many(Organisation, "slug", rec, "donors"))
        project.implementers.set(resolver.many(Organisation, "slug", rec, "implementers"))
        project.dialogues.set(resolver.many(Dialogue, "slug", rec, "dialogues"))
        project.sdg_targets.set(resolver.many(SdgTarget, "code", rec, "sdg_targets"))
        ctx.count("projects")


def load_events(ctx: Context):
    path = DEMO_DIR / "events.yaml"
    if not path.exists():
        return
    resolver = Resolver()
    for rec in top_list(path, read(path)):
        src = parse_source(rec)
        start = rec.date("start_date", required=True)
        end = rec.date("end_date")
        if end and end < start:
            raise rec.error("end_date", f"{end} is before start_date {start}")
        event = _upsert(
            Event,
            {"key": rec.str("key", required=True)},
            {
                "title": rec.str("title", required=True, max_length=400),
                "kind": rec.choice("kind", Event.Kind.choices, Event.Kind.MEETING),
                "start_date": start,
                "end_date": end,
                "date_precision": rec.choice("date_precision", Event.Precision.choices, "day"),
                "city": rec.str("city", max_length=120),
                "country": resolver.country(rec, "country", rec.str("country"))
                if rec.has("country")
                else None,
                "online": rec.bool("online"),
                "participants": rec.int("participants"),
                "countries_count": rec.int("countries_count", high=250),
                "description": rec.str("description"),
                "notes": rec.str("notes"),
                "dialogue": resolver.one(Dialogue, "slug", rec, "dialogue"),
                "project": resolver.one(Project, "acronym", rec, "project"),
                "visibility": _visibility(rec),
                **src.fields(ctx.documents),
            },
        )
        event.participant_countries.set(resolver.countries(rec, "participant_countries"))
        event.organisers.set(resolver.many(Organisation, "slug", rec, "organisers"))
        event.themes.set(resolver.many(Theme, "slug", rec, "themes"))
        ctx.count("events")


def load_dialogue_facts(ctx: Context):
    path = DEMO_DIR / "dialogue_facts.yaml"
    if not path.exists():
        return
    data = read(path)
    root = Record(path, data)
    resolver = Resolver()
    for rec in root.records("chairs"):
        _load_chair(ctx, resolver, resolver.one(Dialogue, "slug", rec, "dialogue"), rec)
    for rec in root.records("declarations"):
        src = parse_source(rec)
        _upsert(
            Declaration,
            {
                "dialogue": resolver.one(Dialogue, "slug", rec, "dialogue"),
                "title": rec.str("title", required=True),
            },
            {
                "kind": rec.choice("kind", Declaration.Kind.choices, Declaration.Kind.OTHER),
                "year": rec.int("year", low=1900, high=2100),
                "place": rec.str("place", max_length=150),
                "country": resolver.country(rec, "country", rec.str("country"))
                if rec.has("country")
                else None,
                "period_start": rec.int("period_start", low=1900, high=2100),
                "period_end": rec.int("period_end", low=1900, high=2100),
                "visibility": _visibility(rec),
                **src.fields(ctx.documents),
            },
        )
        ctx.count("declarations")
    for rec in root.records("memberships"):
        dialogue = resolver.one(Dialogue, "slug", rec, "dialogue")
        _load_memberships(ctx, resolver, dialogue, Record(path, {"memberships": [rec.data]}, rec.prefix))
    for rec in root.records("facts"):
        src = parse_source(rec)
        _upsert(
            DialogueFact,
            {
                "dialogue": resolver.one(Dialogue, "slug", rec, "dialogue"),
                "text": rec.str("text", required=True),
            },
            {
                "year": rec.int("year", low=1900, high=2100),
                "visibility": _visibility(rec),
                **src.fields(ctx.documents),
            },
        )
        ctx.count("dialogue facts")


def load(demo: bool = False) -> dict:
    """Load reference data (and the demo content); all or nothing. Returns counts per kind."""
    ctx = Context()
    with transaction.atomic(), one_bump():
        regions = load_regions(ctx)
        load_countries(ctx, regions)
        load_documents(ctx)
        load_organisations(ctx)
        link_publishers(ctx)
        load_frameworks(ctx)
        load_dialogues(ctx)
        if demo:
            load_projects(ctx)
            load_events(ctx)
            load_dialogue_facts(ctx)
    return ctx.counts


__all__ = ["DataError", "load"]
