"""Keeping the search index in step with the database, whatever happens to the process.

    queue(key)    in the writer's transaction: a PendingEntry row (rolled back with it)
    drain()       after the commit: apply every pending row to the index, commit the index, delete
                  the rows applied

A process killed after its database commit and before its index commit leaves its rows behind; the
next full drain (any ingest run, `migis init`, `migis serve` at start-up and every few seconds while it
runs) applies them: a plain re-run repairs the index.

Any number of writers may drain; the index takes one writer at a time. A quick drain (after a single
change: an upload, a save in the back office) never waits: when the index is busy it leaves its rows
to the writer holding it, and it spends at most QUICK_SECONDS applying rows, so a request is never held
up by a bulk run's backlog. A full drain (the end of a run) waits its turn and applies everything, so
what quick drains left behind is applied by the time a run ends. Reading the entries takes no lock in
the database: writers go on meanwhile.

Inside `deferred()` (bulk ingestion) drains wait for the end of the block, or for `maybe_drain()`,
which drains at most every DRAIN_SECONDS: a long run makes its documents searchable as it goes.
"""

import contextlib
import logging
import threading
import time

from migis.core.oncommit import once_on_commit
from migis.search import documents
from migis.search.backends import get_backend
from migis.search.models import PendingEntry

log = logging.getLogger(__name__)

BATCH = 500  # pending rows applied per index commit
QUICK_BATCH = 50
QUICK_SECONDS = 0.5
DRAIN_SECONDS = 2.0
_local = threading.local()


def queue(*keys: str) -> None:
    """Record that these index entries must be rebuilt (call inside the writing transaction)."""
    PendingEntry.objects.bulk_create([PendingEntry(key=k) for k in dict.fromkeys(keys) if k])
    if not getattr(_local, "deferred", 0):
        once_on_commit("drain", quick_drain)


def _quietly(func, *args, **kwargs) -> int:
    try:
        return func(*args, **kwargs)
    except Exception:  # the database change stands; its rows stay pending for the next drain
        log.exception("search index update failed; the changes stay queued for the next drain")
        return 0


def quick_drain() -> int:
    """After a single change: never wait for the index, spend at most QUICK_SECONDS."""
    return _quietly(drain, wait=False, budget=QUICK_SECONDS)


def full_drain() -> int:
    """At the end of a run: wait for the index and apply every pending row."""
    return _quietly(drain, wait=True)


def drain(wait: bool = True, budget: float | None = None) -> int:
    """Apply pending rows (every one, unless `budget` seconds run out first); returns how many this
    process applied. Without `wait`, a busy index is left to the writer holding it."""
    applied = 0
    backend = get_backend()
    deadline = None if budget is None else time.monotonic() + budget
    while PendingEntry.objects.exists():
        if deadline is not None and time.monotonic() > deadline:
            break
        with backend.writing(wait=wait) as writer:
            if writer is None:
                break  # another process holds the index; it applies what is pending
            applied += _apply(writer, deadline)
    _local.last_drain = time.monotonic()
    return applied


def _apply(writer, deadline: float | None) -> int:
    applied = 0
    size = BATCH if deadline is None else QUICK_BATCH
    while deadline is None or time.monotonic() <= deadline:
        rows = list(PendingEntry.objects.values_list("id", "key")[:size])
        if not rows:
            break
        # No transaction: the entries are read as the database holds them now (no write lock is taken),
        # and a change made after the read queued a row of its own, applied in a later round.
        found = documents.entries_for_keys(dict.fromkeys(key for _, key in rows))
        entries = [entry for entry in found.values() if entry is not None]
        gone = [key for key, entry in found.items() if entry is None]
        writer.index(entries)
        writer.delete(gone)
        writer.commit()
        # Only the rows read: a row added meanwhile (a newer change) stays for the next round.
        PendingEntry.objects.filter(id__in=[i for i, _ in rows]).delete()
        applied += len(rows)
    return applied


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
            full_drain()


def maybe_drain() -> None:
    """Inside `deferred()`: drain if the last drain is more than DRAIN_SECONDS ago."""
    if time.monotonic() - getattr(_local, "last_drain", 0.0) >= DRAIN_SECONDS:
        _local.last_drain = time.monotonic()
        _quietly(drain, wait=False)
