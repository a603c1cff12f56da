from django.contrib import admin

from migis.core.admin import CuratedAdmin
from migis.frameworks.models import GcmObjective, SdgGoal, SdgTarget, Theme


@admin.register(Theme)
class ThemeAdmin(CuratedAdmin):
    list_display = ("slug", "name_en", "name_fr", "name_ar")
    search_fields = ("slug", "name_en", "name_fr", "name_ar")


@admin.register(SdgGoal)
class SdgGoalAdmin(CuratedAdmin):
    list_display = ("number", "short_en")
    search_fields = ("short_en", "title_en")


@admin.register(SdgTarget)
class SdgTargetAdmin(CuratedAdmin):
    list_display = ("code", "goal", "text_en")
    list_filter = ("goal", "visibility")
    search_fields = ("code", "text_en")


@admin.register(GcmObjective)
class GcmObjectiveAdmin(CuratedAdmin):
    list_display = ("number", "title_en")
    search_fields = ("title_en",)
