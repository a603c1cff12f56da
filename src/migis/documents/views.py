from django.http import Http404
from django.shortcuts import render

from migis.documents.models import Document
from migis.documents.services import marked_text, newest_first


def document_list(request):
    documents = (
        Document.objects.visible_to(request.user)
        .filter(is_current=True)
        .defer("text")
        .select_related("publisher")
        .order_by(*newest_first())[:200]
    )
    return render(request, "documents/document_list.html", {"documents": documents})


def document_detail(request, key: str):
    document = Document.objects.visible_to(request.user).select_related("publisher").filter(key=key).first()
    if document is None:
        raise Http404(f"No document {key}")
    versions = (
        Document.objects.visible_to(request.user).filter(origin=document.origin).exclude(pk=document.pk)
    )
    context = {
        "document": document,
        "marked_text": marked_text(document, request.user),
        "versions": versions.only("key", "version", "ingested") if document.origin else [],
    }
    return render(request, "documents/document_detail.html", context)
