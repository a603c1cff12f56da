"""Index entries: plain dicts built from the database, one per current document and one per curated
record worth finding. Every backend indexes exactly these fields.

    key           "document:<key>", "country:MLT", "dialogue:<slug>", "organisation:<slug>",
                  "project:<slug>", "event:<key>"
    kind          document kind (report, news, ...) or the record type (country, dialogue, ...)
    title, text   what the words are searched in (title weighs more)
    url           the page
    language      ISO 639-1 of a document ("" for records, which hold all three languages)
    year          int or None
    published     Unix timestamp or None
    visibility    "public" or "restricted"
    countries, dialogues, organisations   natural keys (ISO3, slugs) for the facets
"""

from collections.abc import Iterator

from django.db.models import Prefetch

from migis.core.links import stored_url
from migis.core.models import is_public

FACET_FIELDS = {  # facet/filter name -> entry field
    "type": "kind",
    "country": "countries",
    "dialogue": "dialogues",
    "organisation": "organisations",
    "language": "language",
    "year": "year",
}
RECORD_KINDS = ("country", "dialogue", "organisation", "project", "event")
MODELS = {  # model label -> (kind, natural key field)
    "documents.document": ("document", "key"),
    "geo.country": ("country", "iso3"),
    "dialogues.dialogue": ("dialogue", "slug"),
    "organisations.organisation": ("organisation", "slug"),
    "projects.project": ("project", "slug"),
    "events.event": ("event", "key"),
}


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def key_for(instance) -> str | None:
    label = instance._meta.label_lower
    if label not in MODELS:
        return None
    kind, field = MODELS[label]
    return f"{kind}:{getattr(instance, field)}"


def names_of(obj, field="name") -> list[str]:
    return [v for v in (getattr(obj, f"{field}_{lang}", "") for lang in ("en", "fr", "ar")) if v]


def aliases_of(obj) -> list[str]:
    aliases = getattr(obj, "aliases", None) or {}
    out = []
    for values in aliases.values() if isinstance(aliases, dict) else [aliases]:
        out.extend(values if isinstance(values, list) else [str(values)])
    return out


def _unique(values) -> list:
    return sorted({v for v in values if v})


def _visibility(obj) -> str:
    """ "public" when an anonymous reader may see the record (the reader scope's rule), else restricted."""
    return "public" if is_public(obj) else "restricted"


def _timestamp(dt):
    return int(dt.timestamp()) if dt else None


def _entry(**fields) -> dict:
    base: dict = {
        "language": "",
        "year": None,
        "published": None,
        "text": "",
        "countries": [],
        "dialogues": [],
        "organisations": [],
    }
    return base | fields


# --- documents ----------------------------------------------------------------------------------------


def document_queryset():
    from migis.documents.models import Document, MentionedEntity

    entities = MentionedEntity.objects.filter(type__in=["country", "dialogue", "organisation"])
    return (
        Document.objects.filter(is_current=True)
        .select_related("publisher")
        .prefetch_related(Prefetch("entities", queryset=entities.only("document_id", "type", "ref")))
    )


def document_entry(doc) -> dict:
    refs: dict[str, set] = {"country": set(), "dialogue": set(), "organisation": set()}
    for m in doc.entities.all():
        if m.type in refs:
            refs[m.type].add(m.ref.upper() if m.type == "country" else m.ref)
    if doc.publisher_id:
        refs["organisation"].add(doc.publisher.slug)
    year = doc.year or (doc.published.year if doc.published else None)
    return _entry(
        key=f"document:{doc.key}",
        kind=doc.kind,
        title=doc.title,
        text="\n".join(t for t in (doc.summary, doc.text) if t),
        url=stored_url(doc),
        language=doc.language or "",
        year=year,
        published=_timestamp(doc.published or doc.ingested),
        visibility=_visibility(doc),
        countries=_unique(refs["country"]),
        dialogues=_unique(refs["dialogue"]),
        organisations=_unique(refs["organisation"]),
    )


# --- curated records ----------------------------------------------------------------------------------


def country_entry(c) -> dict:
    return _entry(
        key=f"country:{c.iso3}",
        kind="country",
        title=" / ".join(dict.fromkeys(names_of(c))),
        text="\n".join([*names_of(c, "official_name"), *aliases_of(c), c.iso3, c.iso2]),
        url=stored_url(c),
        visibility=_visibility(c),
        countries=[c.iso3],
    )


