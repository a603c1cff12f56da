from django.contrib import admin

from migis.core.admin import CuratedAdmin
from migis.organisations.models import Organisation, OrganisationMembership


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    autocomplete_fields = ("country",)
    fields = ("country", "as_of", "visibility", "source_title")


@admin.register(Organisation)
class OrganisationAdmin(CuratedAdmin):
    list_display = ("acronym", "name_en", "kind", "founded")
    list_filter = ("kind", "visibility")
    search_fields = ("slug", "acronym", "name_en", "name_fr", "name_ar")
    inlines = [MembershipInline]
