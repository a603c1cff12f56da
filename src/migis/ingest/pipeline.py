"""Ingestion: text becomes a Document with its mentions, in one transaction per document.

The same function serves the command line (`migis ingest`), the editors' upload form and feed polling.
Re-ingesting the same content changes nothing (content hash); a changed file from the same origin becomes
a new version and the old one is kept.
"""

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from migis.core.cache import one_bump
from migis.documents.models import Document, Mention
from migis.ingest.language import detect_language
from migis.ingest.linking.facts import event_facts
from migis.ingest.linking.service import get_linker
from migis.ingest.readers import ReaderError, read_file

MENTION_TEXT = Mention._meta.get_field("text").max_length


@dataclass
class Outcome:
    source: str
    status: str  # created | new_version | unchanged | failed
    document: Document | None = None
    error: str = ""

    def line(self) -> str:
        if self.status == "failed":
            return f"failed      {self.source}: {self.error}"
        return f"{self.status:11} {self.source} -> {self.document.key}"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_mentions(document: Document, linker=None) -> int:
    """(Re)compute the mentions and event facts of a document."""
    linker = linker or get_linker()
    document.mentions.all().delete()
    found = linker.link(document.text).mentions
    rows = [
        Mention(
            document=document, type=m.type, ref=m.id, start=m.start, end=m.end, text=m.text[:MENTION_TEXT]
        )
        for m in found
    ]
    Mention.objects.bulk_create(rows, batch_size=1000)
    facts = event_facts(document.text, found)
    if facts or document.facts:
        Document.objects.filter(pk=document.pk).update(facts=facts)
        document.facts = facts
    return len(rows)


def ingest_text(
    text: str,
    *,
    source: str,
    title: str = "",
    origin: str = "",
    kind: str = Document.Kind.OTHER,
    visibility: str = "public",
    url: str = "",
    published=None,
    language: str = "",
    summary: str = "",
    linker=None,
) -> Outcome:
    sha = content_hash(text)
    with transaction.atomic():
        same = Document.objects.filter(sha256=sha).first()
        if same is not None:
            return Outcome(source, "unchanged", same)
        current = Document.objects.filter(origin=origin, is_current=True).first() if origin else None
        title = (title or Path(source).stem or "Untitled").strip()[:400]
        document = Document.objects.create(
            key=f"{slugify(title)[:100] or 'document'}-{sha[:8]}",
            title=title,
            kind=kind,
            visibility=visibility,
            text=text,
            sha256=sha,
            origin=origin,
            url=url,
            published=published,
            year=published.year if published else None,
            ingested=timezone.now(),
            language=language or detect_language(text) or "und",
            summary=summary,
            file_name=Path(origin).name if origin and not url else "",
            version=current.version + 1 if current else 1,
            previous=current,
            source_title=url or origin or source,
            source_url=url,
        )
        if current is not None:
            current.is_current = False
            current.save(update_fields=["is_current", "updated"])
        store_mentions(document, linker)
    return Outcome(source, "new_version" if current else "created", document)


def ingest_file(path, **options) -> Outcome:
    path = Path(path)
    try:
        extracted = read_file(path)
    except ReaderError as exc:
        return Outcome(str(path), "failed", error=exc.message)
    return ingest_text(
        extracted.text, source=str(path), title=extracted.title, origin=str(path.resolve()), **options
    )


def files_in(paths: Iterable) -> Iterator[Path]:
    """The files named, and the files inside the folders named (hidden ones skipped), in a stable order."""
    for p in map(Path, paths):
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(p).parts):
                    yield child
        else:
            yield p


@contextmanager
def bulk():
    """For many documents in a row: cached pages are invalidated once, and the search index commits once,
    at the end (each document is still stored in its own transaction)."""
    from migis.search import service as search

    with one_bump(), search.batch():
        yield


def ingest_paths(paths: Iterable, **options) -> Iterator[Outcome]:
    linker = get_linker()
    with bulk():
        for path in files_in(paths):
            yield ingest_file(path, linker=linker, **options)


def link_unlinked(linker=None) -> int:
    """Compute the mentions of every document that has none (the demo corpus after `migis init`)."""
    linker = linker or get_linker()
    count = 0
    for document in Document.objects.filter(mentions__isnull=True).exclude(text=""):
        with transaction.atomic():
            store_mentions(document, linker)
        count += 1
    return count


def relink(linker=None, documents=None) -> int:
    """Compute the mentions and event facts of every current document again (after the names changed:
    new aliases, new projects, a newer linker), each in its own transaction; the search index and the
    cached pages follow once at the end."""
    from migis.search import service as search

    linker = linker or get_linker()
    documents = Document.objects.filter(is_current=True) if documents is None else documents
    count = 0
    with bulk():
        for document in documents.exclude(text="").order_by("pk").iterator(chunk_size=200):
            with transaction.atomic():
                store_mentions(document, linker)
            search.index_document(document)
            count += 1
    return count
