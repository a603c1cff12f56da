"""Shared admin behaviour: visibility and provenance fields grouped the same way on every record."""

from typing import ClassVar

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# The back office says whose it is (Django's default header is "Django administration").
admin.site.site_header = _("migis back office")
admin.site.site_title = "migis"
admin.site.index_title = _("Curated records, documents and accounts")

PROVENANCE = (
    "Visibility and source",
    {"fields": ("visibility", "source_document", "source_passage", "source_url", "source_title", "as_of")},
)


class CuratedAdmin(admin.ModelAdmin):
    # Typed as any number of names: every admin below names more.
    list_filter: ClassVar[tuple] = ("visibility",)  # names, (name, filter) pairs or filter classes
    readonly_fields: ClassVar[tuple[str, ...]] = ("created", "updated")
    autocomplete_fields: ClassVar[tuple[str, ...]] = ("source_document",)
    save_on_top = True
