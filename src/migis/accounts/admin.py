from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from migis.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "role", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff")
    # Staff and superuser flags follow the role (see User.save), so the role is the one thing to edit.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("is_active", "role", "countries")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "password1", "password2")}),
    )
    autocomplete_fields = ("countries",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created", "last_used")
    readonly_fields = ("key_hash", "prefix", "created", "last_used")
    search_fields = ("user__username", "name", "prefix")

    def has_add_permission(self, request):
        return False  # tokens are issued with `migis token USERNAME`, which shows the raw value once
