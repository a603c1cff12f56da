"""Backup and restore of a whole migis instance: the database, taken consistently while the server runs,
and the data files kept beside it in the data folder. The search index is rebuilt on restore.

A backup is one gzip-compressed tar file, private to its owner (0600), written under a temporary name
and renamed into place, so a backup that stopped half-way never passes for a complete one:

    manifest.json            what the file holds (first, so a restore checks it before anything else)
    database/migis.sqlite3   SQLite: a snapshot made with SQLite's online backup API
    database/migis.pgdump    PostgreSQL: `pg_dump --format=custom` of one exported snapshot
    data/...                 the data folder's data files (stored originals, demo-accounts.txt ...)

Not held: the search index (rebuilt from the database), collected static files (`migis init` makes
them), the secret key (a restored instance keeps or makes its own: signed-in sessions and password-reset
links of the old instance just stop working; API tokens are stored as plain hashes and keep working).
docs/operations.md tells the operator the same.
"""

import gzip
import hashlib
import importlib.metadata
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction

from migis.search import config as search_config

FORMAT = "migis-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_MAX_BYTES = 1_000_000
DATABASE_MEMBERS = {"sqlite": "database/migis.sqlite3", "postgresql": "database/migis.pgdump"}
DATA_PREFIX = "data/"
# Top-level entries of the data folder that are not data: rebuilt or made again by a restored instance.
NOT_DATA = {"search-index", "static", "secret_key"}
TEMP_PREFIX = ".migis-"  # our own temporary folders (and anything hidden at the top) are never data
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
SQLITE_TABLES = (
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
)


def _ident(name: str) -> str:
    """`name` (read from the database's catalogue) as a quoted SQL identifier, inner quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


PG_ENV = {
    "HOST": "PGHOST",
    "PORT": "PGPORT",
    "USER": "PGUSER",
    "NAME": "PGDATABASE",
    "PASSWORD": "PGPASSWORD",
}
PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says what is wrong. Nothing was changed,
    unless `changed` (a PostgreSQL restore with --force that failed after pg_restore committed)."""

    def __init__(self, message: str, changed: bool = False):
        super().__init__(message)
        self.changed = changed


# --- what is configured -------------------------------------------------------------------------------


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"backup knows SQLite and PostgreSQL, not {vendor}")
    return vendor


def _sqlite_path() -> Path:
    return Path(connection.settings_dict["NAME"]).resolve()


def _data_dir() -> Path:
    return Path(settings.DATA_DIR).resolve()


def _version() -> str:
    try:
        return importlib.metadata.version("migis")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# --- backup -------------------------------------------------------------------------------------------


def backup(path, force: bool = False) -> dict:
    """Write a backup of the configured instance to `path`. Returns a summary: {"file", "bytes", "vendor",
    "created", "counts": {table: rows}, "data_files"}. Raises BackupError."""
    path = Path(path).expanduser().resolve()
    if path.is_dir():
        raise BackupError(f"{path} is a folder: give the name of the backup file to write")
    if path.exists() and not force:
        raise BackupError(f"{path} already exists (use --force to replace it)")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} does not exist")
    vendor = _vendor()
    try:
        manifest, data_files = _backup_into(path, vendor)
    except OSError as exc:  # a full disk, a folder not writable: nothing is left behind
        raise BackupError(f"cannot write {path}: {exc}") from exc
    return {
        "file": str(path),
        "bytes": path.stat().st_size,
        "vendor": vendor,
        "created": manifest["created"],
        "counts": manifest["counts"],
        "data_files": data_files,
    }


