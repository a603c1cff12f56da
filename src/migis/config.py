"""Every setting migis reads from the environment, declared once with its default and meaning.

docs/configuration.md documents each of them; a test fails when one is missing there.
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.name, "") or self.default


SETTINGS = [
    Setting(
        "MIGIS_DATA_DIR",
        "./data",
        "Folder for the SQLite database, the secret key and collected static files.",
    ),
    Setting(
        "MIGIS_DATABASE_URL",
        "",
        "Database URL. Empty: SQLite at $MIGIS_DATA_DIR/migis.sqlite3. "
        "For PostgreSQL: postgresql://USER:PASSWORD@HOST:PORT/NAME.",
    ),
    Setting(
        "MIGIS_SECRET_KEY",
        "",
        "Django secret key. Empty: generated once and kept in $MIGIS_DATA_DIR/secret_key.",
    ),
    Setting("MIGIS_DEBUG", "0", "1 turns on Django's debug pages. Never in production."),
    Setting(
        "MIGIS_ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names the server answers to."
    ),
    Setting(
        "MIGIS_CSRF_TRUSTED_ORIGINS", "", "Comma-separated origins (https://example.org) trusted for forms."
    ),
    Setting(
        "MIGIS_CACHE_URL",
        "",
        "Empty: a cache in each server process's memory. "
        "redis://HOST:PORT/DB shares one cache between processes.",
    ),
    Setting(
        "MIGIS_TASKS",
        "",
        "Empty: background tasks (ingestion, feed polling) run at once in the calling process. "
        "redis://HOST:PORT/DB: they go to a Redis queue that `migis worker` processes.",
    ),
    Setting("MIGIS_TASKS_QUEUE", "migis", "Name of the task queue in Redis."),
    Setting(
        "MIGIS_FEEDS_ALLOW_PRIVATE",
        "",
        "1 lets feeds added through the web reach loopback, private and link-local addresses. "
        "Empty: only public addresses (the command line may always fetch any address).",
    ),
    Setting(
        "MIGIS_SEARCH_BACKEND",
        "tantivy",
        "Search engine: tantivy (an index in $MIGIS_DATA_DIR/search-index) or database "
        "(PostgreSQL full-text search, SQLite FTS5).",
    ),
    Setting("MIGIS_LANGUAGE", "en", "Default interface language: en, fr or ar."),
]
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    return _BY_NAME[name].get()


def data_dir() -> Path:
    path = Path(get("MIGIS_DATA_DIR")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key() -> str:
    """The configured key, else one generated on first use and kept in the data folder (never in the repo)."""
    if key := get("MIGIS_SECRET_KEY"):
        return key
    path = data_dir() / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()
