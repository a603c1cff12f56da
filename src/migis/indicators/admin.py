from django.contrib import admin

from migis.core.admin import CuratedAdmin
from migis.indicators.models import Dataset, DatasetVersion, Indicator


@admin.register(Indicator)
class IndicatorAdmin(CuratedAdmin):
    list_display = ("code", "name_en", "kind", "unit", "periodicity", "visibility")
    list_filter = ("visibility", "kind", "periodicity", "topic")
    search_fields = ("code", "name_en", "name_fr", "name_ar")


class VersionInline(admin.TabularInline):
    """Versions are made by imports (migis import-data, the upload page), never by hand."""

    model = DatasetVersion
    extra = 0
    can_delete = True
    fields = (
        "number",
        "edition",
        "file_name",
        "format",
        "observations",
        "is_current",
        "imported",
        "imported_by",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dataset)
class DatasetAdmin(CuratedAdmin):
    list_display = ("slug", "title", "publisher", "illustrative", "visibility")
    list_filter = ("visibility", "illustrative")
    search_fields = ("slug", "title", "publisher")
    inlines = (VersionInline,)