def _backup_into(path: Path, vendor: str) -> tuple[dict, int]:
    """Snapshot the database and write the archive in a private temporary folder beside `path`, then
    rename it into place: a backup interrupted half-way never passes for a complete one."""
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX + "backup-", dir=path.parent) as tmp:
        snapshot = Path(tmp) / "database"
        if vendor == "sqlite":
            manifest = _sqlite_snapshot(_sqlite_path(), snapshot)
        else:
            manifest = _pg_snapshot(snapshot)
        manifest["database"] = {
            "member": DATABASE_MEMBERS[vendor],
            "bytes": snapshot.stat().st_size,
            "sha256": _sha256(snapshot),
        }
        partial = Path(tmp) / "backup.tar.gz"
        data_files = _write_archive(partial, manifest, snapshot, skip={path, Path(tmp)})
        partial.chmod(0o600)
        os.replace(partial, path)
    _fsync_dir(path.parent)
    return manifest, data_files


def _manifest(vendor: str, migrations: dict, counts: dict, **extra) -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "migis_version": _version(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "vendor": vendor,
        "search_backend": search_config.backend_name(),
        "migrations": migrations,
        "counts": counts,
        **extra,
    }


def _sqlite_snapshot(live: Path, snapshot: Path) -> dict:
    """Copy the live database with SQLite's online backup API. The copy runs as one step, inside one read
    transaction: it is the database as it was at one instant, while writers go on (WAL)."""
    if not live.is_file():
        raise BackupError(f"there is no database at {live}: nothing to back up")
    source = sqlite3.connect(live, timeout=30)
    target = sqlite3.connect(snapshot)
    try:
        source.backup(target)  # pages=-1: every page in one step
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        target.close()
        source.close()
    migrations, counts = _sqlite_state(snapshot)
    return _manifest("sqlite", migrations, counts, sqlite_version=sqlite3.sqlite_version)


def _sqlite_state(path: Path) -> tuple[dict, dict]:
    """({app: [applied migrations]}, {table: rows}) of a SQLite database file."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in db.execute(SQLITE_TABLES)]
        counts = {
            t: db.execute(f"SELECT count(*) FROM {_ident(t)}").fetchone()[0]  # noqa: S608 - quoted identifier
            for t in tables
        }
        rows = db.execute("SELECT app, name FROM django_migrations") if "django_migrations" in tables else []
        return _by_app(rows), counts
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the database file cannot be read: {exc}") from exc
    finally:
        db.close()


def _by_app(rows) -> dict:
    out: dict[str, list] = {}
    for app, name in rows:
        out.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(out.items())}


def _pg_snapshot(dump: Path) -> dict:
    """Export a snapshot in a repeatable-read transaction, read the migrations and row counts in it and
    let pg_dump dump that same snapshot: the manifest describes exactly what the dump holds."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version_num')::int")
        snapshot_id, server = cursor.fetchone()
        pg_dump, tool_version = _pg_tool("pg_dump", server // 10000)
        counts = _pg_counts(cursor)
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = _by_app(cursor.fetchall())
        args = [
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot_id}",
            "--file",
            dump,
        ]
        _run([pg_dump, *args], "pg_dump")
    return _manifest(
        "postgresql", migrations, counts, pg_dump_version=tool_version, server_version_num=server
    )


def _pg_tables(cursor) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT schemaname, tablename FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
    )
    return cursor.fetchall()


def _pg_counts(cursor) -> dict:
    counts = {}
    for schema, table in _pg_tables(cursor):
        name = table if schema == "public" else f"{schema}.{table}"
        cursor.execute(f"SELECT count(*) FROM {_ident(schema)}.{_ident(table)}")  # noqa: S608 - quoted identifiers
        counts[name] = cursor.fetchone()[0]
    return dict(sorted(counts.items()))


def _data_files(skip: set) -> list[tuple[Path, str]]:
    """(path, member name) of every regular file in the data folder that is data; sorted."""
    root = _data_dir()
    skip = {p.resolve() for p in skip}
    if connection.vendor == "sqlite":
        live = _sqlite_path()
        skip |= {live, *(Path(f"{live}{s}") for s in SQLITE_SIDE_FILES)}
    out = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if _is_data(here / d, root, skip))
        for name in sorted(files):
            path = here / name
            if _is_data(path, root, skip) and path.is_file() and not path.is_symlink():
                out.append((path, DATA_PREFIX + path.relative_to(root).as_posix()))
    return out


