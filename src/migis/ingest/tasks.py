"""Ingestion tasks: plain functions with plain arguments, so a worker process can run them."""

from migis.ingest.pipeline import ingest_file


def ingest_file_task(path: str, kind: str = "other", visibility: str | None = None) -> str:
    return ingest_file(path, kind=kind, visibility=visibility).line()
