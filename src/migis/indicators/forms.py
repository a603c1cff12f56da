from django import forms
from django.utils.translation import gettext_lazy as _

from migis.indicators.importing import max_bytes


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV, Excel, World Bank, UN DESA, UNHCR, SDMX-ML or SDMX-CSV)"),
    )
    structure = forms.FileField(
        label=_("SDMX structure message (if the data message needs one)"), required=False
    )
    indicator = forms.SlugField(label=_("Indicator code, if the file holds one indicator"), required=False)
    dataset = forms.SlugField(label=_("Dataset (slug; default: from the file's title)"), required=False)
    dry_run = forms.BooleanField(label=_("Check only: write nothing"), required=False, initial=True)
    only_clean = forms.BooleanField(label=_("Import the clean values, list the others"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is larger than the %(mb)s MB limit.") % {"mb": max_bytes() // 2**20}
            )
        return upload