def _is_data(path: Path, root: Path, skip: set) -> bool:
    top = path.relative_to(root).parts[0]
    return top not in NOT_DATA and not top.startswith(".") and path not in skip and not path.is_symlink()


def _write_archive(partial: Path, manifest: dict, snapshot: Path, skip: set) -> int:
    """Write the tar.gz: the manifest first, then the database snapshot, then the data files."""
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    files = _data_files(skip)
    manifest["data_files"] = len(files)
    with os.fdopen(fd, "wb") as raw:
        with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            tar.addfile(_info(MANIFEST, len(body)), io.BytesIO(body))
            _add_file(tar, snapshot, manifest["database"]["member"])
            written = sum(_add_file(tar, path, name) for path, name in files)
        raw.flush()
        os.fsync(raw.fileno())
    return written


def _info(name: str, size: int, mtime: float | None = None) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(mtime or datetime.now(UTC).timestamp())
    return info


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> int:
    """Add one file as it is when opened (its size then); 0 when it vanished meanwhile."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            tar.addfile(_info(name, st.st_size, st.st_mtime), f)
    except FileNotFoundError:
        return 0
    return 1


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- PostgreSQL tools ---------------------------------------------------------------------------------


def _pg_env() -> dict:
    """The connection settings as libpq environment variables: the password never on a command line."""
    s = connection.settings_dict
    env = dict(os.environ)
    env.update({var: str(s[key]) for key, var in PG_ENV.items() if s.get(key)})
    options = s.get("OPTIONS") or {}
    env.update({var: str(options[key]) for key, var in PG_OPTION_ENV.items() if options.get(key)})
    return env


def _tool_version(path: str) -> tuple[int, str] | None:
    try:
        out = subprocess.run(  # noqa: S603 - a PostgreSQL client tool found on PATH or in /usr/lib/postgresql
            [path, "--version"], capture_output=True, text=True, env=_pg_env(), timeout=30
        )
    except OSError:
        return None
    match = re.search(r"(\d+)(?:\.(\d+))?", out.stdout)
    return (int(match.group(1)), match.group(0)) if match and out.returncode == 0 else None


def _pg_tool(name: str, major: int) -> tuple[str, str]:
    """The path and version of `name` (pg_dump, pg_restore) of major version `major` or newer: the one
    on PATH, else the newest of Debian's /usr/lib/postgresql/*/bin."""
    candidates = [p for p in [shutil.which(name)] if p]
    candidates += [str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)]
    found = []
    for path in candidates:
        if version := _tool_version(path):
            if version[0] >= major:
                return path, version[1]
            found.append(f"{version[1]} ({path})")
    if not found:
        raise BackupError(
            f"{name} was not found: install the PostgreSQL client tools, version {major} or newer "
            f"(Debian: apt-get install postgresql-client)"
        )
    raise BackupError(
        f"{name} must be version {major} or newer (the database's), and only {', '.join(found)} is "
        f"installed: install postgresql-client-{major}"
    )


def _run(args: list, tool: str) -> None:
    # pg_dump or pg_restore (found by _pg_tool) with options and paths we built, no shell
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=_pg_env())  # noqa: S603
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-8:])
        raise BackupError(f"{tool} failed (exit status {done.returncode}): {tail}")


# --- reading a backup ---------------------------------------------------------------------------------


