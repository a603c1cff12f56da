"""Search engines. `get_backend()` returns the configured one, one instance per index location."""

import threading

from migis.search import config
from migis.search.backends.base import Hit, SearchBackend, SearchResults

_backends: dict = {}
_lock = threading.Lock()


def get_backend(name: str | None = None) -> SearchBackend:
    name = name or config.backend_name()
    if name == "tantivy":
        path = config.index_dir()
        key: tuple = (name, str(path))
    else:
        from django.db import connection

        key = (name, connection.alias, connection.settings_dict.get("NAME"))
    with _lock:
        backend = _backends.get(key)
        if backend is None:
            if name == "tantivy":
                from migis.search.backends.tantivy_backend import TantivyBackend

                backend = TantivyBackend(path)
            elif name == "database":
                from migis.search.backends.database import DatabaseBackend

                backend = DatabaseBackend()
            else:
                raise ValueError(f"Unknown search backend {name!r}")
            _backends[key] = backend
        return backend


def reset() -> None:
    """Forget the open backends (tests; after the index folder was removed)."""
    with _lock:
        for backend in _backends.values():
            backend.close()
        _backends.clear()


__all__ = ["Hit", "SearchBackend", "SearchResults", "get_backend", "reset"]
