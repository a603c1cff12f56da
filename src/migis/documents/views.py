from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from migis.documents.forms import UploadForm
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


FACTS_SHOWN = 20  # a long report can state many; the API gives them all


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
        "facts": (document.facts or [])[:FACTS_SHOWN],
        "more_facts": max(0, len(document.facts or []) - FACTS_SHOWN),
    }
    return render(request, "documents/document_detail.html", context)


@permission_required("documents.add_document", raise_exception=True)
def upload(request):
    """Editors add a document: the same ingestion as `migis ingest`, one file at a time."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        outcome = ingest_upload(
            form.cleaned_data["file"], form.cleaned_data["kind"], form.cleaned_data["visibility"]
        )
        if outcome.status == "failed":
            form.add_error("file", outcome.error)
        else:
            messages.success(
                request,
                _("%(status)s: %(title)s") % {"status": outcome.status, "title": outcome.document.title},
            )
            return redirect(outcome.document.get_absolute_url())
    return render(request, "documents/upload.html", {"form": form})


def ingest_upload(upload, kind: str, visibility: str):
    """Write the upload to a temporary file named like the original (its suffix picks the reader)."""
    import tempfile
    from pathlib import Path

    from migis.ingest.pipeline import ingest_file

    suffix = Path(upload.name).suffix.lower()[:10]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        outcome = ingest_file(path, kind=kind, visibility=visibility)
    if outcome.document is not None and outcome.status != "unchanged":
        outcome.document.file_name = Path(upload.name).name[:255]
        outcome.document.origin = f"upload:{outcome.document.sha256}"
        outcome.document.save(update_fields=["file_name", "origin", "updated"])
    outcome.source = upload.name
    return outcome
