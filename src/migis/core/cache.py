"""A version number for the curated data, bumped whenever any curated record changes.

Cached fragments and map layers put the version in their key, so a change makes every older entry
unreachable at once (no per-record invalidation to get wrong). The version is bumped on save and
again when the surrounding transaction commits, so a page rendered from the old data during a long
import cannot outlive the import. Cache keys also carry the reader class (public, or officials and
above) and the language: nothing restricted is ever served from a public key.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from migis.core.permissions import can_see_restricted

VERSION_KEY = "migis:data-version"
TIMEOUT = 600  # seconds; a safety net, invalidation is by version


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex[:12]
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump(**_) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex[:12], None)


def _changed(sender, **kwargs) -> None:
    from migis.core.models import Curated

    if isinstance(kwargs.get("instance"), Curated) or (sender and issubclass(sender, Curated)):
        bump()
        transaction.on_commit(bump)


def scope(user) -> str:
    """The part of a cache key that decides what may be shown: data version, reader class, language."""
    reader = "r" if can_see_restricted(user) else "p"
    return f"{data_version()}:{reader}:{(get_language() or 'en')[:2]}"


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="migis-cache-save")
    post_delete.connect(_changed, dispatch_uid="migis-cache-delete")
    m2m_changed.connect(_changed, dispatch_uid="migis-cache-m2m")


def context(request) -> dict:
    """Template context processor: `cache_scope` for {% cache %} fragments."""
    return {"cache_scope": scope(getattr(request, "user", None))}
