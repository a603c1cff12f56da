"""Keeping the search index in step with the database, whatever happens to the process.

    queue(key)    in the writer's transaction: a PendingEntry row (rolled back with it)
    drain()       after the commit: apply every pending row to the index, commit the index, delete
                  the rows applied

A process killed after its database commit and before its index commit leaves its rows behind; the
next drain (any ingest, upload, `migis init`, `migis serve` at start-up) applies them: a plain re-run
repairs the index. Any number of writers may drain: the index takes one writer at a time, and a
writer that finds it busy leaves its rows to the one holding it, which drains until the outbox is
empty and looks again after letting go, so no row is left behind and nobody waits for a bulk run.

Inside `deferred()` (bulk ingestion) drains wait for the end of the block, or for `maybe_drain()`,
which drains at most every DRAIN_SECONDS: a long run makes its documents searchable as it goes.
"""

import contextlib
import logging
import threading
import time

from django.db import transaction

from migis.core.oncommit import once_on_commit
from migis.search import documents
from migis.search.backends import get_backend
from migis.search.models import PendingEntry

log = logging.getLogger(__name__)

BATCH = 500  # pending rows applied per index commit
DRAIN_SECONDS = 2.0
_local = threading.local()


def queue(*keys: str) -> None:
    """Record that these index entries must be rebuilt (call inside the writing transaction)."""
    PendingEntry.objects.bulk_create([PendingEntry(key=k) for k in dict.fromkeys(keys) if k])
    if not getattr(_local, "deferred", 0):
        once_on_commit("drain", _drain_quietly)


def _drain_quietly() -> None:
    try:
        drain()
    except Exception:  # the database change stands; its rows stay pending for the next drain
        log.exception("search index update failed; the changes stay queued for the next drain")


def drain() -> int:
    """Apply every pending row; returns how many this process applied (0 when another process was
    draining and will apply them)."""
    applied = 0
    backend = get_backend()
    while PendingEntry.objects.exists():
        with backend.writing(wait=False) as writer:
            if writer is None:
                return applied  # another process holds the index: it drains ours too (see above)
            applied += _apply_all(writer)
    _local.last_drain = time.monotonic()
    return applied


def _apply_all(writer) -> int:
    applied = 0
    while True:
        rows = list(PendingEntry.objects.values_list("id", "key")[:BATCH])
        if not rows:
            return applied
        keys = list(dict.fromkeys(key for _, key in rows))
        entries, gone = [], []
        with transaction.atomic():  # one snapshot to read the entries from
            for key in keys:
                entry = documents.entry_for_key(key)
                (entries if entry is not None else gone).append(entry if entry is not None else key)
        writer.index(entries)
        writer.delete(gone)
        writer.commit()
        # Only the rows read: a row added meanwhile (a newer change) stays for the next round.
        PendingEntry.objects.filter(id__in=[i for i, _ in rows]).delete()
        applied += len(rows)


def pending() -> int:
    return PendingEntry.objects.count()


@contextlib.contextmanager
def deferred():
    """Queue without draining inside the block; drain once at its end (bulk runs)."""
    _local.deferred = getattr(_local, "deferred", 0) + 1
    try:
        yield
    finally:
        _local.deferred -= 1
        if not _local.deferred:
            _drain_quietly()


def maybe_drain() -> None:
    """Inside `deferred()`: drain if the last drain is more than DRAIN_SECONDS ago."""
    if time.monotonic() - getattr(_local, "last_drain", 0.0) >= DRAIN_SECONDS:
        _local.last_drain = time.monotonic()
        _drain_quietly()
