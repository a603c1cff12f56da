"""Documents as readers see them: sources of curated facts, documents that mention a record, and the text
with its mentions marked, one part at a time.

Every answer here costs what it shows: lists of documents that mention a record read one summary row
per document (MentionedEntity), never the documents' text; a long text is read and marked one part
(PART_CHARS characters) at a time.
"""

from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import Substr
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from migis.core.scope import reader_for
from migis.documents import mentions as targets
from migis.documents.models import Document, Mention, MentionedEntity

PASSAGE_BEFORE, PASSAGE_LENGTH = 100, 260
PART_CHARS = 100_000  # characters of text on one page of a long document
CUT_WINDOW = 1_000  # a part ends at the last white space within this many characters of its end
LIST_FIELDS = ("key", "title", "year", "kind", "visibility", "published", "ingested", "language")


def source_documents(user, *rows) -> list:
    """The documents `user` may read that are the sources of the given records (the page's "Documents")."""
    ids = {r.source_document_id for group in rows for r in group if r is not None and r.source_document_id}
    documents = Document.objects.visible_to(user).filter(pk__in=ids)
    return list(documents.only("key", "title", "year", "kind", "visibility"))


def newest_first(prefix: str = ""):
    return [
        F(f"{prefix}published").desc(nulls_last=True),
        F(f"{prefix}year").desc(nulls_last=True),
        f"-{prefix}id",
    ]


def visible_documents(user):
    return Document.objects.visible_to(user).filter(is_current=True)


def documents_mentioning(user, type_: str, ref: str, limit: int = 20) -> list:
    """The newest documents `user` may read that mention a record, each with `passage` (the text around
    its first mention) and `mention_count`. One summary row per document: a document that names the
    record 100,000 times costs what one naming it once does."""
    rows = (
        MentionedEntity.objects.filter(type=type_, ref=ref, document__in=visible_documents(user))
        .select_related("document")
        .only("passage", "count", *(f"document__{f}" for f in LIST_FIELDS))
        .order_by(*newest_first("document__"))[:limit]
    )
    out = []
    for row in rows:
        doc = row.document
        doc.passage, doc.mention_count = row.passage, row.count
        out.append(doc)
    return out


def passage_at(text: str, start: int) -> str:
    """The text around a mention, on one line, as lists of documents show it."""
    begin = max(0, start - PASSAGE_BEFORE)
    return " ".join(text[begin : begin + PASSAGE_LENGTH].split())


# --- the text, one part at a time ------------------------------------------------------------------------


@dataclass
class TextPart:
    number: int  # 1-based
    count: int  # parts in all
    start: int  # offsets of this part in the whole text
    end: int
    text: str

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def part_count(length: int) -> int:
    return max(1, -(-length // PART_CHARS))


def _cut(window: str, window_start: int, at: int) -> int:
    """Where a part boundary near `at` falls: after the last white space in the CUT_WINDOW characters
    before it (so no word is split), else exactly at `at`."""
    if at <= 0:
        return 0
    lo = max(0, at - CUT_WINDOW - window_start)
    hi = at - window_start
    piece = window[lo:hi]
    for i in range(len(piece) - 1, -1, -1):
        if piece[i].isspace():
            return window_start + lo + i + 1
    return at


def text_part(document: Document, number: int = 1) -> TextPart:
    """Part `number` of the text, read from the database alone (Substr), not the whole text."""
    count = part_count(document.length)
    number = min(max(1, number), count)
    lo = max(0, (number - 1) * PART_CHARS - CUT_WINDOW)
    hi = min(document.length, number * PART_CHARS)
    if "text" in document.__dict__ and document.length == len(document.text):
        window = document.text[lo:hi]
    else:
        window = (
            Document.objects.filter(pk=document.pk)
            .annotate(w=Substr("text", lo + 1, hi - lo))
            .values_list("w", flat=True)
            .first()
            or ""
        )
    start = _cut(window, lo, (number - 1) * PART_CHARS)
    end = _cut(window, lo, hi) if number < count else document.length
    return TextPart(number, count, start, end, window[start - lo : end - lo])


def mention_totals(document: Document, who) -> list[dict]:
    """Every record the document mentions, with how often; a record the reader may not see keeps its
    name (the text) and loses its id and link. Most-mentioned first."""
    rows = list(document.entities.all().order_by("-count", "type", "ref"))
    links = targets.resolve(who, {(r.type, r.ref) for r in rows})
    first = dict(
        Mention.objects.filter(document=document, start__in=[r.first_start for r in rows]).values_list(
            "start", "text"
        )
    )
    out = []
    for r in rows:
        shown = (r.type, r.ref) in links
        out.append(
            {
                "type": r.type,
                "id": r.ref if shown else None,
                "url": links.get((r.type, r.ref)) or None,
                "text": first.get(r.first_start, ""),
                "count": r.count,
            }
        )
    return out


def part_mentions(document: Document, part: TextPart, who) -> list[dict]:
    """The kept mentions inside one part, with the ids and links the reader may see."""
    rows = list(
        Mention.objects.filter(document=document, start__gte=part.start, start__lt=part.end).order_by("start")
    )
    links = targets.resolve(who, {(m.type, m.ref) for m in rows})
    return [
        {
            "type": m.type,
            "id": m.ref if (m.type, m.ref) in links else None,
            "url": links.get((m.type, m.ref)) or None,
            "text": m.text,
            "start": m.start,
            "end": m.end,
        }
        for m in rows
    ]


def marked_part(part: TextPart, mentions: list[dict]) -> str:
    """The part as HTML, every kept mention marked, linked when its record is visible; a hidden record's
    mention keeps its text only (no id, no title)."""
    parts, pos, text = [], 0, part.text
    for m in mentions:
        start, end = m["start"] - part.start, m["end"] - part.start
        if start < pos or end > len(text):
            continue  # nested in the previous mention (a name inside a project title), or cut by the part
        parts.append(escape(text[pos:start]))
        label = escape(text[start:end])
        if m["url"]:
            parts.append(
                format_html(
                    '<a class="mention {}" href="{}" title="{}">{}</a>', m["type"], m["url"], m["id"], label
                )
            )
        elif m["id"]:
            parts.append(
                format_html('<mark class="mention {}" title="{}">{}</mark>', m["type"], m["id"], label)
            )
        else:
            parts.append(format_html('<mark class="mention {}">{}</mark>', m["type"], label))
        pos = end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every piece is escaped above


def visible_facts(document: Document, who, limit: int | None = None) -> list[dict]:
    """The event facts of the text; a place's state is left out when the reader may not see it."""
    facts = document.facts or []
    if limit is not None:
        facts = facts[:limit]
    states = {f["country"] for f in facts if f.get("country")}
    shown = targets.visible(reader_for(who), "country", states) if states else {}
    return [
        {**f, "country": f["country"] if f["country"] in shown else ""} if f.get("country") else f
        for f in facts
    ]
