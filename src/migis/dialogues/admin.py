from django.contrib import admin

from migis.core.admin import CuratedAdmin
from migis.dialogues.models import Chairmanship, Declaration, Dialogue, DialogueFact, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("country",)
    fields = ("country", "role", "since", "until", "visibility", "as_of")


class ChairInline(admin.TabularInline):
    model = Chairmanship
    extra = 0
    autocomplete_fields = ("country", "organisation")
    fields = ("country", "organisation", "start", "end", "visibility")


@admin.register(Dialogue)
class DialogueAdmin(CuratedAdmin):
    list_display = ("name_en", "acronym", "kind", "founded", "secretariat", "visibility")
    list_filter = ("kind", "visibility")
    search_fields = ("slug", "acronym", "name_en", "name_fr", "name_ar")
    autocomplete_fields = ("secretariat", "source_document")
    inlines = [MembershipInline, ChairInline]


@admin.register(Membership)
class MembershipAdmin(CuratedAdmin):
    list_display = ("dialogue", "country", "role", "since", "until", "visibility")
    list_filter = ("dialogue", "role", "visibility")
    search_fields = ("country__name_en", "country__iso3", "dialogue__name_en")
    autocomplete_fields = ("country", "dialogue", "source_document")


@admin.register(Declaration)
class DeclarationAdmin(CuratedAdmin):
    list_display = ("title", "dialogue", "kind", "year", "place")
    list_filter = ("dialogue", "kind", "visibility")
    search_fields = ("title", "place")


@admin.register(DialogueFact)
class DialogueFactAdmin(CuratedAdmin):
    list_display = ("dialogue", "year", "text")
    list_filter = ("dialogue", "visibility")
    search_fields = ("text",)
