"""Faults the platform survives, with real processes on a real data folder: an ingestion killed with
SIGKILL in the middle is repaired by a plain re-run (every stored document searchable, no manual
reindex); two ingestions and a web upload at once all succeed, the upload without waiting behind the
bulk runs. Each ends by comparing the documents in the database with the documents in the index."""

import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
MIGIS = str(BIN / "migis")
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("MIGIS_DATABASE_URL")), reason="its own processes on their own SQLite data folder"
)
NAMES = ["Malta", "Tunisia", "Senegal", "the Rabat Process", "IOM", "Niger", "the Khartoum Process", "Libya"]
INDEXED = """
import json
from migis.documents.models import Document
from migis.search.backends import get_backend
from migis.search.models import PendingEntry
from migis.search.query import parse
stored = sorted(Document.objects.filter(is_current=True).values_list("key", flat=True))
found = get_backend().search(parse(""), visibility_public_only=False, facets=False, limit=100000)
indexed = sorted(h.key.partition(":")[2] for h in found.hits if h.key.startswith("document:"))
print(json.dumps({"stored": stored, "indexed": indexed, "pending": PendingEntry.objects.count()}))
"""


def env_for(data: Path) -> dict:
    env = {**os.environ, "MIGIS_DATA_DIR": str(data), "MIGIS_DATABASE_URL": ""}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.fixture(scope="module")
def initialised(tmp_path_factory):
    """A data folder after `migis init` (reference data, no demo), copied for each test."""
    data = tmp_path_factory.mktemp("faults-template")
    subprocess.run([MIGIS, "init", "--no-static"], env=env_for(data), check=True, capture_output=True)
    return data


@pytest.fixture
def data(initialised, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(initialised, target)
    return target


def corpus(folder: Path, count: int, seed: int) -> Path:
    """`count` distinct reports, a few kilobytes each, naming states, dialogues and organisations."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for i in range(count):
        sentences = [
            f"Report {seed}-{i}, paragraph {p}: {rng.choice(NAMES)} and {rng.choice(NAMES)} met on "
            f"migration and return, with {rng.randint(10, 90)} participants."
            for p in range(60)
        ]
        (folder / f"report-{i:04d}.txt").write_text("\n".join(sentences))
    return folder


def state(env: dict) -> dict:
    command = [MIGIS, "manage", "shell", "-v", "0", "-c", INDEXED]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def stored_count(data: Path) -> int:
    try:
        with sqlite3.connect(f"file:{data / 'migis.sqlite3'}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT count(*) FROM documents_document").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_a_killed_ingestion_is_repaired_by_a_plain_rerun(data, tmp_path):
    env = env_for(data)
    inbox = corpus(tmp_path / "inbox", 600, seed=1)
    run = subprocess.Popen([MIGIS, "ingest", str(inbox)], env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while stored_count(data) < 80 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    assert run.returncode == -signal.SIGKILL
    killed = state(env)
    assert 0 < len(killed["stored"]) < 600, "the kill did not land in the middle of the run"
    stored, indexed, pending = len(killed["stored"]), len(killed["indexed"]), killed["pending"]
    print(f"killed: {stored} stored, {indexed} indexed, {pending} pending")

    rerun = subprocess.run([MIGIS, "ingest", str(inbox)], env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(killed['stored'])} unchanged" in rerun.stdout
    after = state(env)
    assert len(after["stored"]) == 600
    assert after["indexed"] == after["stored"] and after["pending"] == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A signed-in editor on a running server, with the CSRF token its forms need."""

    def __init__(self, base: str, username: str, password: str):
        import http.cookiejar

        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.post("/accounts/login/", {"username": username, "password": password}, page="/accounts/login/")

    def token(self, path: str) -> str:
        html = self.opener.open(self.base + path, timeout=30).read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, path: str, fields: dict, page: str, files: dict | None = None):
        boundary = "----migis-test-boundary"
        fields = {**fields, "csrfmiddlewaretoken": self.token(page)}
        body = b""
        for name, value in fields.items():
            part = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            body += part.encode()
        for name, (filename, content) in (files or {}).items():
            disposition = f'form-data; name="{name}"; filename="{filename}"'
            head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: text/plain\r\n\r\n"
            body += head.encode() + content + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base + page,
            },
        )
        try:
            return self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as exc:
            return exc


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_concurrent_writers_all_succeed_and_the_upload_does_not_wait(data, tmp_path):
    env = env_for(data)
    made = subprocess.run(
        [MIGIS, "createuser", "fault-editor", "--role", "editor"], env=env, capture_output=True, text=True
    )
    password = made.stdout.rsplit("password:", 1)[1].strip()
    port = _free_port()
    server = subprocess.Popen([MIGIS, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        editor = Browser(base, "fault-editor", password)
        runs = [
            subprocess.Popen(
                [MIGIS, "ingest", str(corpus(tmp_path / f"inbox-{n}", 250, seed=10 + n))],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(2)
        ]
        # A first upload builds what the server builds once (the linker); the second is the one measured.
        editor.post(
            "/documents/upload/",
            {"kind": "report", "visibility": "public"},
            page="/documents/upload/",
            files={"file": ("warm.txt", b"A first upload: Tunisia.")},
        )
        while stored_count(data) < 40:  # both bulk runs are writing
            time.sleep(0.05)
        started = time.monotonic()
        answer = editor.post(
            "/documents/upload/",
            {"kind": "report", "visibility": "public"},
            page="/documents/upload/",
            files={"file": ("upload.txt", b"An upload during two bulk runs: Malta and the Rabat Process.")},
        )
        waited = time.monotonic() - started
        print(f"the upload took {waited:.2f} s during two bulk runs")
        outputs = [run.communicate(timeout=300) for run in runs]
    finally:
        server.terminate()
        server.wait(10)
    assert answer.status == 302 and "/documents/" in answer.headers["Location"], answer.read()[:500]
    assert waited < 5, f"the upload waited {waited:.1f} s behind the bulk runs"
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "250 created" in out, out[-500:]
    after = state(env)
    assert len(after["stored"]) == 502
    assert after["indexed"] == after["stored"] and after["pending"] == 0
