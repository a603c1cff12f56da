from django import forms
from django.utils.translation import gettext_lazy as _

from migis.documents.models import Document
from migis.ingest.readers import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (text, Markdown, HTML or PDF)"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices, initial=Document.Kind.REPORT)
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=[("public", _("public")), ("restricted", _("restricted"))]
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than the %(mb)s MB limit.") % {"mb": MAX_BYTES // 2**20}
            )
        return upload
