"""Pages cost what they show: the profile, dialogue and API answers with a document that names Malta
100,000 times, beside the same answers without it, measured in one run.

A fresh data folder (and, with --database-url, a scratch PostgreSQL database ending in `_bench`) gets
`migis init --demo --no-static`. Then, in alternating phases, the pages are requested with the cache
emptied before every request (each page rendered anew: the case the cache cannot hide), once without the
hostile document and once with it (ingested as `migis ingest` would, then deleted again), several times,
so a noisy neighbour slows both alike. Reported per page: the median and p95 of each state and their
ratio. Target: with it, within 2x of without it.

    .venv/bin/python benchmarks/bounded_pages.py [--database-url postgresql://...] [--cycles 5]
"""

import argparse
import contextlib
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import init_demo, migis_env, percentile, scratch_database, verdict
from server_time import start_django, timed_get

MENTIONS = 100_000
PAGES = [
    "/countries/MLT/",
    "/api/countries/MLT",
    "/dialogues/rabat-process/",
    "/api/dialogues/rabat-process",
    "/api/documents?country=MLT",
]
TARGET_RATIO = 2.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL URL; a scratch `<name>_bench` is used")
    parser.add_argument("--cycles", type=int, default=5, help="alternations of without / with")
    parser.add_argument("--requests", type=int, default=20, help="requests per page and phase")
    return parser.parse_args(argv)


def hostile_text() -> str:
    """100,000 mentions of Malta, and the Rabat Process 1,000 times, in one 700 KB line."""
    return " ".join("Malta" if i % 100 else "Malta, Rabat Process" for i in range(MENTIONS))


def measure(client, rounds: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {url: [] for url in PAGES}
    for r in range(rounds):
        for url in PAGES[r % len(PAGES) :] + PAGES[: r % len(PAGES)]:
            samples[url].append(timed_get(client, url, cold=True))
    return samples


def run(env: dict, cycles: int, requests: int) -> int:
    init_demo(env)
    client = start_django(env)
    from migis.documents.models import Document
    from migis.ingest.pipeline import ingest_text

    text = hostile_text()
    without: dict[str, list[float]] = {url: [] for url in PAGES}
    with_doc: dict[str, list[float]] = {url: [] for url in PAGES}
    measure(client, 3)  # warm-up
    for _ in range(cycles):
        for url, values in measure(client, requests).items():
            without[url] += values
        outcome = ingest_text(text, source="hostile.txt", title="One line naming Malta 100,000 times")
        kept = outcome.document.mentions.count()
        named = outcome.document.entities.get(type="country", ref="MLT").count
        for url, values in measure(client, requests).items():
            with_doc[url] += values
        Document.objects.filter(pk=outcome.document.pk).delete()
    print(f"The document: {len(text):,} characters, Malta named {named:,} times, {kept} places kept.\n")
    header = f"{'page (cache emptied before each request)':34} {'without p50/p95 ms':>19}"
    print(f"{header} {'with p50/p95 ms':>16}  ratio")
    ok = True
    for url in PAGES:
        a, b = without[url], with_doc[url]
        ratio = statistics.median(b) / statistics.median(a)
        ok &= ratio <= TARGET_RATIO
        print(
            f"{url:34} {statistics.median(a):8.1f} / {percentile(a, 95):6.1f}"
            f" {statistics.median(b):8.1f} / {percentile(b, 95):6.1f}  {ratio:5.2f}x"
        )
    print(f"\nWith the document within {TARGET_RATIO}x of without it, every page: {verdict(ok)}")
    return 0 if ok else 1


def main(argv=None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="migis-bounded-") as data:
        database = scratch_database(args.database_url) if args.database_url else contextlib.nullcontext("")
        with database as url:
            print(f"Database: {'PostgreSQL ' + url.rsplit('/', 1)[-1] if url else 'SQLite'}")
            return run(migis_env(Path(data), url), args.cycles, args.requests)


if __name__ == "__main__":
    sys.exit(main())
