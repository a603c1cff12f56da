"""Feeds editors subscribe to, and the items already taken from each (so an item goes in once)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from migis.core.models import Visibility
from migis.documents.models import Document


class Feed(models.Model):
    class Status(models.TextChoices):
        NEW = "", _("never polled")
        OK = "ok", _("ok")
        NOT_MODIFIED = "not_modified", _("not modified")
        PARTIAL = "partial", _("some items failed")
        ERROR = "error", _("error")

    url = models.URLField(_("feed address"), max_length=1000, unique=True)
    title = models.CharField(_("title"), max_length=400, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Added (or changed) through the web: fetched only from public addresses, after redirects too,
    # unless MIGIS_FEEDS_ALLOW_PRIVATE is set. Added on the command line: any address.
    from_web = models.BooleanField(_("added through the web"), default=True)
    active = models.BooleanField(_("active"), default=True)
    visibility = models.CharField(
        _("visibility of its items"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    kind = models.CharField(
        _("kind of its items"), max_length=20, choices=Document.Kind.choices, default=Document.Kind.NEWS
    )
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_status = models.CharField(
        _("last status"), max_length=20, choices=Status.choices, default=Status.NEW, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_now = False  # not stored: set by services.add_feed, whether that call made the subscription

    class Meta:
        ordering = ["url"]
        verbose_name = _("news feed")
        verbose_name_plural = _("news feeds")

    def __str__(self):
        return self.title or self.url


class FeedItem(models.Model):
    """One item of a feed, identified by its GUID, else its link, else the hash of its content."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=64, help_text="sha256 of 'guid:…', 'link:…' or 'hash:…'")
    guid = models.CharField(max_length=1000, blank=True)
    link = models.URLField(max_length=1000, blank=True)
    content_hash = models.CharField(max_length=64)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published", "-created"]
        constraints = [models.UniqueConstraint(fields=["feed", "key"], name="feeditem_once_per_feed")]

    def __str__(self):
        return self.guid or self.link or self.content_hash
