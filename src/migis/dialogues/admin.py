from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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


class PeriodFilter(admin.SimpleListFilter):
    """Memberships held in a decade (from `since` to `until`, an open end running to today)."""

    title = _("period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [(str(d), f"{d}s") for d in range(1990, 2030, 10)]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if not value.isdigit():
            return queryset
        start = int(value)
        held = (Q(since__lte=start + 9) | Q(since__isnull=True)) & (
            Q(until__gte=start) | Q(until__isnull=True)
        )
        return queryset.filter(held)


@admin.register(Membership)
class MembershipAdmin(CuratedAdmin):
    list_display = ("country", "dialogue", "role", "since", "until", "as_of", "visibility")
    list_filter = (
        "dialogue",
        "role",
        ("country", admin.RelatedOnlyFieldListFilter),
        PeriodFilter,
        "visibility",
    )
    list_select_related = ("country", "dialogue")
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
