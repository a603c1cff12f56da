from django.http import Http404
from django.shortcuts import render

from migis.documents.models import Document


def document_list(request):
    documents = Document.objects.visible_to(request.user).defer("text").select_related("publisher")
    return render(request, "documents/document_list.html", {"documents": documents})


def document_detail(request, key: str):
    document = Document.objects.visible_to(request.user).select_related("publisher").filter(key=key).first()
    if document is None:
        raise Http404(f"No document {key}")
    return render(request, "documents/document_detail.html", {"document": document})
