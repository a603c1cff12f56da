from django.http import FileResponse, Http404
from django.shortcuts import render

from migis.core.listing import list_page
from migis.documents import originals, services
from migis.documents.api import DocumentOut
from migis.documents.filters import DocumentFilters
from migis.documents.models import Document

FACTS_SHOWN = 20  # a long report can state many; the API gives them all


def document_list(request, news: bool = False):
    """Documents newest first, filtered as the API filters them; /news/ is the same list for news items."""
    qs = services.visible_documents(request.user).defer("text").select_related("publisher")
    if news:
        qs = qs.filter(kind=Document.Kind.NEWS)
    qs = qs.order_by(*services.newest_first())
    extra = {"news": news, **services.filter_choices(request.user)}
    export = (DocumentOut, "news" if news else "documents", False)  # documents are sources themselves
    return list_page(request, "documents/document_list.html", DocumentFilters, qs, extra, export)


def news_list(request):
    return document_list(request, news=True)


def document_detail(request, key: str):
    document = (
        Document.objects.visible_to(request.user)
        .select_related("publisher")
        .defer("text")
        .filter(key=key)
        .first()
    )
    if document is None:
        raise Http404(f"No document {key}")
    try:
        number = int(request.GET.get("part") or 1)
        at = int(request.GET["at"]) if request.GET.get("at") else None
    except ValueError:
        number, at = 1, None
    part = services.part_at(document, at) if at is not None else services.text_part(document, number)
    mentions = services.part_mentions(document, part, request.user)
    versions = (
        Document.objects.visible_to(request.user).filter(origin=document.origin).exclude(pk=document.pk)
    )
    facts = services.visible_facts(document, request.user)
    context = {
        "document": document,
        "part": part,
        "marked_text": services.marked_part(document, part, mentions),
        "contents": services.contents(document, part) if len(document.outline) > 1 else [],
        "totals": services.mention_totals(document, request.user),
        "versions": versions.only("key", "version", "ingested") if document.origin else [],
        "facts": facts[:FACTS_SHOWN],
        "more_facts": max(0, len(facts) - FACTS_SHOWN),
    }
    return render(request, "documents/document_detail.html", context)


def document_original(request, key: str):
    """The stored original of a document the reader may open, as a download (never shown inline: an
    uploaded HTML or PDF file runs nothing in the platform's pages)."""
    document = Document.objects.visible_to(request.user).defer("text").filter(key=key).first()
    path = originals.path_of(document) if document is not None else None
    if path is None:
        raise Http404(f"No stored original for {key}")
    name = document.file_name or path.name
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
