"""Ingestion: text becomes a Document with its mentions, in one short transaction per document.

The same function serves the command line (`migis ingest`), the editors' upload form, feed polling and
the workers. Re-ingesting the same content changes nothing (content hash), unless a visibility is given
explicitly: then the stored document takes it. A changed file from the same origin becomes a new
version and the old one is kept.

Reading and linking happen before the transaction, so a writer holds the database's write lock only
for the inserts. The search index follows through the outbox (search.outbox): after a crash, the next
run applies what is pending.

Bounded by construction: a document keeps the first MAX_PER_ENTITY places of each record it names and
MAX_PER_DOCUMENT places in all; MentionedEntity holds every record named, how often, and the passage
around its first mention, so pages that list "documents that mention" never read a document's text.
"""

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from migis.core.cache import one_bump
from migis.documents import originals
from migis.documents.models import Document, Mention, MentionedEntity
from migis.documents.services import passage_at
from migis.ingest.clean import clean_text, clean_title
from migis.ingest.language import detect_language
from migis.ingest.linking.facts import event_facts
from migis.ingest.linking.service import get_linker
from migis.ingest.paths import walk
from migis.ingest.readers import ReaderError, read_file
from migis.search import outbox

MENTION_TEXT = Mention._meta.get_field("text").max_length
MAX_PER_ENTITY = 100  # places kept per record named (the total is counted)
MAX_PER_DOCUMENT = 10_000  # places kept per document
MAX_FACTS = 200  # event facts kept per document


@dataclass
class Outcome:
    source: str
    status: str  # created | new_version | unchanged | visibility | failed
    document: Document | None = None
    error: str = ""

    def line(self) -> str:
        if self.status == "failed" or self.document is None:  # a document for every other status
            return f"failed      {self.source}: {self.error}"
        if self.status == "visibility":
            return f"visibility  {self.source} -> {self.document.key} (now {self.document.visibility})"
        return f"{self.status:11} {self.source} -> {self.document.key}"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Linked:
    """What the linker found in a text, cut to what is stored."""

    mentions: list  # the places kept
    entities: list  # (type, ref, count, first start)
    facts: list


def link_text(text: str, linker=None) -> Linked:
    found = (linker or get_linker()).link(text).mentions
    kept: list = []
    counts: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], int] = {}
    for m in found:
        key = (m.type, m.id)
        n = counts.get(key, 0)
        if not n:
            first[key] = m.start
        counts[key] = n + 1
        if n < MAX_PER_ENTITY and len(kept) < MAX_PER_DOCUMENT:
            kept.append(m)
    entities = [(t, ref, n, first[(t, ref)]) for (t, ref), n in counts.items()]
    return Linked(kept, entities, event_facts(text, found)[:MAX_FACTS])


def store_links(document: Document, linked: Linked, fresh: bool = False) -> int:
    """Write the mentions, the named records and the event facts of a document (replacing old ones,
    unless the document is `fresh`, just created)."""
    if not fresh:
        document.mentions.all().delete()
        document.entities.all().delete()
    Mention.objects.bulk_create(
        [
            Mention(
                document=document, type=m.type, ref=m.id, start=m.start, end=m.end, text=m.text[:MENTION_TEXT]
            )
            for m in linked.mentions
        ],
        batch_size=1000,
    )
    MentionedEntity.objects.bulk_create(
        [
            MentionedEntity(
                document=document,
                type=t,
                ref=ref,
                count=n,
                first_start=start,
                passage=passage_at(document.text, start)[:400],
            )
            for t, ref, n, start in linked.entities
        ],
        batch_size=1000,
    )
    if linked.facts or document.facts:
        Document.objects.filter(pk=document.pk).update(facts=linked.facts)
        document.facts = linked.facts
    if not fresh:  # (a new document was queued when it was saved, in this same transaction)
        outbox.queue(f"document:{document.key}")  # its entry lists the states and dialogues it names
    return len(linked.mentions)


def store_mentions(document: Document, linker=None) -> int:
    """(Re)compute and store the mentions and event facts of a stored document."""
    return store_links(document, link_text(document.text, linker))


def _unique_key(title: str, sha: str) -> str:
    return f"{slugify(title)[:100] or 'document'}-{sha[:8]}"