def dialogue_entry(d) -> dict:
    return _entry(
        key=f"dialogue:{d.slug}",
        kind="dialogue",
        title=" / ".join(dict.fromkeys(names_of(d))),
        text="\n".join([*aliases_of(d), *names_of(d, "description")]),
        url=stored_url(d),
        visibility=_visibility(d),
        dialogues=[d.slug],
    )


def organisation_entry(o) -> dict:
    acronyms = [o.acronym, *(o.acronyms.values() if isinstance(o.acronyms, dict) else [])]
    return _entry(
        key=f"organisation:{o.slug}",
        kind="organisation",
        title=" / ".join(dict.fromkeys(names_of(o))),
        text="\n".join([*(a for a in acronyms if isinstance(a, str) and a), *aliases_of(o)]),
        url=stored_url(o),
        visibility=_visibility(o),
        organisations=[o.slug],
    )


def project_entry(p) -> dict:
    return _entry(
        key=f"project:{p.slug}",
        kind="project",
        title=f"{p.acronym}: {p.title}" if p.acronym else p.title,
        text="\n".join(t for t in (p.description, p.region_label) if t),
        url=stored_url(p),
        year=p.start_year,
        visibility=_visibility(p),
        countries=_unique(c.iso3 for c in p.countries.all()),
        dialogues=_unique(d.slug for d in p.dialogues.all()),
        organisations=_unique([*(o.slug for o in p.donors.all()), *(o.slug for o in p.implementers.all())]),
    )


def event_entry(e) -> dict:
    countries = {c.iso3 for c in e.participant_countries.all()}
    if e.country_id:
        countries.add(e.country.iso3)
    return _entry(
        key=f"event:{e.key}",
        kind="event",
        title=e.title,
        text="\n".join(t for t in (e.description, e.city) if t),
        url=stored_url(e),
        year=e.start_date.year if e.start_date else None,
        visibility=_visibility(e),
        countries=_unique(countries),
        dialogues=[e.dialogue.slug] if e.dialogue_id else [],
        organisations=_unique(o.slug for o in e.organisers.all()),
    )


def record_queryset(kind: str):
    if kind == "country":
        return _model("geo.Country").objects.all()
    if kind == "dialogue":
        return _model("dialogues.Dialogue").objects.all()
    if kind == "organisation":
        return _model("organisations.Organisation").objects.all()
    if kind == "project":
        return _model("projects.Project").objects.prefetch_related(
            "countries", "dialogues", "donors", "implementers"
        )
    if kind == "event":
        return (
            _model("events.Event")
            .objects.select_related("country", "dialogue")
            .prefetch_related("participant_countries", "organisers")
        )
    raise ValueError(kind)


BUILDERS = {
    "document": document_entry,
    "country": country_entry,
    "dialogue": dialogue_entry,
    "organisation": organisation_entry,
    "project": project_entry,
    "event": event_entry,
}


def queryset_for(kind: str):
    return document_queryset() if kind == "document" else record_queryset(kind)


def entries_for_keys(keys) -> dict[str, dict | None]:
    """{key: entry} for each key as the database holds it now, None when it should not be in the index
    (deleted, or a document that is no longer the current version). One query (and its prefetch) per
    kind of record, however many keys."""
    fields = {kind: field for kind, field in MODELS.values()}
    by_kind: dict[str, list[str]] = {}
    for key in keys:
        kind, _, natural = key.partition(":")
        by_kind.setdefault(kind, []).append(natural)
    out: dict[str, dict | None] = dict.fromkeys(keys)
    for kind, naturals in by_kind.items():
        field = fields[kind]
        for obj in queryset_for(kind).filter(**{f"{field}__in": naturals}).order_by():
            out[f"{kind}:{getattr(obj, field)}"] = BUILDERS[kind](obj)
    return out


def entry_for_key(key: str) -> dict | None:
    return entries_for_keys([key])[key]


def all_entries(chunk_size: int = 500) -> Iterator[dict]:
    for kind in ("document", *RECORD_KINDS):
        qs = queryset_for(kind).order_by("pk")
        for obj in qs.iterator(chunk_size=chunk_size):
            yield BUILDERS[kind](obj)
