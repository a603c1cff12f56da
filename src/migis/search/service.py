"""Search as pages and the API use it: visibility, filters, facets with labels, paging; keeping the index
in step with the database (signals, applied when the transaction commits); `reindex()` to rebuild."""

import logging
import math

from django.db import transaction
from django.db.models import Max
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from migis.core.links import in_language
from migis.core.scope import reader_for
from migis.documents import mentions
from migis.documents.render import plain_html
from migis.search import documents, equivalents, outbox
from migis.search.backends import get_backend
from migis.search.documents import aliases_of, names_of
from migis.search.query import WORD, ParsedQuery, QueryError, parse

log = logging.getLogger(__name__)

PAGE_SIZE = 20
MAX_PAGE = 50  # deep paging in a ranked list is not useful and costs the engine more
FILTERS = documents.FACET_FIELDS  # public filter name -> entry field
LABELLED = {
    "country": ("geo.Country", "iso3"),
    "dialogue": ("dialogues.Dialogue", "slug"),
    "organisation": ("organisations.Organisation", "slug"),
}

RECORD_LABELS = {
    "country": _("state"),
    "dialogue": _("dialogue"),
    "organisation": _("organisation"),
    "project": _("project"),
    "event": _("event"),
}

__all__ = ["QueryError", "connect", "reindex", "search"]


# --- searching ----------------------------------------------------------------------------------------


def kind_label(kind: str) -> str:
    """The reader's-language name of a document kind or record type ("report", "state")."""
    from migis.documents.models import Document

    labels = {**dict(Document.Kind.choices), **RECORD_LABELS}
    return str(labels.get(kind, kind))


