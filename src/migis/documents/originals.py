"""Stored originals: the file a document was read from (an upload, a file given to `migis ingest`), kept as
it came in the data folder, so that a reader can open the original beside the text. Named by the
document's content hash; backed up with the data folder."""

import shutil
from pathlib import Path

from django.conf import settings

from migis.documents.models import Document

FOLDER = "originals"


def root() -> Path:
    return Path(settings.DATA_DIR) / FOLDER


def store(document: Document, source: Path) -> None:
    """Keep `source` as `document`'s original (once: a document's original never changes)."""
    if document.original or not document.sha256 or not source.is_file():
        return
    relative = Path(document.sha256[:2]) / f"{document.sha256}{source.suffix.lower()[:10]}"
    target = root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        partial = target.with_name(target.name + ".part")  # a crash leaves no half file under the name
        shutil.copyfile(source, partial)
        partial.replace(target)
    document.original = relative.as_posix()
    document.original_size = target.stat().st_size
    document.save(update_fields=["original", "original_size", "updated"])


def path_of(document: Document) -> Path | None:
    """The stored original's file, when there is one."""
    if not document.original:
        return None
    path = (root() / document.original).resolve()
    if root().resolve() not in path.parents or not path.is_file():
        return None
    return path
