from django.contrib import admin

from migis.core.admin import CuratedAdmin
from migis.documents.models import Document


@admin.register(Document)
class DocumentAdmin(CuratedAdmin):
    list_display = ("title", "kind", "publisher", "year", "language", "visibility")
    list_filter = ("kind", "language", "visibility")
    search_fields = ("key", "title", "summary")
    autocomplete_fields = ("source_document",)