class _Archive:
    """A backup file read once from start to end: the manifest is checked first, each member's name
    and kind before it is written anywhere, and the gzip stream's checksum at the end."""

    def __init__(self, path: Path):
        self.path = path
        if not path.is_file():
            raise BackupError(f"{path}: no such file")
        self._check_stream()
        try:
            self.tar = tarfile.open(path, "r:gz")
        except (tarfile.ReadError, OSError, EOFError, zlib.error) as exc:
            with open(path, "rb") as f:
                if f.read(2) == b"\x1f\x8b":  # gzip, but not a readable tar inside
                    raise self.damaged(exc) from exc
            raise BackupError(f"{path} is not a migis backup: not a gzip-compressed tar file") from exc

    def _check_stream(self) -> None:
        """Inflate the whole file once before reading any member, so that a damaged file is called
        damaged: an altered byte can otherwise decompress into a plausible but wrong member name, which
        would be refused for the wrong reason (its CRC is only checked at the end of the stream)."""
        with open(self.path, "rb") as raw:
            if raw.read(2) != b"\x1f\x8b":
                return  # not gzip: tarfile.open says what it is
        try:
            with gzip.open(self.path, "rb") as stream:
                while stream.read(1 << 20):
                    pass
        except (OSError, EOFError, zlib.error) as exc:
            raise self.damaged(exc) from exc

    def close(self):
        self.tar.close()

    def next(self) -> tarfile.TarInfo | None:
        try:
            return self.tar.next()
        except (tarfile.TarError, OSError, EOFError, ValueError, zlib.error) as exc:
            raise self.damaged(exc) from exc

    def damaged(self, exc) -> BackupError:
        if isinstance(exc, OSError) and exc.errno:  # the disk, not the file: full, read-only ...
            return BackupError(f"cannot unpack {self.path}: {exc}")
        return BackupError(f"{self.path} is truncated or damaged ({exc or type(exc).__name__})")

    def manifest(self) -> dict:
        member = self.next()
        if member is None or member.name != MANIFEST or not member.isfile():
            raise BackupError(f"{self.path} is not a migis backup: it does not start with {MANIFEST}")
        if member.size > MANIFEST_MAX_BYTES:
            raise BackupError(f"{self.path}: {MANIFEST} is too large to be a migis manifest")
        try:
            file = self.tar.extractfile(member)  # None only for a member that is not a file (refused above)
            manifest = json.loads(file.read()) if file else None
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise self.damaged(exc) from exc
        except ValueError as exc:
            raise BackupError(f"{self.path}: {MANIFEST} is not valid JSON ({exc})") from exc
        return _checked_manifest(self.path, manifest)

    def extract(self, member: tarfile.TarInfo, folder: Path) -> Path:
        try:
            self.tar.extract(member, folder, filter="data")
        except tarfile.FilterError as exc:
            raise BackupError(f"{self.path} holds an unsafe member {member.name!r} ({exc})") from exc
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise self.damaged(exc) from exc
        return folder / member.name

    def finish(self) -> None:
        """Read to the end of the gzip stream, so its length and CRC are checked: a cut or altered file
        is refused even when the cut falls after the last member. tarfile takes an unreadable header
        for the end of the archive: what follows the end must be the zeros that pad it."""
        fileobj = self.tar.fileobj  # the gzip stream, set by tarfile.open
        try:
            while fileobj is not None and (chunk := fileobj.read(1 << 20)):
                if chunk.count(0) != len(chunk):
                    raise BackupError(f"{self.path} is damaged: an unreadable member header")
        except (OSError, EOFError, ValueError, zlib.error) as exc:
            raise self.damaged(exc) from exc


def _checked_manifest(path: Path, manifest) -> dict:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a migis backup: its {MANIFEST} is not a migis manifest")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"{path} is in backup format {version!r}, newer than this migis reads ({FORMAT_VERSION}): "
            f"restore it with the migis version that made it ({manifest.get('migis_version')})"
        )
    needed = {"vendor": str, "migrations": dict, "counts": dict, "database": dict}
    for key, kind in needed.items():
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"{path}: its {MANIFEST} lacks {key!r}")
    migrations = manifest["migrations"].items()
    if not all(isinstance(names, list) and all(isinstance(n, str) for n in names) for _, names in migrations):
        raise BackupError(f"{path}: the migrations in its {MANIFEST} are not lists of names")
    if manifest["vendor"] not in DATABASE_MEMBERS:
        raise BackupError(f"{path} holds a {manifest['vendor']} database, which migis cannot restore")
    return manifest


