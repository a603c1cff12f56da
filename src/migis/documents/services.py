"""Documents as readers see them: sources of curated facts, documents that mention a record, and the text
with its mentions marked, one part at a time.

Every answer here costs what it shows: lists of documents that mention a record read one summary row
per document (MentionedEntity), never the documents' text; a long text is read and marked one part
(PART_CHARS characters) at a time.
"""

from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import Substr
from django.utils.translation import get_language_info

from migis.core.collation import collated
from migis.core.scope import reader_for
from migis.core.text import plain_text
from migis.documents import mentions as targets
from migis.documents.models import Document, Mention, MentionedEntity
from migis.documents.render import render

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


def filter_choices(user) -> dict:
    """The options of the documents' filter form: kinds, the languages held, the records documents name."""
    held = visible_documents(user).order_by().values_list("language", flat=True).distinct()
    languages = [(code, language_name(code)) for code in held if code and code != "und"]
    return {
        "kinds": Document.Kind.choices,
        "languages": collated(languages, key=lambda pair: pair[1]),
        **{
            f"{type_}_choices": targets.choices(user, type_)
            for type_ in ("country", "dialogue", "organisation")
        },
    }


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


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
        doc.passage, doc.mention_count = plain_text(row.passage), row.count
        out.append(doc)
    return out


def passage_at(text: str, start: int) -> str:
    """The text around a mention, on one line, as lists of documents show it."""
    begin = max(0, start - PASSAGE_BEFORE)
    return plain_text(text[begin : begin + PASSAGE_LENGTH])


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


def marked_part(document: Document, part: TextPart, mentions: list[dict]) -> str:
    """The part as sanitized HTML (its Markdown rendered), every kept mention marked, linked when its
    record is visible; a hidden record's mention keeps its text only (no id, no title)."""
    headings = [h for h in document.outline if part.start <= h["start"] < part.end]
    return render(part.text, part.start, mentions, headings)


def part_at(document: Document, offset: int) -> TextPart:
    """The part that holds `offset` (a heading of the table of contents): parts are cut at white space
    near multiples of PART_CHARS, so the guess is off by one at most."""
    number = min(max(0, offset), max(0, document.length - 1)) // PART_CHARS + 1
    part = text_part(document, number)
    if offset < part.start and part.has_previous:
        part = text_part(document, number - 1)
    elif offset >= part.end and part.has_next:
        part = text_part(document, number + 1)
    return part


def contents(document: Document, part: TextPart) -> list[dict]:
    """The table of contents: every kept heading with the address of its place, in this part or another."""
    out = []
    for h in document.outline:
        anchor = f"#h-{h['start']}"
        here = part.start <= h["start"] < part.end
        out.append({**h, "url": anchor if here else f"?at={h['start']}{anchor}"})
    return out


# Which recorded events the date facts of a text belong to: (who, document, facts) -> {index: {"event":
# {"title", "url"}} or {"add_url": ...}}. The events app answers (it lives above documents).
FACT_EVENTS: list = []


def visible_facts(document: Document, who, limit: int | None = None) -> list[dict]:
    """The event facts of the text, their quotes as plain text; a place's state is left out when the
    reader may not see it; a date says which recorded event it belongs to, or (for an editor) offers to
    record it as a new one."""
    facts = document.facts or []
    if limit is not None:
        facts = facts[:limit]
    states = {f["country"] for f in facts if f.get("country")}
    shown = targets.visible(reader_for(who), "country", states) if states else {}
    out = []
    for fact in facts:
        fact = {**fact, "text": plain_text(fact.get("text", ""))}
        if fact.get("country") and fact["country"] not in shown:
            fact["country"] = ""
        out.append(fact)
    for answer in FACT_EVENTS:
        for index, found in answer(who, document, out).items():
            out[index].update(found)
    return out
