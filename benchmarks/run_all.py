"""Run every migis benchmark and print its report: server time on SQLite and PostgreSQL, pages beside a
document naming one state 100,000 times, page weight, entity linking, search, ingestion.

PostgreSQL is measured on a scratch database named after the given URL with `_bench` appended (created
fresh and dropped at the end), so the database in the URL itself is never touched. Benchmarks report;
they do not fail the build: the exit status is 0 even when a target is missed (the summary says which).

    .venv/bin/python benchmarks/run_all.py --postgres postgresql://postgres@127.0.0.1:5432/migis
"""

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import scratch_url

HERE = Path(__file__).resolve().parent


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default="", help="PostgreSQL URL; `<name>_bench` is used. Empty: skip")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per endpoint")
    parser.add_argument(
        "--news-items", type=int, default=100_000, help="news items the ingestion benchmark takes"
    )
    return parser.parse_args(argv)


def run(title: str, script: str, *args: str) -> str:
    """Run one benchmark script; return its outcome for the summary."""
    print(f"\n######## {title}\n", flush=True)
    rc = subprocess.run([sys.executable, str(HERE / script), *args]).returncode  # noqa: S603 - our scripts
    outcome = {0: "all targets met", 1: "a target was missed"}.get(rc, f"did not complete (exit {rc})")
    return f"{title}: {outcome}"


def main(argv=None) -> int:
    args = parse_args(argv)
    requests = ["--requests", str(args.requests)]
    summary = [run("Server time, SQLite", "server_time.py", *requests)]
    if args.postgres:
        url = scratch_url(args.postgres)
        title = f"Server time, PostgreSQL (scratch database {url.rsplit('/', 1)[-1]}, created and dropped)"
        summary.append(run(title, "server_time.py", "--database-url", url, *requests))
    else:
        summary.append("Server time, PostgreSQL: skipped (no --postgres URL)")
    summary.append(run("Pages beside a document naming Malta 100,000 times, SQLite", "bounded_pages.py"))
    if args.postgres:
        title = "Pages beside a document naming Malta 100,000 times, PostgreSQL"
        summary.append(run(title, "bounded_pages.py", "--database-url", args.postgres))
    summary.append(run("Page weight of the home page", "page_weight.py"))
    summary.append(run("Entity linking: quality and throughput beside geotext", "linking.py"))
    search_args = ["--postgres", args.postgres] if args.postgres else []
    title = "Search at 1,000,000 documents beside raw tantivy and SQLite FTS5" + (
        ", then on PostgreSQL" if args.postgres else ""
    )
    summary.append(run(title, "search.py", *search_args))
    summary.append(
        run("Ingestion of news items end to end, memory", "ingest.py", "--items", str(args.news_items))
    )
    print("\n######## Summary\n")
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
