"""A version number for the curated data, bumped once whenever a transaction changed curated records.

Cached fragments and map layers put the version in their key, so a change makes every older entry
unreachable at once (no per-record invalidation to get wrong). The version lives in one database row,
so every server process and every writer (the back office, `migis load-reference`, a worker, a shell)
agree on it; reading it is one primary-key query per cached page.

Every write path reaches it by construction: saves, deletes and many-to-many changes through signals,
and the bulk operations that send none (QuerySet.update, delete, bulk_create, bulk_update) through
VersionedQuerySet, which curated records, mentions and mentioned records use. A change schedules one bump
for when its transaction commits (at once in autocommit), however many records it touched, so a page
rendered from the old data during a long import cannot outlive the import. Cache keys also carry the
reader class (public, or officials and above) and the language: nothing restricted is served from a
public key.
"""

import threading
from contextlib import contextmanager

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import SimpleLazyObject

from migis.core.models import DataVersion, VersionedQuerySet, active_language
from migis.core.oncommit import once_on_commit
from migis.core.permissions import can_see_restricted

TIMEOUT = 600  # seconds; a safety net, invalidation is by version


def data_version() -> str:
    """The version of the curated data, read from the database so that every process agrees."""
    return str(DataVersion.objects.values_list("version", flat=True).filter(pk=1).first() or 0)


def bump(**_) -> None:
    """Make every cached page and layer unreachable now (a new version; old entries expire by TIMEOUT)."""
    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})


_local = threading.local()


def changed() -> None:
    """Curated data changed: bump once when the surrounding transaction commits (now in autocommit)."""
    if getattr(_local, "quiet", 0):
        _local.pending = True
        return
    once_on_commit("bump", bump)


@contextmanager
def one_bump():
    """Many transactions in a row (a bulk ingestion, one document each) bump once, at the end, and only
    if something changed."""
    _local.quiet = getattr(_local, "quiet", 0) + 1
    try:
        yield
    finally:
        _local.quiet -= 1
        if not _local.quiet and getattr(_local, "pending", False):
            _local.pending = False
            changed()


def _versioned(model) -> bool:
    manager = getattr(model, "_default_manager", None)
    return manager is not None and issubclass(manager._queryset_class, VersionedQuerySet)


def _changed(sender, instance=None, **kwargs) -> None:
    if (instance is not None and _versioned(type(instance))) or (sender is not None and _versioned(sender)):
        changed()


def scope(user) -> str:
    """The part of a cache key that decides what may be shown: data version, reader class, language."""
    reader = "r" if can_see_restricted(user) else "p"
    return f"{data_version()}:{reader}:{active_language()}"


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="migis-cache-save")
    post_delete.connect(_changed, dispatch_uid="migis-cache-delete")
    m2m_changed.connect(_changed, dispatch_uid="migis-cache-m2m")


def context(request) -> dict:
    """Template context processor: `cache_scope` for {% cache %} fragments, read only where one is used."""
    return {"cache_scope": SimpleLazyObject(lambda: scope(getattr(request, "user", None)))}
