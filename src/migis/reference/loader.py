"""Load the curated reference data (and, on request, the demo content) in one transaction.

A malformed file raises DataError naming the file, line and field, and the transaction leaves the
database as it was. The database is kept equal to the files read (see sync.py): a record is matched on
its natural key (ISO code, slug, key), saved only when a value differs, and removed when the file that
made it no longer holds it; a re-run changes nothing. Records made in the back office are left alone.
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
from migis.reference.statistics import load_indicators
from migis.reference.sync import Report, Row, Writer
from migis.reference.yamlio import DataError, Record, read, top_list

DATA_DIR = Path(__file__).parent / "data"
DEMO_DIR = Path(__file__).parent / "demo"
LANGS = ("en", "fr", "ar")


def _file(path: Path) -> str:
    """The name a file is remembered by, whichever folder the data is read from."""
    return f"{'demo' if path.parent == DEMO_DIR else 'data'}/{path.name}"


@dataclass
class Context:
    """What has been loaded so far, for resolving references between files."""

    writer: Writer
    documents: dict = field(default_factory=dict)  # corpus file name -> Document
    publishers: dict = field(default_factory=dict)  # Document -> its record, to link once organisations exist
    memberships: list = field(default_factory=list)  # rows from two files, written together
    chairs: list = field(default_factory=list)

    def read(self, path: Path):
        data = read(path)
        self.writer.read(_file(path))
        return data

    def row(self, rec: Record, lookup: dict, values: dict, **extra) -> Row:
        return Row(_file(rec.path), lookup, values, line=rec.line, **extra)


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


class Resolver:
    """Looks up referenced records by natural key, raising DataError at the referring line. A record
    its file no longer holds (it is about to be removed) is unknown too."""

    def __init__(self, writer: Writer):
        self._cache: dict = {}
        self.writer = writer

    def _get(self, model, key_field, value, record: Record, field_name: str):
        key = (model, value)
        if key not in self._cache:
            self._cache[key] = model.objects.filter(**{key_field: value}).first()
        obj = self._cache[key]
        if obj is None or self.writer.is_stale(obj):
            raise record.error(field_name, f"unknown {model._meta.verbose_name} {value!r}")
        return obj

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
    data = ctx.read(path)
    src = parse_source(Record(path, data))
    by_code: dict[str, Region] = {}
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
        values = {
            "level": rec.choice("level", Region.Level.choices),
            "parent": by_code.get(parent_code),
            **_lang_fields("name", names),
            **src.fields(ctx.documents),
        }
        by_code[code] = ctx.writer.one(Region, ctx.row(rec, {"code": code}, values))
    return by_code


def _country_aliases(path: Path, data, rows: dict[str, Row]) -> None:
    """The `aliases` section: more names of a listed state, each group with its source."""
    for rec in top_list(path, data, "aliases"):
        parse_source(rec)
        code = rec.str("iso3", required=True).upper()
        if code not in rows:
            raise rec.error("iso3", f"unknown country {code!r}")
        aliases = dict(rows[code].values["aliases"])
        for lang, names in rec.language_lists("names").items():
            aliases[lang] = list(dict.fromkeys(aliases.get(lang, []) + names))
        rows[code].values["aliases"] = aliases


def load_countries(ctx: Context, regions: dict):
    path = DATA_DIR / "countries.yaml"
    data = ctx.read(path)
    file = _file(path)
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
    rows: dict[str, Row] = {}
    for c in country_packages.from_packages():
        rows[c.iso3] = Row(
            file,
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
    for rec in top_list(path, data, "extra"):
        src = parse_source(rec)
        iso3 = rec.str("iso3", required=True).upper()
        rows[iso3] = ctx.row(
            rec,
            {"iso3": iso3},
            {
                "iso2": rec.str("iso2", required=True).upper(),
                "numeric": rec.str("numeric"),
                **_lang_fields("name", rec.languages("names", required_en=True)),
                **_lang_fields("official_name", rec.languages("official_names")),
                "aliases": {},
                **placement(rec.str("un_region"), rec),
                **src.fields(ctx.documents),
            },
        )
    _country_aliases(path, data, rows)
    ctx.writer.sync(Country, list(rows.values()))


def load_documents(ctx: Context, demo: bool):
    """The source documents (the corpus): loaded first, since other records cite them. Without the demo
    content, records cite the corpus documents an earlier demo load wrote, if any."""
    path = DEMO_DIR / "documents.yaml"
    if not demo or not path.exists():
        ctx.documents = {d.file_name: d for d in ctx.writer.registered(Document, _file(path))}
        return
    rows, recs = [], []
    for rec in top_list(path, ctx.read(path)):
        file_name = rec.str("file", required=True)
        file_path = CORPUS_DIR / file_name
        if "/" in file_name or not file_path.is_file():
            raise rec.error("file", f"no corpus file named {file_name!r}")
        text = file_path.read_text(encoding="utf-8")
        values = {
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
        }
        rows.append(ctx.row(rec, {"key": rec.str("key", required=True)}, values))
        recs.append(rec)
    for doc, rec in zip(ctx.writer.sync(Document, rows), recs, strict=True):
        ctx.documents[doc.file_name] = doc
        ctx.publishers[doc] = rec


def link_publishers(ctx: Context):
    resolver = Resolver(ctx.writer)
    for doc, rec in ctx.publishers.items():
        ctx.writer.update(doc, {"publisher": resolver.one(Organisation, "slug", rec, "publisher")})


def _more_sources(rec: Record, field: str) -> None:
    """Check an optional list of sources for facts of a record its `source` does not state (the joint
    secretariat of a dialogue, a headquarters city): each entry needs a verbatim passage, as `source` does.
    The record keeps its main source; these are for the curator and the checks."""
    for i, entry in enumerate(rec.list(field)):
        parse_source(Record(rec.path, {"source": entry}, f"{rec.prefix}.{field}[{i}]", rec.line))


def load_organisations(ctx: Context):
    path = DATA_DIR / "organisations.yaml"
    records = top_list(path, ctx.read(path))
    rows = []
    for rec in records:
        src = parse_source(rec)
        _more_sources(rec, "fact_sources")
        values = {
            "acronym": rec.str("acronym", max_length=40),
            "acronyms": {k: v for k, v in rec.languages("acronyms").items() if v},
            **_lang_fields("name", rec.languages("names", required_en=True)),
            "aliases": _names_with_sources(rec),
            "kind": rec.choice("kind", Organisation.Kind.choices, Organisation.Kind.OTHER),
            "founded": rec.int("founded", low=1800, high=2100),
            "headquarters_city": rec.str("headquarters_city", max_length=100),
            "url": rec.url("url"),
            **src.fields(ctx.documents),
        }
        rows.append(ctx.row(rec, {"slug": rec.str("slug", required=True)}, values))
    organisations = ctx.writer.sync(Organisation, rows)
    resolver = Resolver(ctx.writer)
    members = []
    for org, rec in zip(organisations, records, strict=True):  # references between organisations, members
        hq = rec.str("headquarters")
        headquarters = resolver.country(rec, "headquarters", hq) if hq else None
        ctx.writer.update(
            org, {"parent": resolver.one(Organisation, "slug", rec, "parent"), "headquarters": headquarters}
        )
        for group in rec.records("member_states"):
            src = parse_source(group, as_of=group.date("as_of"))
            for country in resolver.countries(group, "countries"):
                lookup = {"organisation": org, "country": country, "as_of": src.as_of}
                members.append(ctx.row(group, lookup, src.fields(ctx.documents)))
    ctx.writer.sync(OrganisationMembership, members, looser=(("organisation", "country"),))


def load_frameworks(ctx: Context):
    path = DATA_DIR / "themes.yaml"
    if path.exists():
        rows = []
        for rec in top_list(path, ctx.read(path)):
            src = parse_source(rec)
            values = {
                **_lang_fields("name", rec.languages("names", required_en=True)),
                "keywords": rec.language_lists("keywords"),
                **src.fields(ctx.documents),
            }
            rows.append(ctx.row(rec, {"slug": rec.str("slug", required=True)}, values))
        ctx.writer.sync(Theme, rows)
    path = DATA_DIR / "sdg.yaml"
    if path.exists():
        data = ctx.read(path)
        src = parse_source(Record(path, data))
        goals, targets = [], []
        for rec in top_list(path, data, "goals"):
            number = rec.int("number", required=True, low=1, high=17)
            values = {
                **_lang_fields("short", rec.languages("short", required_en=True)),
                **_lang_fields("title", rec.languages("title", required_en=True)),
                **src.fields(ctx.documents),
            }
            goals.append(ctx.row(rec, {"number": number}, values))
            for position, target in enumerate(rec.records("targets")):
                code = target.str("code", required=True)
                if code.split(".")[0] != str(number):
                    raise target.error("code", f"target {code!r} does not belong to goal {number}")
                values = {
                    "goal": number,  # the goal record, once written
                    "position": position,
                    **_lang_fields("text", target.languages("text", required_en=True)),
                    **src.fields(ctx.documents),
                }
                targets.append(ctx.row(target, {"code": code}, values))
        by_number = {goal.number: goal for goal in ctx.writer.sync(SdgGoal, goals)}
        for row in targets:
            row.values["goal"] = by_number[row.values["goal"]]
        ctx.writer.sync(SdgTarget, targets)
    path = DATA_DIR / "gcm.yaml"
    if path.exists():
        data = ctx.read(path)
        src = parse_source(Record(path, data))
        rows = []
        for rec in top_list(path, data, "objectives"):
            # An objective may cite its own source for the English title (`source: {en: {url, title}}`).
            own = rec.sub("source")
            obj_src = parse_source(own, "en", as_of=src.as_of) if own is not None and own.has("en") else src
            values = {
                **_lang_fields("title", rec.languages("title", required_en=True)),
                **obj_src.fields(ctx.documents),
            }
            rows.append(ctx.row(rec, {"number": rec.int("number", required=True, low=1, high=23)}, values))
        ctx.writer.sync(GcmObjective, rows)


def _memberships(ctx, resolver, dialogue, rec: Record, field_name: str = "memberships"):
    for group in rec.records(field_name):
        src = parse_source(group, as_of=group.date("as_of"))
        role = group.choice("role", Role.choices, Role.PARTICIPATING)
        for country in resolver.countries(group, "countries"):
            values = {
                "since": group.int("since", low=1900, high=2100),
                "until": group.int("until", low=1900, high=2100),
                **src.fields(ctx.documents),
            }
            ctx.memberships.append(
                ctx.row(group, {"dialogue": dialogue, "country": country, "role": role}, values)
            )


def _chair(ctx, resolver, dialogue, rec: Record):
    src = parse_source(rec)
    country = resolver.country(rec, "country", rec.str("country")) if rec.has("country") else None
    organisation = resolver.one(Organisation, "slug", rec, "organisation")
    if not country and not organisation:
        raise rec.error("country", "a chair needs a country or an organisation")
    start = rec.int("start", required=True, low=1900, high=2100) or 1900
    end = rec.int("end", low=start, high=2100)
    # The end year may come from another page than the start (the successor's "took over from ..."):
    # `end_source` then states it.
    if parse_source(rec, "end_source", required=False) is not None and end is None:
        raise rec.error("end_source", "a source for the end year, but no `end`")
    lookup = {"dialogue": dialogue, "country": country, "organisation": organisation, "start": start}
    values = {"end": end, "co_chair": rec.bool("co_chair"), **src.fields(ctx.documents)}
    ctx.chairs.append(ctx.row(rec, lookup, values))


def _source_date(group: Record):
    source = group.sub("source")
    return source.date("as_of") if source is not None else None


def _list_date(groups: list[list[Record]]):
    """How recent a member list is: the latest date of its participating states, else of its other
    groups of states, else of its organisations (the groups come in that order of preference)."""
    for kind in groups:
        participating = [
            g for g in kind if g.choice("role", Role.choices, Role.PARTICIPATING) == Role.PARTICIPATING
        ]
        for chosen in (participating, kind):
            dates = [d for d in (g.date("as_of") or _source_date(g) for g in chosen) if d]
            if dates:
                return max(dates)
    return None


def _member_list(rec: Record) -> dict:
    """The dialogue's `member_list` statement: how complete its member list is (complete, partial or
    none), with a note; `none` needs the note (why there is no list) and no members. The date is that of
    its member groups (see _list_date)."""
    states, organisations = rec.records("memberships"), rec.records("organisation_members")
    groups = states + organisations
    sub = rec.sub("member_list")
    status, notes = "", {}
    if sub is not None:
        status = sub.choice("status", Dialogue.MemberList.choices)
        if not status:
            raise sub.error("status", f"is required ({', '.join(Dialogue.MemberList.values)})")
        notes = sub.languages("note")
        if status == Dialogue.MemberList.NONE:
            if not notes.get("en"):
                raise sub.error("note", "`none` needs a note saying why there is no member list")
            if groups:
                raise sub.error("status", "`none`, but the dialogue lists members")
        elif not groups:
            raise sub.error("status", f"{status!r}, but the dialogue lists no members")
    return {
        "member_list_status": status,
        **_lang_fields("member_list_note", notes),
        "member_list_as_of": _list_date([states, organisations]),
    }


def load_dialogues(ctx: Context):
    path = DATA_DIR / "dialogues.yaml"
    records = top_list(path, ctx.read(path))
    resolver = Resolver(ctx.writer)
    rows = []
    for rec in records:
        src = parse_source(rec)
        values = {
            "acronym": rec.str("acronym", max_length=40),
            **_lang_fields("name", rec.languages("names", required_en=True)),
            "aliases": _names_with_sources(rec),
            "kind": rec.choice("kind", Dialogue.Kind.choices),
            "founded": rec.int("founded", low=1900, high=2100),
            "secretariat": resolver.one(Organisation, "slug", rec, "secretariat"),
            "url": rec.url("url"),
            **_lang_fields("description", rec.languages("description")),
            **_member_list(rec),
            **src.fields(ctx.documents),
        }
        _more_sources(rec, "fact_sources")
        rows.append(ctx.row(rec, {"slug": rec.str("slug", required=True)}, values))
    participations = []
    for dialogue, rec in zip(ctx.writer.sync(Dialogue, rows), records, strict=True):
        _memberships(ctx, resolver, dialogue, rec)
        for group in rec.records("organisation_members"):
            lookup = {
                "dialogue": dialogue,
                "organisation": resolver.one(Organisation, "slug", group, "organisation"),
                "role": group.choice("role", Role.choices, Role.PARTICIPATING),
            }
            gsrc = parse_source(group, as_of=group.date("as_of"))
            participations.append(ctx.row(group, lookup, gsrc.fields(ctx.documents)))
        for chair in rec.records("chairs"):
            _chair(ctx, resolver, dialogue, chair)
    ctx.writer.sync(OrganisationParticipation, participations, looser=(("dialogue", "organisation"),))


def write_memberships_and_chairs(ctx: Context):
    """Memberships and chairs, from the dialogues and (with the demo content) the dialogue facts. A
    changed role or a corrected year updates the record in place when the files name it once."""
    ctx.writer.sync(Membership, ctx.memberships, looser=(("dialogue", "country"),))
    looser = (("dialogue", "start"), ("dialogue", "country", "organisation"))
    ctx.writer.sync(Chairmanship, ctx.chairs, looser=looser)


# --- demo content -------------------------------------------------------------------------------


def _visibility(rec: Record) -> str:
    return rec.choice("visibility", ("public", "restricted"), "public")


def load_projects(ctx: Context):
    from django.utils.text import slugify

    path = DEMO_DIR / "projects.yaml"
    if not path.exists():
        return
    resolver = Resolver(ctx.writer)
    seen: dict[str, int | None] = {}
    rows = []
    for rec in top_list(path, ctx.read(path)):
        src = parse_source(rec)
        acronym = rec.str("acronym", max_length=60)
        title = rec.str("title", required=True, max_length=400)
        slug = rec.str("key") or slugify(acronym or title)[:120]
        if slug in seen:
            raise rec.error(
                "key", f"project key {slug!r} already used at line {seen[slug]}; give each a `key`"
            )
        seen[slug] = rec.line
        values = {
            "acronym": acronym,
            "title": title,
            "region_label": rec.str("region_label", max_length=150),
            "description": rec.str("description"),
            "start_year": rec.int("start_year", low=1900, high=2100),
            "end_year": rec.int("end_year", low=1900, high=2100),
            "notes": rec.str("notes"),
            "visibility": _visibility(rec),
            **src.fields(ctx.documents),
        }
        m2m = {
            "regions": resolver.many(Region, "code", rec, "regions"),
            "countries": resolver.countries(rec, "countries"),
            "themes": resolver.many(Theme, "slug", rec, "themes"),
            "donors": resolver.many(Organisation, "slug", rec, "donors"),
            "implementers": resolver.many(Organisation, "slug", rec, "implementers"),
            "dialogues": resolver.many(Dialogue, "slug", rec, "dialogues"),
            "sdg_targets": resolver.many(SdgTarget, "code", rec, "sdg_targets"),
        }
        rows.append(ctx.row(rec, {"slug": slug}, values, m2m=m2m))
    # A project whose slug came from a changed acronym or title keeps its page when the other one holds.
    ctx.writer.sync(Project, rows, looser=(("title",), ("acronym",)))


def load_events(ctx: Context):
    path = DEMO_DIR / "events.yaml"
    if not path.exists():
        return
    resolver = Resolver(ctx.writer)
    rows = []
    for rec in top_list(path, ctx.read(path)):
        src = parse_source(rec)
        start = rec.date("start_date", required=True)
        end = rec.date("end_date")
        if end and end < start:
            raise rec.error("end_date", f"{end} is before start_date {start}")
        values = {
            "title": rec.str("title", required=True, max_length=400),
            "kind": rec.choice("kind", Event.Kind.choices, Event.Kind.MEETING),
            "start_date": start,
            "end_date": end,
            "date_precision": rec.choice("date_precision", Event.Precision.choices, "day"),
            "city": rec.str("city", max_length=120),
            "country": resolver.country(rec, "country", rec.str("country")) if rec.has("country") else None,
            "online": rec.bool("online"),
            "participants": rec.int("participants"),
            "countries_count": rec.int("countries_count", high=250),
            "description": rec.str("description"),
            "notes": rec.str("notes"),
            "dialogue": resolver.one(Dialogue, "slug", rec, "dialogue"),
            "project": resolver.one(Project, "acronym", rec, "project"),
            "visibility": _visibility(rec),
            **src.fields(ctx.documents),
        }
        m2m = {
            "participant_countries": resolver.countries(rec, "participant_countries"),
            "organisers": resolver.many(Organisation, "slug", rec, "organisers"),
            "themes": resolver.many(Theme, "slug", rec, "themes"),
        }
        rows.append(ctx.row(rec, {"key": rec.str("key", required=True)}, values, m2m=m2m))
    ctx.writer.sync(Event, rows)


def load_dialogue_facts(ctx: Context):
    path = DEMO_DIR / "dialogue_facts.yaml"
    if not path.exists():
        return
    root = Record(path, ctx.read(path))
    resolver = Resolver(ctx.writer)
    for rec in root.records("chairs"):
        _chair(ctx, resolver, resolver.one(Dialogue, "slug", rec, "dialogue"), rec)
    rows = []
    for rec in root.records("declarations"):
        src = parse_source(rec)
        lookup = {
            "dialogue": resolver.one(Dialogue, "slug", rec, "dialogue"),
            "title": rec.str("title", required=True, max_length=300),
        }
        values = {
            "kind": rec.choice("kind", Declaration.Kind.choices, Declaration.Kind.OTHER),
            "year": rec.int("year", low=1900, high=2100),
            "place": rec.str("place", max_length=150),
            "country": resolver.country(rec, "country", rec.str("country")) if rec.has("country") else None,
            "period_start": rec.int("period_start", low=1900, high=2100),
            "period_end": rec.int("period_end", low=1900, high=2100),
            "visibility": _visibility(rec),
            **src.fields(ctx.documents),
        }
        rows.append(ctx.row(rec, lookup, values, key=rec.str("key", max_length=120)))
    # A corrected title updates the declaration adopted by the same dialogue in the same year, of the
    # same kind (and period), when the file has one such declaration; an explicit `key` is surer.
    looser: tuple[tuple[str, ...], ...] = (
        ("dialogue", "kind", "year", "period_start", "period_end"),
        ("dialogue", "kind", "year"),
    )
    ctx.writer.sync(Declaration, rows, looser=looser)
    for rec in root.records("memberships"):
        dialogue = resolver.one(Dialogue, "slug", rec, "dialogue")
        _memberships(ctx, resolver, dialogue, Record(path, {"memberships": [rec.data]}, rec.prefix))
    rows = []
    for rec in root.records("facts"):
        src = parse_source(rec)
        lookup = {
            "dialogue": resolver.one(Dialogue, "slug", rec, "dialogue"),
            "text": rec.str("text", required=True),
        }
        values = {
            "year": rec.int("year", low=1900, high=2100),
            "visibility": _visibility(rec),
            **src.fields(ctx.documents),
        }
        rows.append(ctx.row(rec, lookup, values, key=rec.str("key", max_length=120)))
    # A corrected text updates the fact of the same dialogue and year quoting the same passage.
    looser = (("dialogue", "year", "source_passage"), ("dialogue", "year"))
    ctx.writer.sync(DialogueFact, rows, looser=looser)


def load(demo: bool = False) -> Report:
    """Load reference data (and the demo content); all or nothing. Records the files read no longer
    hold are removed. Returns what was added, changed, left unchanged and removed, per kind."""
    with transaction.atomic(), one_bump():
        ctx = Context(Writer())
        regions = load_regions(ctx)
        load_countries(ctx, regions)
        load_documents(ctx, demo)
        load_organisations(ctx)
        link_publishers(ctx)
        load_frameworks(ctx)
        load_indicators(ctx, DATA_DIR / "indicators.yaml")
        load_dialogues(ctx)
        if demo:
            load_projects(ctx)
            load_events(ctx)
            load_dialogue_facts(ctx)
        write_memberships_and_chairs(ctx)
        return ctx.writer.finish()


__all__ = ["DataError", "Report", "load"]
