"""Backup and restore (`migis backup FILE`, `migis restore FILE`): a real `migis serve`, written to and read
while the backup is taken, restored into an empty data folder (SQLite) or database (PostgreSQL); the two
compared table by table and by search hits. Damaged, unsafe, newer and misplaced backups are refused and
leave the target as it was."""

import io
import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
SQLITE_ONLY = pytest.mark.skipif(
    bool(os.environ.get("MIGIS_DATABASE_URL")), reason="runs on its own SQLite files, in the SQLite pass"
)
SETUP = """
import os
from migis.accounts.models import ApiToken
from migis.accounts.services import create_user
from migis.ingest.pipeline import ingest_paths
user, _ = create_user("backup-official", "official", password="backup-Official-pw-1")
for outcome in ingest_paths([os.environ["BACKUP_TEST_RESTRICTED"]], visibility="restricted"):
    assert outcome.status == "created", outcome.line()
print(ApiToken.issue(user, "backup test")[1])
"""
PUBLIC_DOC = """Rabat Process meeting in Valletta

Malta hosted the Rabat Process senior officials meeting. The xylophonic agenda covered labour migration.
"""
RESTRICTED_DOC = """Confidential note on the Rabat Process

Malta and Morocco discussed the quarantinable matters of the Rabat Process in a closed session.
"""
QUERIES = ["Malta", '"Rabat Process"', "xylophonic", "quarantinable", "Morocco"]
# Tables whose rows legitimately differ after a restore: the outbox is applied (emptied) by the reindex,
# and the database search backend's table is rebuilt by it.
REBUILT = ("search_pendingentry", "search_entry")


def marker(n: int) -> str:
    return f"zq{n:03d}marker"


# --- an instance: a data folder (and a PostgreSQL database) run through the real `migis` command ------