def language_label(code: str) -> str:
    """The language's name in the reader's language ("French", "Français"); the code if unknown."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def clean_filters(filters: dict | None) -> dict:
    """{public name: value} with values checked; raises QueryError."""
    out = {}
    for name, value in (filters or {}).items():
        if name not in FILTERS:
            raise QueryError(f"Unknown filter {name!r}.")
        if value in (None, ""):
            continue
        value = str(value).strip()
        if len(value) > 120:
            raise QueryError(f"The {name} filter is too long.")
        if name == "year":
            if not value.isdigit() or not 1 <= int(value) <= 9999:
                raise QueryError("The year must be a number such as 2019.")
            value = int(value)
        elif name == "country":
            value = value.upper()
        out[name] = value
    return out


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


def _visible_refs(user, name: str, refs) -> dict:
    """{ref: label} for the records of a mention facet that `user` may see."""
    label, field = LABELLED[name]
    rows = _model(label).objects.visible_to(user).filter(**{f"{field}__in": list(refs)})
    return {getattr(r, field): (r.acronym or r.name) if name == "organisation" else r.name for r in rows}


# Finds the records a query names: text -> [(type, ref, start, end)]. Registered by the ingest app (the
# entity linker lives above search), so search runs without it.
QUERY_LINKERS: list = []
NAMED = {"country": "countries", "dialogue": "dialogues", "organisation": "organisations"}
MAX_ALTERNATIVES = 24


def expand(parsed: ParsedQuery, user) -> None:
    """A query that is the name of one state, dialogue or organisation, in any language, also finds what
    names it in the others: its names and aliases in every language become alternatives, and (where the
    engine holds them) the documents that mention it. Only the records `user` may see are expanded."""
    if not QUERY_LINKERS or not parsed.clauses or len(parsed.positive) != len(parsed.clauses):
        return
    found = [m for m in QUERY_LINKERS[0](parsed.raw) if m[0] in NAMED]
    named = {(type_, ref) for type_, ref, _start, _end in found}
    covered = {i for _t, _r, start, end in found for i in range(start, end)}
    rest = "".join(ch for i, ch in enumerate(parsed.raw) if i not in covered)
    if not named and len(parsed.clauses) == 1 and len(parsed.clauses[0].words) == 1:
        # One word that names no record alone ("الرباط", "Khartoum"): the words that name the same place
        # in the other languages' names of the records.
        for word in sorted(equivalents.for_reader(user).get(parsed.clauses[0].words[0], ())):
            parsed.alternative(word)
        return
    if len(named) != 1 or WORD.search(rest):
        return  # only the name of one record, nothing else: other queries keep their exact meaning
    ((type_, ref),) = named
    record = mentions.visible(user, type_, [ref]).get(ref.upper() if type_ == "country" else ref)
    if record is None:
        return
    names = [*names_of(record), *names_of(record, "official_name"), *aliases_of(record)]
    names += [v for v in (getattr(record, "acronym", ""),) if v and len(v) > 2]
    for name in names:
        if len(parsed.alternatives) < MAX_ALTERNATIVES:
            parsed.alternative(name)
    parsed.entities[NAMED[type_]] = [ref]


def search(
    user, q: str | None, filters: dict | None = None, page: int = 1, page_size: int = PAGE_SIZE
) -> dict:
    """Ranked hits `user` may read, with facets. Raises QueryError for a query or filter that cannot run.

    Returns {"count", "count_exact", "page", "page_size", "num_pages", "results": [hit dicts], "facets":
    {name: [{"value", "label", "count"}]}, "facets_exact"}; where "count_exact" is false, "count" is the
    engine's estimate; where "facets_exact" is false, the facets count part of the matches only.
    """
    parsed = parse(q) if not isinstance(q, ParsedQuery) else q
    expand(parsed, user)
    chosen = clean_filters(filters)
    if not isinstance(page, int) or page < 1 or page > MAX_PAGE:
        raise QueryError(f"The page must be a number from 1 to {MAX_PAGE}.")
    empty = {
        "count": 0,
        "count_exact": True,
        "page": page,
        "page_size": page_size,
        "num_pages": 0,
        "results": [],
        "facets": {},
    }
    # A filter on a record the reader may not see matches nothing, as for the other lists.
    for name in LABELLED:
        if name in chosen and not _visible_refs(user, name, [chosen[name]]):
            return empty
    public_only = not reader_for(user).restricted
    results = get_backend().search(
        parsed,
        visibility_public_only=public_only,
        filters={FILTERS[k]: v for k, v in chosen.items()},
        facets=True,
        limit=page_size,
        offset=(page - 1) * page_size,
    )
    facets = {}
    for name, field in FILTERS.items():
        buckets = results.facets.get(field, [])
        if name in LABELLED:
            labels = _visible_refs(user, name, [v for v, _ in buckets]) if buckets else {}
            facets[name] = [{"value": v, "label": labels[v], "count": n} for v, n in buckets if v in labels]
        else:
            if name == "year":  # newest first, like a timeline
                buckets = sorted(buckets, reverse=True)
            label = {"type": kind_label, "language": language_label}.get(name, str)
            facets[name] = [{"value": v, "label": label(v), "count": n} for v, n in buckets]
    hits = []
    for hit in results.hits:
        row = hit.as_dict()
        row["id"] = hit.key.partition(":")[2]
        row["type"] = hit.key.partition(":")[0]
        row["url"] = in_language(hit.url)
        row["snippet_html"] = str(plain_html(row.get("snippet_html") or ""))  # no Markdown symbols
        row["kind_label"] = kind_label(hit.kind)
        row["language_label"] = language_label(hit.language) if hit.language else ""
        hits.append(row)
    num_pages = math.ceil(results.total / page_size) if results.total else 0
    if not results.exact and len(hits) == page_size:  # an estimate may fall short: a full page has a next
        num_pages = max(num_pages, page + 1)
    num_pages = min(num_pages, MAX_PAGE)
    return {
        "count": results.total,
        "count_exact": results.exact,
        "facets_exact": results.facets_exact,
        "page": page,
        "page_size": page_size,
        "num_pages": num_pages,
        "results": hits,
        "facets": facets,
    }


# --- keeping the index in step ------------------------------------------------------------------------


def _saved(sender, instance, **kwargs):
    key = documents.key_for(instance)
    if key:
        outbox.queue(key)


def _m2m(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _saved(sender, instance)


_connected = False


def connect() -> None:
    """Queue index updates when documents and curated records are saved or deleted (idempotent)."""
    global _connected
    if _connected:
        return
    for label in documents.MODELS:
        model = _model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"migis-search-save-{label}")
        post_delete.connect(_saved, sender=model, dispatch_uid=f"migis-search-delete-{label}")
    for label, fields in (
        ("projects.Project", ("countries", "dialogues", "donors", "implementers")),
        ("events.Event", ("participant_countries", "organisers")),
    ):
        model = _model(label)
        for field in fields:
            through = model._meta.get_field(field).remote_field.through
            m2m_changed.connect(_m2m, sender=through, dispatch_uid=f"migis-search-m2m-{label}-{field}")
    _connected = True


def reindex() -> dict:
    """Rebuild the index from the database. Returns {kind: count}. Readers see the old index until the
    new one is committed; changes queued meanwhile are applied right after."""
    counts: dict[str, int] = {}

    def counted():
        for entry in documents.all_entries():
            kind = entry["key"].partition(":")[0]
            counts[kind] = counts.get(kind, 0) + 1
            yield entry

    backend = get_backend()
    # One transaction: a consistent snapshot to read, and for the database backend an atomic swap.
    with transaction.atomic():
        before = outbox.PendingEntry.objects.aggregate(m=Max("id"))["m"] or 0
        with backend.writing(wait=True, bulk=True) as writer:
            writer.clear()
            writer.add_new(counted())
            writer.commit()
        outbox.PendingEntry.objects.filter(id__lte=before).delete()
    outbox.drain()
    return counts
