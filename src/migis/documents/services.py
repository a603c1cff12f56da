"""Documents as readers see them: sources of curated facts, documents that mention a record, and the text
with its mentions marked."""

from django.db.models import F, Min, Value
from django.db.models.functions import Greatest, Substr
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from migis.documents.models import Document

PASSAGE_BEFORE, PASSAGE_LENGTH = 100, 260


def source_documents(user, *rows) -> list:
    """The documents `user` may read that are the sources of the given records (the page's "Documents")."""
    ids = {r.source_document_id for group in rows for r in group if r is not None and r.source_document_id}
    documents = Document.objects.visible_to(user).filter(pk__in=ids)
    return list(documents.only("key", "title", "year", "kind", "visibility"))


def newest_first():
    return [F("published").desc(nulls_last=True), F("year").desc(nulls_last=True), "-id"]


def visible_documents(user):
    return Document.objects.visible_to(user).filter(is_current=True)


def documents_mentioning(user, type_: str, ref: str, limit: int = 20) -> list:
    """The newest documents that mention a record, each with `passage`: the text around its first mention."""
    docs = (
        visible_documents(user)
        .filter(mentions__type=type_, mentions__ref=ref)
        .annotate(first=Min("mentions__start"))
        .annotate(passage=Substr("text", Greatest(F("first") - PASSAGE_BEFORE + 1, Value(1)), PASSAGE_LENGTH))
        .defer("text")
        .order_by(*newest_first())
    )
    return list(docs[:limit])


LINKS = {
    "country": ("geo", "Country", "iso3", "/countries/{}/"),
    "dialogue": ("dialogues", "Dialogue", "slug", "/dialogues/{}/"),
    "organisation": ("organisations", "Organisation", "slug", "/organisations/{}/"),
    "project": ("projects", "Project", "slug", "/projects/{}/"),
}


def linkable(user, mentions) -> dict:
    """{(type, ref): url} for the mentioned records `user` may open (one query per type)."""
    from django.apps import apps

    out = {}
    for type_, (app, model, field, url) in LINKS.items():
        refs = {m.ref for m in mentions if m.type == type_}
        if refs:
            visible = apps.get_model(app, model).objects.visible_to(user).filter(**{f"{field}__in": refs})
            out |= {(type_, ref): url.format(ref) for ref in visible.values_list(field, flat=True)}
    return out


def marked_text(document: Document, user) -> str:
    """The document's text as HTML, every mention marked (and linked when its record is visible)."""
    mentions = list(document.mentions.all())
    links = linkable(user, mentions)
    parts, pos, text = [], 0, document.text
    for m in mentions:
        if m.start < pos:
            continue  # nested in the previous mention (a name inside a project title)
        parts.append(escape(text[pos : m.start]))
        label = escape(text[m.start : m.end])
        url = links.get((m.type, m.ref))
        if url:
            parts.append(
                format_html('<a class="mention {}" href="{}" title="{}">{}</a>', m.type, url, m.ref, label)
            )
        else:
            parts.append(format_html('<mark class="mention {}" title="{}">{}</mark>', m.type, m.ref, label))
        pos = m.end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every piece is escaped above
