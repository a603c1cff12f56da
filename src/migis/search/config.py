"""The search settings, read from the environment (declared in migis.config.SETTINGS as well)."""

import os
from pathlib import Path

BACKENDS = ("tantivy", "database")
DEFAULT_BACKEND = "tantivy"


def backend_name() -> str:
    name = (os.environ.get("MIGIS_SEARCH_BACKEND", "") or DEFAULT_BACKEND).strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"MIGIS_SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")
    return name


def index_dir() -> Path:
    """$MIGIS_DATA_DIR/search-index (read from settings at call time, so tests can point it elsewhere)."""
    from django.conf import settings

    return Path(settings.DATA_DIR) / "search-index"
