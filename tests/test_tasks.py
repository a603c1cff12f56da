"""Tasks run inline by default, and on worker processes over a real Redis when MIGIS_TASKS says so."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
REDIS = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        return bool(Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except (RedisError, OSError):
        return False


def test_inline_by_default(monkeypatch):
    from migis.core import tasks

    monkeypatch.delenv("MIGIS_TASKS", raising=False)
    assert tasks.enqueue(lambda a, b: a + b, 2, 3) == 5


def test_worker_without_a_queue_is_a_clear_error(monkeypatch):
    from django.core.management import CommandError, call_command

    monkeypatch.delenv("MIGIS_TASKS", raising=False)
    with pytest.raises(CommandError, match="MIGIS_TASKS is empty"):
        call_command("worker", burst=True)


@pytest.mark.skipif(bool(os.environ.get("MIGIS_DATABASE_URL")), reason="runs on its own SQLite file")
@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379 (make test starts one)")
def test_files_are_ingested_by_worker_processes(tmp_path):
    env = {**os.environ, "MIGIS_DATA_DIR": str(tmp_path / "data"), "MIGIS_DATABASE_URL": ""}
    subprocess.run([BIN / "migis", "init", "--no-static"], env=env, check=True, capture_output=True)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, country in enumerate(["Malta", "Senegal", "Niger"]):
        (inbox / f"{i}.txt").write_text(f"The Rabat Process met in {country} for the {i}th time.")
    queued = {**env, "MIGIS_TASKS": REDIS, "MIGIS_TASKS_QUEUE": f"test-{uuid.uuid4().hex[:8]}"}
    run = subprocess.run([BIN / "migis", "ingest", inbox], env=queued, capture_output=True, text=True)
    assert run.returncode == 0 and "3 files queued" in run.stdout, run.stderr
    workers = [subprocess.Popen([BIN / "migis", "worker", "--burst"], env=queued) for _ in range(2)]
    assert all(w.wait(120) == 0 for w in workers)
    count = subprocess.run(
        [
            BIN / "migis",
            "manage",
            "shell",
            "-v",
            "0",
            "-c",
            "from migis.documents.models import Document, Mention;"
            "ours = Document.objects.filter(origin__contains='inbox');"
            "sen = Mention.objects.filter(document__in=ours, type='country', ref='SEN');"
            "print(ours.count(), sen.count())",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert count.stdout.split() == ["3", "1"], count.stderr
