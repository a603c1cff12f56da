"""Search latency: the migis tantivy backend beside raw tantivy and raw SQLite FTS5.

Builds N synthetic documents of about 100 words (five 20-word passages of the three demo corpus texts,
so words keep their real frequencies and phrases occur), indexes them three ways and times ranked top-10
queries with snippets:

    migis     TantivyBackend (bulk path), public-only visibility filter inside the query, escaped
              <mark> snippets; facets measured separately (they are a full count over all matches)
    tantivy   the same words in a plain tantivy index (title, text), parse_query + SnippetGenerator
    fts5      sqlite3 FTS5, ORDER BY bm25() with snippet()

Query types (>= 100 each): one common word, two words (AND), a two- or three-word phrase. The target is
migis p95 <= 3 x raw tantivy p95 for each type. Exit status 0 when it is met, 1 when not.

With --postgres URL the same documents also go into a scratch PostgreSQL database (URL's name + _bench,
created and dropped) and three more engines are timed in a second round, beside raw tantivy again:

    migis PG       DatabaseBackend on PostgreSQL (RUM index where available, else GIN), with the total
                   count and Python snippets, as the search page runs it; facets measured separately
    raw PG rum     the bare ranked query on the same RUM index (ORDER BY document <=> query LIMIT 10)
    raw PG gin     the textbook query: GIN index, ORDER BY ts_rank_cd DESC LIMIT 10, ts_headline

    .venv/bin/python benchmarks/search.py                      # 1,000,000 documents (make bench)
    .venv/bin/python benchmarks/search.py --documents 200000   # a few minutes
    .venv/bin/python benchmarks/search.py --postgres postgresql://postgres@127.0.0.1:5432/migis
"""

import argparse
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import tantivy  # noqa: E402

from migis.search.backends.tantivy_backend import TantivyBackend  # noqa: E402
from migis.search.query import parse  # noqa: E402

CORPUS = ROOT / "src" / "migis" / "reference" / "demo" / "corpus"
WORD = re.compile(r"\w+", re.UNICODE)
KINDS = ["report", "news", "contribution", "declaration", "action_plan", "other"]
COUNTRIES = ["MLT", "ITA", "SEN", "MAR", "NER", "ETH", "ERI", "TUN", "LBY", "ESP", "GRC", "TUR"]
STOP = set(
    "the of and to in a for on with by as is are be at from that this or an was were which it its their "
    "has have been will not also other all more such these those into than can may between within".split()
)
TARGET = 3.0


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--documents", type=int, default=1_000_000)
    p.add_argument("--queries", type=int, default=200, help="queries per type (at least 100)")
    p.add_argument("--dir", default="", help="work folder (default: a temporary one, removed after)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--postgres", default="", help="PostgreSQL URL (its name + _bench is used); empty: skip")
    return p.parse_args(argv)


def corpus_words() -> list[str]:
    words = []
    for path in sorted(CORPUS.glob("*.txt")):
        words.extend(WORD.findall(path.read_text(encoding="utf-8")))
    return words


def documents(words: list[str], n: int, seed: int):
    """n entries (dicts of migis.search.documents' shape), the same for a given seed."""
    rng = random.Random(seed)
    last = len(words) - 21
    for i in range(n):
        parts = []
        for _ in range(5):
            s = rng.randrange(last)
            parts.append(" ".join(words[s : s + 20]))
        t = rng.randrange(last)
        yield {
            "key": f"document:bench-{i}",
            "kind": rng.choice(KINDS),
            "title": " ".join(words[t : t + 6]),
            "text": ". ".join(parts) + ".",
            "url": f"/documents/bench-{i}/",
            "language": "en",
            "year": rng.randrange(2000, 2026),
            "published": 946684800 + i,
            "visibility": "restricted" if rng.random() < 0.1 else "public",
            "countries": rng.sample(COUNTRIES, rng.randrange(0, 3)),
            "dialogues": [],
            "organisations": [],
        }


def query_sets(words: list[str], count: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed + 1)
    lower = [w.lower() for w in words]
    freq = Counter(w for w in lower if len(w) > 2 and not w.isdigit() and w not in STOP)
    common = [w for w, _ in freq.most_common(300)[10:]]
    singles = [rng.choice(common) for _ in range(count)]
    pairs = []
    while len(pairs) < count:  # two content words of the same 20-word passage: AND has matches
        s = rng.randrange(len(lower) - 20)
        window = [w for w in lower[s : s + 20] if w in freq]
        if len(set(window)) >= 2:
            a, b = rng.sample(sorted(set(window)), 2)
            pairs.append(f"{a} {b}")
    phrases = []
    while len(phrases) < count:  # consecutive words of the corpus, starting and ending with content words
        s = rng.randrange(len(lower) - 3)
        size = rng.choice([2, 3])
        ws = lower[s : s + size]
        if ws[0] in freq and ws[-1] in freq and all(w.isalpha() for w in ws):
            phrases.append('"' + " ".join(ws) + '"')
    return {"one word": singles, "two words (AND)": pairs, "phrase": phrases}


