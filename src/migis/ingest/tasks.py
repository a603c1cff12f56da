"""Ingestion tasks: plain functions with plain arguments, so a worker process can run them."""

from migis.ingest.pipeline import ingest_file
from migis.search import outbox


def ingest_file_task(path: str, kind: str = "other", visibility: str | None = None) -> str:
    outcome = ingest_file(path, kind=kind, visibility=visibility)
    # A worker is the end of its run: wait for the index and apply what is pending (its own document,
    # and what a quick drain elsewhere left), so no change waits for a server to pick it up.
    outbox.full_drain()
    return outcome.line()
