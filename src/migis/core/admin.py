"""Shared admin behaviour: visibility and provenance fields grouped the same way on every record."""

from django.contrib import admin

PROVENANCE = (
    "Visibility and source",
    {"fields": ("visibility", "source_document", "source_passage", "source_url", "source_title", "as_of")},
)


class CuratedAdmin(admin.ModelAdmin):
    list_filter = ("visibility",)
    readonly_fields = ("created", "updated")
    autocomplete_fields = ("source_document",)
    save_on_top = True