# --- the three engines ----------------------------------------------------------------------------------


def build_migis(path: Path, docs) -> TantivyBackend:
    backend = TantivyBackend(path)
    with backend.writing(bulk=True) as writer:  # one round, one commit, as `migis manage reindex` does
        writer.add_new(docs)
        writer.commit()
    return backend


def migis_search(backend, facets=False):
    def run(q):
        return backend.search(parse(q), visibility_public_only=True, facets=facets, limit=10).hits

    return run


def build_raw(path: Path, docs):
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("title", stored=True)
    sb.add_text_field("text", stored=True)
    schema = sb.build()
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, str(path))
    writer = index.writer(512_000_000, 0)
    for d in docs:
        writer.add_document(tantivy.Document(title=d["title"], text=d["text"]))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, schema


def raw_search(index, schema):
    def run(q):
        searcher = index.searcher()
        query = index.parse_query(
            q, ["title", "text"], field_boosts={"title": 2.0}, conjunction_by_default=True
        )
        found = searcher.search(query, 10)
        generator = tantivy.SnippetGenerator.create(searcher, query, schema, "text")
        generator.set_max_num_chars(240)
        out = []
        for score, address in found.hits:
            doc = searcher.doc(address)
            out.append((score, doc["title"][0], generator.snippet_from_doc(doc).to_html()))
        return out

    return run


def build_fts5(path: Path, docs):
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, text)")
    with db:
        db.executemany(
            "INSERT INTO docs (title, text) VALUES (?, ?)", ((d["title"], d["text"]) for d in docs)
        )
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    return db


def fts5_search(db):
    sql = (
        "SELECT rowid, title, snippet(docs, 1, '<b>', '</b>', '…', 32) FROM docs WHERE docs MATCH ? "
        "ORDER BY bm25(docs, 2.0, 1.0) LIMIT 10"
    )

    def run(q):
        return db.execute(sql, (parse(q).fts5(),)).fetchall()

    return run


# --- PostgreSQL -------------------------------------------------------------------------------------------


