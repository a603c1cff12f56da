"""A version number for the curated data, bumped whenever any curated record changes.

Cached fragments and map layers put the version in their key, so a change makes every older entry
unreachable at once (no per-record invalidation to get wrong). The version lives in one database row,
so every server process and every writer (the back office, `migis load-reference`, a shell) agree on
it; reading it is one primary-key query per cached page. It is bumped on save, delete and many-to-many
changes of any curated record, and again when the surrounding transaction commits, so a page rendered
from the old data during a long import cannot outlive the import. Bulk operations that skip signals
(QuerySet.update, bulk_create) must call `bump()` themselves. Cache keys also carry the reader class
(public, or officials and above) and the language: nothing restricted is served from a public key.
"""

import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import SimpleLazyObject

from migis.core.models import DataVersion, active_language
from migis.core.permissions import can_see_restricted

TIMEOUT = 600  # seconds; a safety net, invalidation is by version


def data_version() -> str:
    """The version of the curated data, read from the database so that every process agrees."""
    return str(DataVersion.objects.values_list("version", flat=True).filter(pk=1).first() or 0)


def bump(**_) -> None:
    """Make every cached page and layer unreachable (a new version; old entries expire by TIMEOUT)."""
    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})


_local = threading.local()


@contextmanager
def one_bump():
    """Inside this block saves do not bump the version one by one; it is bumped once at the end (and again
    on commit). For imports that save thousands of records."""
    _local.quiet = getattr(_local, "quiet", 0) + 1
    try:
        yield
    finally:
        _local.quiet -= 1
        if not _local.quiet:
            bump()
            transaction.on_commit(bump)


def _changed(sender, **kwargs) -> None:
    from migis.core.models import Curated

    if getattr(_local, "quiet", 0):
        return
    if isinstance(kwargs.get("instance"), Curated) or (sender and issubclass(sender, Curated)):
        bump()
        transaction.on_commit(bump)


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
