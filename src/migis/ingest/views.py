from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from migis.ingest.forms import UploadForm
from migis.ingest.pipeline import ingest_upload


@permission_required("documents.add_document", raise_exception=True)
def upload(request):
    """Editors add a document: the same ingestion as `migis ingest`, one file at a time."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        outcome = ingest_upload(
            form.cleaned_data["file"], form.cleaned_data["kind"], form.cleaned_data["visibility"]
        )
        document = outcome.document  # None when it failed
        if outcome.status == "failed" or document is None:
            form.add_error("file", outcome.error)
        else:
            messages.success(
                request, _("%(status)s: %(title)s") % {"status": outcome.status, "title": document.title}
            )
            return redirect(document.get_absolute_url())
    return render(request, "documents/upload.html", {"form": form})
