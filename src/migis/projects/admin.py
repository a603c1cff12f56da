from django.contrib import admin

from migis.core.admin import CuratedAdmin
from migis.projects.models import Project


@admin.register(Project)
class ProjectAdmin(CuratedAdmin):
    list_display = ("acronym", "title", "region_label", "start_year", "end_year", "visibility")
    list_filter = ("visibility", "regions", "themes", "dialogues", "donors")
    search_fields = ("slug", "acronym", "title", "description")
    autocomplete_fields = ("countries", "donors", "implementers", "dialogues", "source_document")
    filter_horizontal = ("regions", "themes", "sdg_targets")
