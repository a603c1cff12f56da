"""Ingestion of news items end to end on the embedded default (SQLite): fetch over HTTP, parse the feed,
link the mentions, store the document, update the search index. Prints items per second and the
process's resident memory along the way (it must stay flat: items are streamed feed by feed).

    .venv/bin/python benchmarks/ingest.py [--items 100000] [--per-feed 1000]

The feeds are generated from sentences of the sample corpus (so items mention states, dialogues,
organisations) and served by a local HTTP server on 127.0.0.1; `migis feeds` polls them as an operator's
command would (the command line may fetch loopback addresses).
"""

import argparse
import functools
import http.server
import os
import random
import re
import sys
import tempfile
import threading
import time
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from _common import init_demo, migis_env  # noqa: E402


def sentences() -> list[str]:
    corpus = ROOT / "src" / "migis" / "reference" / "demo" / "corpus"
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    found = [" ".join(s.split()) for s in re.split(r"(?<=[.!?])\s+", text)]
    return [s for s in found if 40 <= len(s) <= 400]


def write_feeds(folder: Path, items: int, per_feed: int, seed: int = 7) -> list[str]:
    """RSS 2.0 files of `per_feed` items each (title, link, guid, date, description, content:encoded)."""
    rng = random.Random(seed)
    pool = sentences()
    names, n, start = [], 0, time.time() - 86400 * 30
    while n < items:
        name = f"feed-{len(names):04d}.xml"
        parts = [
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>Benchmark feed {len(names)}</title><link>http://example.org/</link>"
            "<description>generated</description>"
        ]
        for _ in range(min(per_feed, items - n)):
            body = " ".join(rng.sample(pool, 6))
            date = format_datetime(__import__("datetime").datetime.fromtimestamp(start + n * 20).astimezone())
            parts.append(
                f"<item><title>News item {n}</title><link>http://example.org/news/{n}</link>"
                f"<guid>bench-{n}</guid><pubDate>{date}</pubDate>"
                f"<description>{escape(body[:200])}</description>"
                f"<content:encoded>{escape('<p>' + escape(body) + '</p>')}</content:encoded></item>"
            )
            n += 1
        parts.append("</channel></rss>")
        (folder / name).write_text("".join(parts), encoding="utf-8")
        names.append(name)
    return names


def serve(folder: Path) -> str:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a, **k: None  # quiet
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def rss_mb(field: str = "RssAnon") -> float:
    """Resident memory in MB. RssAnon is the process's own heap; RssFile (the search index's mapped files,
    which grow with the index and the kernel may drop at will) is reported apart."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--per-feed", type=int, default=1000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="migis-ingest-bench-") as tmp:
        tmp = Path(tmp)
        (tmp / "feeds").mkdir()
        names = write_feeds(tmp / "feeds", args.items, args.per_feed)
        base = serve(tmp / "feeds")
        env = migis_env(tmp / "data")
        print(
            f"== ingestion: {args.items} news items in {len(names)} feeds, SQLite, migis init ...", flush=True
        )
        init_demo(env)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "migis.settings"
        import django

        django.setup()
        from migis.documents.models import Document, Mention
        from migis.feeds.services import add_feed, poll

        feeds = [add_feed(f"{base}/{name}") for name in names]
        memory = [(0, rss_mb())]
        start = time.perf_counter()
        done = failed = 0
        for i, feed in enumerate(feeds, 1):
            report = poll(feed)
            done += report.new
            failed += report.failed
            if i == 1 or i % max(1, len(feeds) // 10) == 0 or i == len(feeds):
                elapsed = time.perf_counter() - start
                memory.append((done, rss_mb()))
                print(
                    f"{done:>8} items  {done / elapsed:8.1f} items/s  heap (RssAnon) {memory[-1][1]:7.1f} MB",
                    flush=True,
                )
        seconds = time.perf_counter() - start
        news = Document.objects.filter(kind="news").count()
        mentions = Mention.objects.filter(document__kind="news").count()
        print(f"\nIngested {done} items ({failed} failed) in {seconds:.1f} s: {done / seconds:.1f} items/s")
        per_item = mentions / max(news, 1)
        print(f"Documents of kind news: {news}; mentions stored: {mentions} ({per_item:.1f} per item)")
        first, last = memory[1][1], memory[-1][1]
        print(
            f"Heap (RssAnon) after the first feed {first:.1f} MB, at the end {last:.1f} MB "
            f"(growth {last - first:+.1f} MB over {done} items)"
        )
        flat = last - first < 150
        print(f"Memory flat (growth < 150 MB): {'PASS' if flat else 'FAIL'}")
        return 0 if flat and not failed and news == args.items else 1


if __name__ == "__main__":
    sys.exit(main())
