from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from migis.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "role", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = BaseUserAdmin.fieldsets + (("migis", {"fields": ("role", "countries")}),)
    autocomplete_fields = ("countries",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created", "last_used")
    readonly_fields = ("key_hash", "prefix", "created", "last_used")
    search_fields = ("user__username", "name", "prefix")