def ingest_text(
    text: str,
    *,
    source: str,
    title: str = "",
    origin: str = "",
    kind: str = Document.Kind.OTHER,
    visibility: str | None = None,
    default_visibility: str = "public",
    url: str = "",
    published=None,
    language: str = "",
    summary: str = "",
    linker=None,
) -> Outcome:
    """Store `text` as a document, with `visibility` if given, else `default_visibility`. The same
    content stored before is left as it is, except that an explicit `visibility` is applied to it."""
    text = clean_text(text)
    sha = content_hash(text)
    same = Document.objects.filter(sha256=sha).first()
    if same is not None:
        return _again(source, same, visibility)
    linked = link_text(text, linker)
    title = clean_title(title or Path(source).stem or "Untitled")[:400] or "Untitled"
    try:
        with transaction.atomic():
            current = Document.objects.filter(origin=origin, is_current=True).first() if origin else None
            document = Document.objects.create(
                key=_unique_key(title, sha),
                title=title,
                kind=kind,
                visibility=visibility or default_visibility,
                text=text,
                length=len(text),
                sha256=sha,
                origin=origin,
                url=url,
                published=published,
                year=published.year if published else None,
                ingested=timezone.now(),
                language=language or detect_language(text) or "und",
                summary=clean_text(summary),
                file_name=Path(origin).name if origin and not url else "",
                version=current.version + 1 if current else 1,
                previous=current,
                source_title=url or origin or source,
                source_url=url,
            )
            if current is not None:
                current.is_current = False
                current.save(update_fields=["is_current", "updated"])
            store_links(document, linked, fresh=True)
    except IntegrityError:
        # Another writer stored the same content meanwhile (the content hash is unique).
        same = Document.objects.filter(sha256=sha).first()
        if same is None:
            raise
        return _again(source, same, visibility)
    return Outcome(source, "new_version" if current else "created", document)


def _again(source: str, document: Document, visibility: str | None) -> Outcome:
    if visibility and document.visibility != visibility:
        document.visibility = visibility
        document.save(update_fields=["visibility", "updated"])
        return Outcome(source, "visibility", document)
    return Outcome(source, "unchanged", document)


def ingest_file(path, **options) -> Outcome:
    path = Path(path)
    try:
        extracted = read_file(path)
    except ReaderError as exc:
        return Outcome(str(path), "failed", error=exc.message)
    outcome = ingest_text(
        extracted.text, source=str(path), title=extracted.title, origin=str(path.resolve()), **options
    )
    if outcome.document is not None:  # also repairs an original a crash kept from being stored
        originals.store(outcome.document, path)
    return outcome


def ingest_upload(upload, kind: str, visibility: str) -> Outcome:
    """An uploaded file (the editors' form): written to a temporary file named like the original (its
    suffix picks the reader), ingested, and recorded under the upload's name."""
    import tempfile

    suffix = Path(upload.name).suffix.lower()[:10]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        outcome = ingest_file(path, kind=kind, visibility=visibility)
    if outcome.document is not None and outcome.status in ("created", "new_version"):
        outcome.document.file_name = clean_title(Path(upload.name).name)[:255]
        outcome.document.origin = f"upload:{outcome.document.sha256}"
        outcome.document.save(update_fields=["file_name", "origin", "updated"])
    outcome.source = upload.name
    return outcome


@contextmanager
def bulk():
    """For many documents in a row: cached pages are invalidated once, and the search index is brought
    up to date every few seconds and at the end (each document is still stored in its own transaction)."""
    outbox.full_drain()  # what an earlier run left pending (a crash, a kill)
    with one_bump(), outbox.deferred():
        yield


def ingest_paths(paths: Iterable, **options) -> Iterator[Outcome]:
    linker = get_linker()
    with bulk():
        for path in walk(paths):
            yield ingest_file(path, linker=linker, **options)
            outbox.maybe_drain()


def link_unlinked(linker=None) -> int:
    """Compute the mentions of every document that has none (the demo corpus after `migis init`)."""
    linker = linker or get_linker()
    count = 0
    with bulk():
        for document in Document.objects.filter(entities__isnull=True).exclude(text="").order_by("pk"):
            linked = link_text(document.text, linker)
            with transaction.atomic():
                store_links(document, linked)
            count += 1
    return count


def relink(linker=None, documents=None) -> int:
    """Compute the mentions and event facts of every current document again (after the names changed:
    new aliases, new projects, a newer linker), each in its own transaction; the search index and the
    cached pages follow."""
    linker = linker or get_linker()
    documents = Document.objects.filter(is_current=True) if documents is None else documents
    count = 0
    with bulk():
        for document in documents.exclude(text="").order_by("pk").iterator(chunk_size=200):
            linked = link_text(document.text, linker)
            with transaction.atomic():
                store_links(document, linked)
            outbox.maybe_drain()
            count += 1
    return count