def setup_django(url: str, data_dir: Path) -> None:
    import os

    os.environ.update(
        {"MIGIS_DATABASE_URL": url, "MIGIS_DATA_DIR": str(data_dir), "MIGIS_SEARCH_BACKEND": "database"}
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "migis.settings"
    import django

    django.setup()


def build_postgres(url: str, docs):
    """The migis table filled by COPY (index dropped during the load and built after, as a bulk load
    should), and a copy of the same rows with a plain GIN index for the textbook query."""
    import psycopg

    from migis.search.backends.database import COLUMNS, TABLE, DatabaseBackend

    backend = DatabaseBackend()
    with backend._open():  # the table and its index, as the backend makes them
        pass
    with psycopg.connect(url, autocommit=True) as raw:
        raw.execute(f"DROP INDEX {TABLE}_document")
        with raw.transaction(), raw.cursor() as cursor:
            with cursor.copy(f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for d in docs:
                    copy.write_row(backend._row(d))
        with backend._open() as (_cursor, method):  # builds the index again
            pass
        raw.execute(f"CREATE TABLE raw_gin AS SELECT key, title, text, document FROM {TABLE}")  # noqa: S608 - a constant
        raw.execute("CREATE INDEX raw_gin_document ON raw_gin USING gin (document)")
        raw.execute("VACUUM ANALYZE")
    return backend, method


def raw_pg_rum():
    from django.db import connection

    sql = (
        "SELECT key, title, text FROM search_entry WHERE document @@ websearch_to_tsquery('simple', %s) "
        "ORDER BY document <=> websearch_to_tsquery('simple', %s) LIMIT 10"
    )

    def run(q):
        with connection.cursor() as cursor:
            text = parse(q).postgres()
            cursor.execute(sql, [text, text])
            return cursor.fetchall()

    return run


def raw_pg_gin():
    from django.db import connection

    sql = (
        "SELECT key, title, ts_headline('simple', text, q) FROM ("
        "SELECT key, title, text, q FROM raw_gin, websearch_to_tsquery('simple', %s) q "
        "WHERE document @@ q ORDER BY ts_rank_cd(document, q) DESC LIMIT 10) top"
    )

    def run(q):
        with connection.cursor() as cursor:
            cursor.execute(sql, [parse(q).postgres()])
            return cursor.fetchall()

    return run


def size_pg(table: str) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size(%s)", [table])
        return cursor.fetchone()[0] / 1e6


def postgres_round(args, words, work: Path, raw_tantivy) -> None:
    from _common import scratch_database

    with scratch_database(args.postgres) as url:
        setup_django(url, work / "django")
        print(f"\nPostgreSQL (scratch database {url.rsplit('/', 1)[-1]})\nIndexing")
        backend, method = timed(
            "migis table (COPY, then index) and raw GIN copy",
            lambda: build_postgres(url, documents(words, args.documents, args.seed)),
        )
        print(
            f"  index method: {method}; sizes: migis table {size_pg('search_entry'):.0f} MB, "
            f"raw GIN table {size_pg('raw_gin'):.0f} MB\n"
        )
        engines = {
            "migis PG": migis_search(backend),
            **({"raw PG rum": raw_pg_rum()} if method == "rum" else {}),  # no RUM: no such query
            "raw PG gin": raw_pg_gin(),
            "raw tantivy": raw_tantivy,
            "migis PG+facets": migis_search(backend, facets=True),
        }
        queries = max(100, args.queries // 2)  # the textbook GIN query is slow: fewer, still >= 100
        print(f"Top 10 with snippets, {queries} queries per type, milliseconds\n")
        print(f"{'query type':18} {'engine':16} {'p50':>8} {'p95':>8} {'hits/q':>7}")
        ratios = []
        for kind, qs in query_sets(words, queries, args.seed).items():
            measured = latencies(engines, qs)
            for name, (p50, p95, hits) in measured.items():
                print(f"{kind:18} {name:16} {p50:8.2f} {p95:8.2f} {hits:7.1f}", flush=True)
            ratios.append(f"{kind}: {measured['migis PG'][1] / measured['raw tantivy'][1]:.2f}")
            print()
        print("migis on PostgreSQL p95 / raw tantivy p95: " + "; ".join(ratios))
        from django.db import connection

        connection.close()


# --- measuring ------------------------------------------------------------------------------------------


def timed(label, fn):
    started = time.perf_counter()
    result = fn()
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)
    return result


def latencies(engines: dict, queries) -> dict:
    """{engine: (p50, p95, hits per query)}; every engine answers each query in turn, after a warm-up
    pass over all the queries, so caches favour none of them."""
    for run in engines.values():
        for q in queries:
            run(q)
    times = {name: [] for name in engines}
    hits = dict.fromkeys(engines, 0)
    for q in queries:
        for name, run in engines.items():
            started = time.perf_counter()
            hits[name] += len(run(q))
            times[name].append((time.perf_counter() - started) * 1000)
    out = {}
    for name, values in times.items():
        cuts = statistics.quantiles(values, n=100)
        out[name] = (cuts[49], cuts[94], hits[name] / len(queries))
    return out


def size_of(path: Path) -> float:
    files = [path] if path.is_file() else path.rglob("*")
    return sum(f.stat().st_size for f in files if f.is_file()) / 1e6


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.queries < 100:
        raise SystemExit("--queries must be at least 100")
    words = corpus_words()
    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="migis-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    n = args.documents
    print(f"{n:,} documents of ~100 words from {len(words):,} corpus words; work folder {work}\n")
    print("Indexing")
    try:
        migis = timed(
            "migis (tantivy backend, bulk)",
            lambda: build_migis(work / "migis", documents(words, n, args.seed)),
        )
        raw = timed("raw tantivy", lambda: build_raw(work / "raw", documents(words, n, args.seed)))
        db = timed(
            "raw SQLite FTS5", lambda: build_fts5(work / "fts5.sqlite3", documents(words, n, args.seed))
        )
        print(
            f"  sizes: migis {size_of(work / 'migis'):.0f} MB, raw tantivy {size_of(work / 'raw'):.0f} MB, "
            f"FTS5 {size_of(work / 'fts5.sqlite3'):.0f} MB; migis holds {migis.count():,}\n"
        )
        engines = {
            "migis": migis_search(migis),
            "raw tantivy": raw_search(*raw),
            "raw FTS5": fts5_search(db),
            "migis + facets": migis_search(migis, facets=True),
        }
        print(f"Top 10 with snippets, {args.queries} queries per type, milliseconds\n")
        print(f"{'query type':18} {'engine':16} {'p50':>8} {'p95':>8} {'hits/q':>7}")
        met = True
        ratios = []
        for kind, queries in query_sets(words, args.queries, args.seed).items():
            measured = latencies(engines, queries)
            for name, (p50, p95, hits) in measured.items():
                print(f"{kind:18} {name:16} {p50:8.2f} {p95:8.2f} {hits:7.1f}", flush=True)
            p95 = {name: m[1] for name, m in measured.items()}
            ratio = p95["migis"] / p95["raw tantivy"]
            met &= ratio <= TARGET
            ratios.append(f"{kind}: {ratio:.2f}")
            print()
        print(f"migis p95 / raw tantivy p95 (target <= {TARGET:g}): " + "; ".join(ratios))
        print("target met" if met else "TARGET MISSED")
        if args.postgres:
            postgres_round(args, words, work, engines["raw tantivy"])
        migis.close()
        db.close()
        return 0 if met else 1
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
