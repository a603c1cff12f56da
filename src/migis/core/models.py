"""Base mixins every curated record shares: visibility, provenance and timestamps."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from migis.core.scope import PUBLIC_READER, VisibleQuerySet

LANGS = ("en", "fr", "ar")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    RESTRICTED = "restricted", _("restricted")


class VersionedQuerySet(models.QuerySet):
    """Bulk writes that send no signals still tell the cache that the data changed (core.cache)."""

    def _changed(self):
        from migis.core import cache

        cache.changed()

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            self._changed()
        return rows

    def delete(self):
        deleted = super().delete()
        if deleted[0]:
            self._changed()
        return deleted

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            self._changed()
        return created

    def bulk_update(self, objs, *args, **kwargs):
        rows = super().bulk_update(objs, *args, **kwargs)
        if rows:
            self._changed()
        return rows


# django-stubs gives each QuerySet class an as_manager() returning its own manager type, so two bases
# disagree on it; the manager Django makes from CuratedQuerySet has the methods of both.
class CuratedQuerySet(VisibleQuerySet, VersionedQuerySet):  # type: ignore[override]
    def with_sources(self):
        """Join the source document (without its full text) and its publisher, for pages that cite where
        facts come from."""
        return self.select_related("source_document__publisher").defer("source_document__text")


class Curated(models.Model):
    """A record with a visibility, the source it was taken from and the date it was true."""

    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    source_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_passage = models.TextField(_("source passage"), blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_title = models.CharField(_("source title"), max_length=300, blank=True)
    as_of = models.DateField(_("true as of"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = CuratedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_restricted(self) -> bool:
        return self.visibility == Visibility.RESTRICTED

    @property
    def has_source(self) -> bool:
        return bool(self.source_document_id or self.source_url or self.source_title)


def active_language() -> str:
    """The interface language in force (en, fr or ar)."""
    lang = (get_language() or "en")[:2]
    return lang if lang in LANGS else "en"


class Translated:
    """Descriptor reading `<field>_<language>` for the active language, falling back to English."""

    def __init__(self, field: str):
        self.field = field

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return getattr(obj, f"{self.field}_{active_language()}", "") or getattr(obj, f"{self.field}_en", "")


def is_public(obj) -> bool:
    """Whether an anonymous visitor may read `obj` (search entries, feeds)."""
    return PUBLIC_READER.sees(obj)


class DataVersion(models.Model):
    """One row: the version of the curated data, bumped on every change (see core.cache)."""

    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"data version {self.version}"
