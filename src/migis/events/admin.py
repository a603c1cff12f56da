from django.contrib import admin

from migis.core.admin import CuratedAdmin
from migis.events.models import Event


@admin.register(Event)
class EventAdmin(CuratedAdmin):
    list_display = ("title", "kind", "start_date", "city", "country", "dialogue", "visibility")
    list_filter = ("kind", "visibility", "dialogue")
    date_hierarchy = "start_date"
    search_fields = ("key", "title", "city", "description")
    autocomplete_fields = (
        "country",
        "participant_countries",
        "organisers",
        "dialogue",
        "project",
        "source_document",
    )
