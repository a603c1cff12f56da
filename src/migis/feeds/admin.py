"""Feeds in the back office. A feed added or re-addressed here is "from the web": it is fetched only from
public addresses (checked at every fetch, after every redirect), unless the operator allows otherwise."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from migis.feeds.models import Feed, FeedItem
from migis.feeds.services import poll


class FeedItemInline(admin.TabularInline):
    model = FeedItem
    extra = 0
    can_delete = False
    fields = ("published", "guid", "link", "document")
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document").order_by("-published", "-created")


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "url",
        "active",
        "visibility",
        "kind",
        "from_web",
        "last_polled",
        "last_status",
    )
    list_filter = ("active", "last_status", "visibility", "kind", "from_web")
    search_fields = ("url", "title", "last_error")
    readonly_fields = (
        "from_web",
        "added_by",
        "etag",
        "last_modified",
        "last_polled",
        "last_status",
        "last_error",
        "created",
    )
    fields = ("url", "title", "active", "visibility", "kind", *readonly_fields)
    inlines = [FeedItemInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["poll_now"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
            obj.from_web = True
        elif "url" in form.changed_data:
            obj.from_web = True
            obj.etag = obj.last_modified = ""
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Poll the selected feeds now"))
    def poll_now(self, request, queryset):
        for feed in queryset:
            report = poll(feed)
            level = (
                messages.ERROR if report.error else messages.WARNING if report.failed else messages.SUCCESS
            )
            self.message_user(request, report.line(), level)


@admin.register(FeedItem)
class FeedItemAdmin(admin.ModelAdmin):
    list_display = ("__str__", "feed", "published", "document")
    list_filter = ("feed",)
    search_fields = ("guid", "link", "document__title")
    raw_id_fields = ("feed", "document")
    list_select_related = ("feed", "document")

    def has_add_permission(self, request):
        return False
