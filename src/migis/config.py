"""Every setting migis reads from the environment, declared once with its default and meaning.

docs/configuration.md documents each of them; a test fails when one is missing there.
"""

import os
import secrets
import stat
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
    Setting(
        "MIGIS_IMPORT_MAX_MB",
        "2048",
        "Largest statistics file `migis import-data` and the editors' upload accept, in MB (files are "
        "streamed, never held whole; the limit bounds disk use and run time).",
    ),
    Setting("MIGIS_LANGUAGE", "en", "Default interface language: en, fr or ar."),
    Setting(
        "MIGIS_HTTPS",
        "",
        "1: migis is reached over HTTPS through a reverse proxy. Cookies are sent over HTTPS only, "
        "browsers are told to use HTTPS for a year (HSTS, subdomains included, preload), plain HTTP is "
        "redirected, and a request counts as HTTPS when the proxy sets X-Forwarded-Proto: https "
        "(the proxy must set that header and strip it from what clients send).",
    ),
    Setting(
        "MIGIS_FORWARDED_FOR",
        "",
        "1: the client address (for sign-in lockouts) is the last one in X-Forwarded-For, as the "
        "reverse proxy appends it. Empty: the address of the connection. Set it only behind a proxy, "
        "else clients could pick the address they are counted under.",
    ),
    Setting(
        "MIGIS_LOGIN_FAILURE_LIMIT",
        "10",
        "Failed sign-ins (or invalid API tokens) after which an account, and separately an address, "
        "is locked out.",
    ),
    Setting(
        "MIGIS_LOGIN_COOLOFF_MINUTES",
        "15",
        "Minutes a lockout lasts, counted from the last failed attempt.",
    ),
]
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    return _BY_NAME[name].get()


def data_dir() -> Path:
    """The data folder, private to the user migis runs as: it holds sessions, token hashes and
    restricted text. It is made (or tightened to) 0700, and the process's umask becomes 077 so that
    every file migis writes from now on (database, its -wal/-shm, search index, secret key) is 0600."""
    os.umask(0o077)
    path = Path(get("MIGIS_DATA_DIR")).expanduser().resolve()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _private(path, 0o700)
    return path


def tighten(path: Path) -> None:
    """Make folders 0700 and files 0600 under `path`: those left by an older migis, or copied in."""
    for folder, _dirs, files in os.walk(path):
        _private(Path(folder), 0o700)
        for name in files:
            _private(Path(folder) / name, 0o600)


def _private(path: Path, mode: int) -> None:
    try:
        st = path.lstat()
        if not stat.S_ISLNK(st.st_mode) and stat.S_IMODE(st.st_mode) & 0o077:
            path.chmod(mode)
    except FileNotFoundError:  # removed meanwhile (a search index segment being merged)
        pass


def is_on(name: str) -> bool:
    return get(name) == "1"


def integer(name: str) -> int:
    value = get(name)
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def secret_key() -> str:
    """The configured key, else one generated on first use and kept in the data folder (never in the repo)."""
    if key := get("MIGIS_SECRET_KEY"):
        return key
    path = data_dir() / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()