class Instance:
    def __init__(self, data: Path, database_url: str = "", search_backend: str = ""):
        self.data = data
        self.database_url = database_url
        self.env = {
            **os.environ,
            "MIGIS_DATA_DIR": str(data),
            "MIGIS_DATABASE_URL": database_url,
            "MIGIS_SEARCH_BACKEND": search_backend,
            "MIGIS_TASKS": "",
        }

    def migis(self, *args, check=True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [BIN / "migis", *map(str, args)], env=self.env, capture_output=True, text=True, timeout=120
        )
        if check:
            assert done.returncode == 0, f"migis {args[0]}: {done.stdout}\n{done.stderr}"
        return done

    @contextmanager
    def serve(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen(
            [BIN / "migis", "serve", "--port", str(port)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(url + "/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(10)

    def tables(self) -> dict:
        if self.database_url:
            return pg_tables(self.database_url)
        return sqlite_tables(self.data / "migis.sqlite3")


def _plain(value):
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


def _keyed(columns: list[str], rows) -> dict:
    """{primary key: {column: value}}: the id column where there is one, else the first (django_session)."""
    key = "id" if "id" in columns else columns[0]
    return {row[key]: row for row in ({c: _plain(v) for c, v in zip(columns, r, strict=True)} for r in rows)}


def sqlite_tables(path: Path) -> dict:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = {}
        for name in names:
            if name.startswith(("sqlite_", *REBUILT)):
                continue
            cursor = db.execute(f'SELECT * FROM "{name}"')
            out[name] = _keyed([c[0] for c in cursor.description], cursor.fetchall())
        return out
    finally:
        db.close()


def pg_tables(url: str) -> dict:
    import psycopg

    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        out = {}
        for (name,) in cursor.fetchall():
            if name.startswith(REBUILT):
                continue
            cursor.execute(f'SELECT * FROM "{name}"')
            out[name] = _keyed([c.name for c in cursor.description], cursor.fetchall())
        return out


# --- load while the backup runs -----------------------------------------------------------------------


WRITER = """
import os, sys, time
from pathlib import Path
from migis.ingest.pipeline import ingest_paths
folder = Path(os.environ["BACKUP_TEST_NOTES"])

def notes():
    n = 0
    while not (folder / "stop").exists():
        path = folder / f"note-{n:03d}.txt"
        path.write_text(f"Zqnote {n}\\n\\nNote {n}, with the marker zq{n:03d}marker.\\n")
        yield path
        n += 1
        time.sleep(0.1)

for outcome in ingest_paths(notes()):
    print(outcome.line(), flush=True)
    if outcome.status != "created":
        sys.exit(1)
"""


class Load:
    """A writer process ingesting one small numbered note after another (one transaction each, the search
    index following every few seconds through the outbox), and a reader thread requesting pages and
    token-signed API searches from the server; both until stopped."""

    def __init__(self, instance: Instance, url: str, token: str, folder: Path):
        self.instance, self.url, self.token, self.folder = instance, url, token, folder
        self.ingested: list[int] = []
        self.requests = 0
        self.errors: list[str] = []
        self.stop = threading.Event()

    def __enter__(self):
        env = {**self.instance.env, "BACKUP_TEST_NOTES": str(self.folder)}
        self.writer = subprocess.Popen(
            [BIN / "migis", "manage", "shell", "-v", "0", "-c", WRITER],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.threads = [threading.Thread(target=self.follow), threading.Thread(target=self.read)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        (self.folder / "stop").touch()
        self.stop.set()
        try:
            self.writer.wait(60)
        finally:
            self.writer.kill()
        for thread in self.threads:
            thread.join(60)
        if self.writer.returncode:
            self.errors.append(f"the writer failed: {self.writer.stderr.read()}")

    def follow(self):
        for line in self.writer.stdout:
            if line.startswith("created"):
                self.ingested.append(int(line.split("note-")[1][:3]))
            else:
                self.errors.append(line)

    def read(self):
        while not self.stop.is_set():
            try:
                urllib.request.urlopen(self.url + "/", timeout=10).read()
                request = urllib.request.Request(
                    self.url + "/api/search?q=Malta", headers={"Authorization": f"Bearer {self.token}"}
                )
                urllib.request.urlopen(request, timeout=10).read()
                self.requests += 2
                self.stop.wait(0.2)  # a steady trickle: the writer and the backup need the CPU too
            except OSError as exc:
                self.errors.append(f"request failed: {exc}")
                return

    def wait_for(self, count: int, timeout: float = 40):
        end = time.monotonic() + timeout
        while len(self.ingested) < count and not self.errors and time.monotonic() < end:
            time.sleep(0.1)
        assert not self.errors, self.errors
        assert len(self.ingested) >= count, f"the background writer is too slow: {self.ingested}"


def search_keys(url: str, q: str, token: str | None = None) -> list[str]:
    """Every hit's key, over all pages, sorted."""
    keys, page = [], 1
    while True:
        query = urllib.parse.urlencode({"q": q, "page": page})
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        request = urllib.request.Request(f"{url}/api/search?{query}", headers=headers)
        body = json.loads(urllib.request.urlopen(request, timeout=30).read())
        keys += [hit["key"] for hit in body["results"]]
        if page >= body["num_pages"]:
            return sorted(keys)
        page += 1


# --- the round trip -----------------------------------------------------------------------------------


def prepare(source: Instance, tmp: Path, demo: bool = True) -> str:
    """An initialised instance with a public and a restricted document and a stored original; returns an
    official's API token."""
    (tmp / "public.txt").write_text(PUBLIC_DOC)
    (tmp / "restricted.txt").write_text(RESTRICTED_DOC)
    source.migis("init", *(["--demo"] if demo else []), "--no-static")
    (source.data / "originals" / "ab").mkdir(parents=True)
    (source.data / "originals" / "ab" / "abcdef.txt").write_text(PUBLIC_DOC)
    source.migis("ingest", tmp / "public.txt")
    setup = {**source.env, "BACKUP_TEST_RESTRICTED": str(tmp / "restricted.txt")}
    done = subprocess.run(
        [BIN / "migis", "manage", "shell", "-v", "0", "-c", SETUP], env=setup, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def round_trip(source: Instance, target: Instance, token: str, url: str, backup: Path, tmp: Path) -> dict:
    """Back up `source` (served at `url`) while it is written to and read, restore into `target`."""
    notes = tmp / "notes"
    notes.mkdir()
    with Load(source, url, token, notes) as load:
        load.wait_for(2)
        before = source.tables()
        started = len(load.ingested)
        done = source.migis("backup", backup)
        load.wait_for(len(load.ingested) + 1)  # the writer went on after the backup
    assert not load.errors, load.errors
    assert load.requests > 0
    after = source.tables()
    assert "Backed up" in done.stdout and str(backup) in done.stdout
    assert oct(backup.stat().st_mode)[-3:] == "600"
    restored = target.migis("restore", backup)
    assert "Restored" in restored.stdout and "Search index rebuilt" in restored.stdout
    return {"before": before, "after": after, "started": started, "ingested": list(load.ingested)}


def check_consistent(before: dict, restored: dict, after: dict, started: int, notes: list[int]) -> dict:
    """The restored database is the source at one instant during the backup: it has every row the source
    had when the backup began, no row the source did not have at the end, every document with all its
    mentions, and of the notes written one after another, a prefix. Returns {note number: document key}."""
    assert set(before) <= set(restored)
    for table, rows in before.items():
        assert set(rows) <= set(restored[table]), f"{table}: rows of before the backup are missing"
        assert set(restored[table]) <= set(after[table]), f"{table}: rows the source never had"
    docs = restored["documents_document"]
    restored_notes = {
        int(Path(row["origin"]).stem.partition("-")[2]): row["key"]
        for row in docs.values()
        if Path(row["origin"]).name.startswith("note-")
    }
    assert sorted(restored_notes) == list(range(len(restored_notes))), "the notes restored are not a prefix"
    assert started <= len(restored_notes) < len(notes)
    for table in ("documents_mention", "documents_mentionedentity"):
        mine = {k: r for k, r in restored[table].items() if r["document_id"] in docs}
        theirs = {k: r for k, r in after[table].items() if r["document_id"] in docs}
        assert mine == theirs, f"{table}: a restored document lacks some of its rows"
        assert mine == restored[table]
    return restored_notes


def check_search(source_url: str, target_url: str, token: str, restored_notes: dict) -> None:
    """The same hits on both instances, for an anonymous reader and an official; every restored note,
    indexed or still in the outbox when the backup was taken, is found, and no later one."""
    for q in QUERIES:
        for who in (None, token):
            assert search_keys(target_url, q, who) == search_keys(source_url, q, who), (q, who)
    assert search_keys(target_url, "quarantinable") == []
    assert len(search_keys(target_url, "quarantinable", token)) == 1
    assert len(search_keys(target_url, "xylophonic")) == 1
    notes = sorted(f"document:{key}" for key in restored_notes.values())
    found = search_keys(target_url, "zqnote")
    assert found == notes, (set(found) - set(notes), set(notes) - set(found), len(found), len(notes))
    last = len(restored_notes) - 1
    assert search_keys(target_url, marker(last)) == [f"document:{restored_notes[last]}"]
    assert search_keys(target_url, marker(last + 1)) == []
    assert search_keys(source_url, marker(last + 1)) != []


# --- SQLite -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_round_trip(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("backup-sqlite")
    source = Instance(tmp / "source")
    target = Instance(tmp / "target")
    token = prepare(source, tmp)
    backup = tmp / "migis-backup.tar.gz"
    with source.serve() as url:
        trip = round_trip(source, target, token, url, backup, tmp)
        yield {**trip, "source": source, "target": target, "token": token, "url": url, "backup": backup}


@SQLITE_ONLY
def test_sqlite_backup_of_a_running_instance_restores_every_row_and_the_same_hits(
    sqlite_round_trip, tmp_path
):
    trip = sqlite_round_trip
    source, target, backup = trip["source"], trip["target"], trip["backup"]
    with tarfile.open(backup) as tar:
        names = tar.getnames()
        assert names[:2] == ["manifest.json", "database/migis.sqlite3"]
        # The data files; not the search index, the static files or the secret key. Ingested files keep
        # their originals (documents.originals): those are data files too.
        data = set(names[2:])
        assert {"data/demo-accounts.txt", "data/originals/ab/abcdef.txt"} <= data
        others = data - {"data/demo-accounts.txt", "data/originals/ab/abcdef.txt"}
        assert others and all(n.startswith("data/originals/") and not n.endswith(".part") for n in others)
        assert all(m.mode == 0o600 for m in tar.getmembers())
        manifest = json.load(tar.extractfile("manifest.json"))
        tar.extract("database/migis.sqlite3", tmp_path, filter="data")
    assert manifest["vendor"] == "sqlite" and "documents" in manifest["migrations"]
    # The restored database is the backup's own snapshot, row for row (the outbox aside: reindexed).
    snapshot = sqlite_tables(tmp_path / "database" / "migis.sqlite3")
    restored = target.tables()
    assert restored == snapshot
    assert {t: len(rows) for t, rows in snapshot.items()} == {
        t: n for t, n in manifest["counts"].items() if not t.startswith(REBUILT)
    }
    restored_notes = check_consistent(
        trip["before"], restored, trip["after"], trip["started"], trip["ingested"]
    )
    for name in ("demo-accounts.txt", "originals/ab/abcdef.txt"):
        assert (target.data / name).read_text() == (source.data / name).read_text()
    assert oct((target.data / "migis.sqlite3").stat().st_mode)[-3:] == "600"
    assert oct((target.data / "originals").stat().st_mode)[-3:] == "700"
    assert not [p for p in target.data.iterdir() if p.name.startswith(".migis-")]
    with target.serve() as target_url:
        check_search(trip["url"], target_url, trip["token"], restored_notes)


# --- refusals -----------------------------------------------------------------------------------------


def _members(backup: Path) -> dict:
    with tarfile.open(backup) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def _pack(path: Path, members: list, links: tuple = ()) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, body in members:
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(body), 0o600
            tar.addfile(info, io.BytesIO(body))
        for name, kind, to in links:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, to
            tar.addfile(info)
    return path


def _newer(manifest: bytes, **changes) -> bytes:
    data = json.loads(manifest)
    data.update(changes)
    return json.dumps(data).encode()


def bad_backups(good: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """{case: (file, what the refusal must say)}."""
    raw = good.read_bytes()
    members = _members(good)
    manifest, db = members["manifest.json"], members["database/migis.sqlite3"]
    future = json.loads(manifest)["migrations"]
    future["documents"] = [*future["documents"], "9999_from_the_future"]
    cases = {
        "cut in half": (raw[: len(raw) // 2], "truncated or damaged"),
        "cut at the end": (raw[:-12], "truncated or damaged"),
        "not an archive": (b"migis " * 1000, "is not a migis backup"),
    }
    # A changed byte anywhere after the gzip header: some positions inflate into a plausible but wrong
    # member name, which must still be called damaged (the stream is checked before any member is read).
    for i in range(1, 8):
        flipped = bytearray(raw)
        flipped[len(raw) * i // 8] ^= 0xFF
        cases[f"byte {i} of 8 changed"] = (bytes(flipped), "truncated or damaged")
    out = {}
    for name, (body, message) in cases.items():
        path = folder / f"{name.replace(' ', '-')}.tar.gz"
        path.write_bytes(body)
        out[name] = (path, message)
    packed = {
        "no manifest": ([("database/migis.sqlite3", db)], (), "does not start with manifest.json"),
        "no database": ([("manifest.json", manifest)], (), "the member database/migis.sqlite3 is missing"),
        "a climb out": (
            [("manifest.json", manifest), ("data/../../escaped.txt", b"x")],
            (),
            "unsafe member 'data/../../escaped.txt'",
        ),
        "an absolute path": (
            [("manifest.json", manifest), ("/tmp/migis-escaped.txt", b"x")],  # noqa: S108 - must be refused
            (),
            "unsafe member '/tmp/migis-escaped.txt'",
        ),
        "a link": (
            [("manifest.json", manifest)],
            [("data/originals", tarfile.SYMTYPE, "/etc")],
            "holds a link 'data/originals'",
        ),
        "a stray member": ([("manifest.json", manifest), ("etc/passwd", b"x")], (), "unexpected member"),
        "a newer schema": (
            [("manifest.json", _newer(manifest, migrations=future)), ("database/migis.sqlite3", db)],
            (),
            "comes from a newer migis",
        ),
        "a newer format": ([("manifest.json", _newer(manifest, format_version=99))], (), "backup format 99"),
        "another database": (
            [("manifest.json", _newer(manifest, vendor="postgresql"))],
            (),
            "holds a PostgreSQL database and the configured one is SQLite",
        ),
        "a changed database": (
            [("manifest.json", manifest), ("database/migis.sqlite3", db[:-1] + b"\x01")],
            (),
            "does not match the checksum",
        ),
    }
    packed["an index that cannot be built"] = (
        [
            ("manifest.json", _broken(manifest, db, folder)),
            ("database/migis.sqlite3", (folder / "broken").read_bytes()),
        ],
        (),
        "rebuilding the search index failed",
    )
    for name, (members_, links, message) in packed.items():
        out[name] = (_pack(folder / f"{name.replace(' ', '-')}.tar.gz", members_, links), message)
    return out


def _broken(manifest: bytes, db: bytes, folder: Path) -> bytes:
    """A database without its documents table, and a manifest that agrees with it: restored, migrated
    (nothing to do), then the search index cannot be built, so the restore must be undone."""
    import hashlib

    path = folder / "broken"
    path.write_bytes(db)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE documents_document")
    conn.commit()
    tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    counts = {
        t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        for t in tables
        if not t.startswith("sqlite_")
    }
    conn.close()
    data = json.loads(manifest)
    member = {**data["database"], "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    return _newer(manifest, counts=counts, database=member)


REFUSE = """
import json, sys
from migis.ops.backup import BackupError, restore
out = {}
for path in sys.argv[1:]:
    try:
        restore(path)
        out[path] = "restored"
    except BackupError as exc:
        out[path] = str(exc)
print(json.dumps(out))
"""


@SQLITE_ONLY
def test_damaged_unsafe_newer_and_foreign_backups_are_refused_leaving_the_folder_as_it_was(
    sqlite_round_trip, tmp_path
):
    cases = bad_backups(sqlite_round_trip["backup"], tmp_path)
    target = Instance(tmp_path / "empty")
    target.migis("manage", "check")  # the settings make the data folder: secret key, static folder
    listing = sorted(p.name for p in target.data.rglob("*"))
    env = {**target.env, "DJANGO_SETTINGS_MODULE": "migis.settings"}
    script = "import django; django.setup()\n" + REFUSE
    done = subprocess.run(
        [sys.executable, "-c", script, *(str(path) for path, _ in cases.values())],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout.strip().splitlines()[-1])
    for name, (path, message) in cases.items():
        assert message in answers[str(path)], (name, answers[str(path)])
        assert str(path) in answers[str(path)], name  # every refusal names the file
    assert sorted(p.name for p in target.data.rglob("*")) == listing
    escaped = Path("/tmp/migis-escaped.txt")  # noqa: S108 - where the refused member would have gone
    assert not (tmp_path / "escaped.txt").exists() and not escaped.exists()


@SQLITE_ONLY
def test_restore_refuses_a_folder_that_is_not_empty_and_changes_nothing(sqlite_round_trip, tmp_path):
    backup = sqlite_round_trip["backup"]
    with_database = Instance(tmp_path / "with-database")
    with_database.data.mkdir()
    (with_database.data / "migis.sqlite3").write_bytes(b"not to be touched")
    done = with_database.migis("restore", backup, check=False)
    assert done.returncode == 1
    assert "migis.sqlite3 already exists: restore fills an empty data folder only" in done.stderr
    assert "Nothing was restored" in done.stderr
    assert (with_database.data / "migis.sqlite3").read_bytes() == b"not to be touched"
    assert sorted(p.name for p in with_database.data.iterdir()) == ["migis.sqlite3", "secret_key", "static"]
    # A data file in the way: refused as well, and no database is left behind.
    with_file = Instance(tmp_path / "with-file")
    with_file.data.mkdir()
    (with_file.data / "demo-accounts.txt").write_text("someone else's\n")
    done = with_file.migis("restore", backup, check=False)
    assert done.returncode == 1 and "demo-accounts.txt already exist" in done.stderr, done.stderr
    assert (with_file.data / "demo-accounts.txt").read_text() == "someone else's\n"
    assert sorted(p.name for p in with_file.data.iterdir()) == ["demo-accounts.txt", "secret_key", "static"]
    # --force replaces both.
    forced = with_file.migis("restore", "--force", backup)
    assert "Restored" in forced.stdout
    assert (with_file.data / "demo-accounts.txt").read_text().startswith("demo-")


# --- PostgreSQL ---------------------------------------------------------------------------------------


def _pg_server() -> str:
    """The PostgreSQL server of the test run (MIGIS_DATABASE_URL) or the local default."""
    url = os.environ.get("MIGIS_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgresql://postgres@127.0.0.1:5432/postgres"
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/postgres"))


@pytest.fixture
def scratch_databases():
    """Two empty scratch databases on the PostgreSQL server, dropped afterwards."""
    import shutil

    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.skip("pg_dump or pg_restore is not installed (Debian: postgresql-client)")
    import psycopg

    admin_url = _pg_server()
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL answers at {admin_url}: {exc}")
    name = f"migis_backup_test_{secrets.token_hex(4)}"
    names = [f"{name}_source", f"{name}_target"]
    with admin:
        for db in names:
            admin.execute(f'CREATE DATABASE "{db}"')
        try:
            yield [admin_url.rsplit("/", 1)[0] + "/" + db for db in names]
        finally:
            for db in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


@pytest.mark.skipif(
    not os.environ.get("MIGIS_DATABASE_URL", "").startswith("postgres"),
    reason="runs once, in the PostgreSQL pass of make test",
)
def test_postgresql_backup_of_a_running_instance_restores_every_row_and_the_same_hits(
    scratch_databases, tmp_path
):
    source_url, target_url = scratch_databases
    # The database search backend: its table travels in the dump, and is rebuilt all the same. No demo
    # content (the SQLite test has it): `migis init` takes long on PostgreSQL.
    source = Instance(tmp_path / "source", source_url, search_backend="database")
    target = Instance(tmp_path / "target", target_url, search_backend="database")
    token = prepare(source, tmp_path, demo=False)
    backup = tmp_path / "migis-backup.tar.gz"
    with source.serve() as url:
        trip = round_trip(source, target, token, url, backup, tmp_path)
        with tarfile.open(backup) as tar:
            names = tar.getnames()
            assert names[:2] == ["manifest.json", "database/migis.pgdump"]
            # the hand-made data file, and the originals of the ingested files (documents.originals)
            assert "data/originals/ab/abcdef.txt" in names[2:]
            assert all(n.startswith("data/originals/") and not n.endswith(".part") for n in names[2:])
            assert len(names) > 3
            manifest = json.load(tar.extractfile("manifest.json"))
        assert manifest["vendor"] == "postgresql" and manifest["pg_dump_version"]
        restored = target.tables()
        assert {t: len(rows) for t, rows in restored.items()} == {
            t: n for t, n in manifest["counts"].items() if not t.startswith(REBUILT)
        }
        notes = check_consistent(trip["before"], restored, trip["after"], trip["started"], trip["ingested"])
        assert (target.data / "originals/ab/abcdef.txt").read_text() == PUBLIC_DOC
        # Restoring again is refused: the target database is no longer empty.
        again = target.migis("restore", backup, check=False)
        assert again.returncode == 1 and "already has" in again.stderr and "tables" in again.stderr
        with target.serve() as restored_url:
            check_search(url, restored_url, token, notes)


def test_table_counts_quote_the_names_they_read_from_the_catalogue(tmp_path):
    """A table name holding a double quote (SQLite allows it, and a backup file may have one) is counted,
    not taken for the end of the identifier."""
    from migis.ops.backup import _sqlite_state

    path = tmp_path / "odd.sqlite3"
    db = sqlite3.connect(path)
    db.execute('CREATE TABLE "odd""name" (x)')
    db.execute('INSERT INTO "odd""name" VALUES (1), (2)')
    db.commit()
    db.close()
    assert _sqlite_state(path) == ({}, {'odd"name': 2})