def _unknown_migrations(manifest: dict) -> list[str]:
    """Migrations the backup's database has applied that this code does not know: a newer schema."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces or ())
    return [
        f"{app}.{name}"
        for app, names in sorted(manifest["migrations"].items())
        for name in names
        if (app, name) not in known
    ]


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and "\\" not in name and not {"..", ""} & set(parts)


# --- restore ------------------------------------------------------------------------------------------


def restore(path, force: bool = False) -> dict:
    """Restore the backup at `path` into the configured instance, which must be empty unless `force`; then
    migrate and rebuild the search index. Returns {"file", "vendor", "created", "migis_version", "counts",
    "data_files", "migrated", "reindexed"}. Raises BackupError, leaving the instance as it was."""
    path = Path(path).expanduser().resolve()
    vendor = _vendor()
    archive = _Archive(path)
    try:
        return _restore_from(archive, vendor, force)
    except OSError as exc:  # the instance was put back as it was (see _Staging)
        raise BackupError(f"cannot restore {path}: {exc}") from exc
    finally:
        archive.close()


def _restore_from(archive: "_Archive", vendor: str, force: bool) -> dict:
    path = archive.path
    manifest = archive.manifest()
    pg_restore = _check_fits(path, manifest, vendor)
    with _Staging(vendor, force) as staging:
        database, data_files = _unpack(archive, manifest, staging)
        if vendor == "sqlite":
            _sqlite_check(path, database, manifest)
        staging.swap(database if vendor == "sqlite" else None)
        if pg_restore is not None:  # PostgreSQL: the tool _check_fits found
            _pg_restore(path, pg_restore, database, manifest, staging)
        migrated, reindexed = _migrate_and_reindex(path)
    counts = _table_counts()
    return {
        "file": str(path),
        "vendor": vendor,
        "created": manifest.get("created"),
        "migis_version": manifest.get("migis_version"),
        "counts": counts,
        "data_files": len(data_files),
        "migrated": migrated,
        "reindexed": reindexed,
    }


def _check_fits(path: Path, manifest: dict, vendor: str) -> str | None:
    """Refuse a backup of another database kind or of a newer schema; on PostgreSQL return the pg_restore
    able to read the dump."""
    if manifest["vendor"] != vendor:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(
            f"{path} holds a {names[manifest['vendor']]} database and the configured one is "
            f"{names[vendor]}: restore it into the same kind (MIGIS_DATABASE_URL)"
        )
    if unknown := _unknown_migrations(manifest):
        shown = ", ".join(unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise BackupError(
            f"{path} comes from a newer migis (version {manifest.get('migis_version')}): its database has "
            f"migrations this version does not know ({shown}). Upgrade migis, then restore."
        )
    if vendor != "postgresql":
        return None
    dumped = re.match(r"\d+", str(manifest.get("pg_dump_version", "")))
    return _pg_tool("pg_restore", int(dumped.group(0)) if dumped else 0)[0]


def _unpack(archive: _Archive, manifest: dict, staging: "_Staging") -> tuple[Path, list[Path]]:
    """Extract the database and the data files into the staging folders, each member checked first."""
    expected = DATABASE_MEMBERS[manifest["vendor"]]
    seen: set[str] = set()
    database, data_files = None, []
    while (member := archive.next()) is not None:
        _check_member(archive.path, member, seen)
        name = member.name.rstrip("/")
        if member.isdir() and (name in ("data", "database") or name.startswith(DATA_PREFIX)):
            continue  # folders are made for the files in them
        if name == expected and member.isfile():
            database = archive.extract(member, staging.database_folder)
        elif name.startswith(DATA_PREFIX) and member.isfile():
            data_files.append(archive.extract(member, staging.folder))
        else:
            raise BackupError(f"{archive.path} holds an unexpected member {member.name!r}")
    archive.finish()
    if database is None:
        raise BackupError(f"{archive.path} is incomplete: the member {expected} is missing")
    if _sha256(database) != manifest["database"].get("sha256"):
        raise BackupError(f"{archive.path} is damaged: {expected} does not match the checksum in {MANIFEST}")
    from migis import config

    config.tighten(staging.folder)  # whatever modes the archive claimed: 0700 folders, 0600 files
    return database, data_files


def _check_member(path: Path, member: tarfile.TarInfo, seen: set) -> None:
    name = member.name.rstrip("/") if member.isdir() else member.name
    if not _safe_name(name):
        raise BackupError(f"{path} holds an unsafe member {member.name!r} (an absolute path or '..')")
    if member.issym() or member.islnk():
        raise BackupError(f"{path} holds a link {member.name!r}: a migis backup holds none")
    if not (member.isfile() or member.isdir()):
        raise BackupError(f"{path} holds a special file {member.name!r}: a migis backup holds none")
    if name in seen:
        raise BackupError(f"{path} holds {member.name!r} twice")
    seen.add(name)


def _sqlite_check(path: Path, database: Path, manifest: dict) -> None:
    try:
        db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            check = db.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        check = str(exc)
    if check != "ok":
        raise BackupError(f"{path}: the database in it is damaged ({check})")
    migrations, counts = _sqlite_state(database)
    if migrations != manifest["migrations"] or counts != manifest["counts"]:
        raise BackupError(
            f"{path}: the database in it does not match its {MANIFEST} (migrations or row counts)"
        )


def _table_counts() -> dict:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _pg_counts(cursor)
        cursor.execute(SQLITE_TABLES)
        tables = [name for (name,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {_ident(table)}")  # noqa: S608 - quoted identifier
            counts[table] = cursor.fetchone()[0]
        return counts


def _pg_tables_now() -> list:
    from django.db import OperationalError

    try:
        with connection.cursor() as cursor:
            return _pg_tables(cursor)
    except OperationalError as exc:
        name = connection.settings_dict.get("NAME")
        raise BackupError(f"cannot connect to the database {name!r}: {exc}".strip()) from exc


def _pg_restore(path: Path, tool: str, dump: Path, manifest: dict, staging: "_Staging") -> None:
    """pg_restore in one transaction: it restores everything or nothing."""
    args = [tool, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if staging.force:
        args += ["--clean", "--if-exists"]
    connections.close_all()
    _run([*args, "--dbname", connection.settings_dict["NAME"], dump], f"pg_restore of {path}")
    staging.pg_restored = True
    counts = _table_counts()
    differ = sorted(t for t, n in manifest["counts"].items() if counts.get(t) != n)
    if differ:
        shown = ", ".join(differ[:5])
        raise BackupError(f"{path}: the restored tables do not match the row counts in {MANIFEST}: {shown}")


def _migrate_and_reindex(path: Path) -> tuple[list[str], dict]:
    """Bring an older backup's schema up to date, then rebuild the search index from the database."""
    from django.core.management import call_command
    from django.db.migrations.recorder import MigrationRecorder

    from migis.search import backends, service

    connections.close_all()
    try:
        before = set(MigrationRecorder(connection).applied_migrations())
        call_command("migrate", interactive=False, verbosity=0)
        after = set(MigrationRecorder(connection).applied_migrations())
    except Exception as exc:
        raise BackupError(f"{path}: migrate failed on the restored database: {exc}") from exc
    backends.reset()
    try:
        reindexed = service.reindex()
    except Exception as exc:
        raise BackupError(f"{path}: rebuilding the search index failed: {exc}") from exc
    return sorted(f"{app}.{name}" for app, name in after - before), reindexed


