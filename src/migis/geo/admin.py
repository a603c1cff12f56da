from django.contrib import admin

from migis.core.admin import CuratedAdmin
from migis.geo.models import Country, Region


@admin.register(Region)
class RegionAdmin(CuratedAdmin):
    list_display = ("code", "name_en", "level", "parent")
    list_filter = ("level", "visibility")
    search_fields = ("code", "name_en", "name_fr", "name_ar")


@admin.register(Country)
class CountryAdmin(CuratedAdmin):
    list_display = ("iso3", "name_en", "name_fr", "name_ar", "region", "subregion")
    list_filter = ("region", "subregion", "un_member", "visibility")
    search_fields = ("iso3", "iso2", "name_en", "name_fr", "name_ar", "official_name_en")
