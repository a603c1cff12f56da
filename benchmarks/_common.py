"""Helpers shared by the benchmark scripts: paths, the `migis` command, scratch PostgreSQL databases."""

import contextlib
import math
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MIGIS = str(BIN / "migis")
SCRATCH_SUFFIX = "_bench"


def migis_env(data_dir: Path, database_url: str = "") -> dict:
    """The environment of a `migis` process using `data_dir` and `database_url` (empty: SQLite)."""
    env = dict(os.environ)
    env.update({"MIGIS_DATA_DIR": str(data_dir), "MIGIS_DATABASE_URL": database_url, "MIGIS_DEBUG": "0"})
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def init_demo(env: dict, static: bool = False) -> None:
    """Migrate and load reference + demo data (and collect static files when `static`)."""
    args = [MIGIS, "init", "--demo"] + ([] if static else ["--no-static"])
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 - our own migis


def scratch_url(url: str) -> str:
    """`url` with `_bench` appended to its database name, so a benchmark never touches a real database."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "migis"
    if not name.endswith(SCRATCH_SUFFIX):
        name += SCRATCH_SUFFIX
    return urlunsplit(parts._replace(path="/" + name))


def _admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def scratch_database(url: str):
    """Create a fresh scratch database for `url` (name ending in _bench), yield its URL, then drop it."""
    url = scratch_url(url)
    name = urlsplit(url).path.lstrip("/")
    _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(url, f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile of `samples`."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"