class _Staging:
    """Temporary folders beside the targets, the swap of what was restored into place, and the way back
    when a later step fails: the instance is left as it was, then the folders are removed."""

    def __init__(self, vendor: str, force: bool):
        self.vendor, self.force = vendor, force
        self.data = _data_dir()
        self.placed: list[tuple[Path, Path | None]] = []  # (target, where its old content was put)
        self.pg_restored = False
        self.had_tables = False

    def __enter__(self):
        self._check_empty()
        self.index = search_config.index_dir()
        self.had_index = self.index.exists()
        self.folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + "restore-", dir=self.data))
        self.database_folder = self.folder
        if self.vendor == "sqlite" and _sqlite_path().parent != self.data:
            self.database_folder = Path(
                tempfile.mkdtemp(prefix=TEMP_PREFIX + "restore-", dir=_sqlite_path().parent)
            )
        return self

    def __exit__(self, kind, exc, tb):
        try:
            if exc is not None and (self.placed or self.pg_restored):
                self._undo()
                if self.pg_restored and self.had_tables:
                    raise BackupError(
                        f"{exc}. The database holds the restored tables (pg_restore --clean with --force "
                        f"had committed): drop and create it, then restore again",
                        changed=True,
                    ) from exc
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            if self.database_folder != self.folder:
                shutil.rmtree(self.database_folder, ignore_errors=True)
        return False

    def _check_empty(self):
        if self.vendor == "sqlite":
            target = _sqlite_path()
            if target.exists() and not self.force:
                raise BackupError(
                    f"{target} already exists: restore fills an empty data folder only "
                    f"(use --force to replace what is there)"
                )
            return
        tables = _pg_tables_now()
        self.had_tables = bool(tables)
        if tables and not self.force:
            name = connection.settings_dict.get("NAME")
            raise BackupError(
                f"the database {name!r} already has {len(tables)} tables: restore fills an empty database "
                f"only (use --force to replace what the backup holds, or drop and create the database)"
            )

    def swap(self, database: Path | None) -> None:
        """Put the restored database file (SQLite) and data files in place; the old ones aside."""
        new_data = self.folder / DATA_PREFIX.rstrip("/")
        tops = sorted(new_data.iterdir()) if new_data.is_dir() else []
        existing = [self.data / t.name for t in tops if (self.data / t.name).exists()]
        if existing and not self.force:
            shown = ", ".join(str(p) for p in existing[:5])
            raise BackupError(
                f"{shown} already exist: restore fills an empty data folder only (or use --force)"
            )
        if database is not None:
            target = _sqlite_path()
            for side in SQLITE_SIDE_FILES:  # an old -wal belongs to the old database: it goes aside too
                self._place(None, Path(f"{target}{side}"), self.database_folder)
            self._place(database, target, self.database_folder)
        for top in tops:
            self._place(top, self.data / top.name, self.folder)

    def _place(self, new: Path | None, target: Path, staging: Path) -> None:
        """Move `target` aside (into `staging`, on its file system) and `new` into its place."""
        aside = None
        if target.exists() or target.is_symlink():
            (staging / "old").mkdir(exist_ok=True)
            aside = staging / "old" / f"{len(self.placed)}-{target.name}"
            os.replace(target, aside)
        self.placed.append((target, aside))
        if new is not None:
            os.replace(new, target)

    def _undo(self) -> None:
        from migis.search import backends

        connections.close_all()
        backends.reset()
        for target, aside in reversed(self.placed):  # the -wal made by migrate goes too
            _remove(target)
            if aside is not None:
                os.replace(aside, target)
        if not self.had_index and self.index.exists():
            shutil.rmtree(self.index, ignore_errors=True)
        if self.pg_restored and not self.had_tables:
            with connection.cursor() as cursor:  # it was empty: drop what pg_restore made
                for schema, table in _pg_tables(cursor):
                    cursor.execute(f'DROP TABLE IF EXISTS "{schema}"."{table}" CASCADE')


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
