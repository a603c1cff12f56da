"""The embedded engine: a tantivy index in $MIGIS_DATA_DIR/search-index/ (BM25, phrase queries,
snippets, facets by terms aggregation over fast fields).

One writer at a time per index (tantivy's lock file, across processes, and a lock in this process), held
for one round of changes only (`writing()`): the search outbox (search.outbox) applies pending changes in
short rounds, so no writer waits long for another. A rebuild writes everything in one round and commits
once (tantivy writes segments to disk as its memory budget fills), so readers never see it half done.
Searchers reload when the index's meta.json changes, so other processes' commits are seen too.
"""

import contextlib
import json
import logging
import shutil
import threading
import time
from pathlib import Path

import tantivy

from migis.search.backends.base import (
    SNIPPET_CHARS,
    Hit,
    SearchBackend,
    SearchResults,
    highlight,
    leading_snippet,
)
from migis.search.query import ParsedQuery

log = logging.getLogger(__name__)

SCHEMA_VERSION = "2"
RAW = ("key", "kind", "language", "visibility", "countries", "dialogues", "organisations")
FACETS = {"kind": 30, "countries": 30, "dialogues": 30, "organisations": 30, "language": 20, "year": 60}
TITLE_BOOST = 2.0
WRITER_HEAP, BULK_WRITER_HEAP = 50_000_000, 512_000_000
LOCK_WAIT_SECONDS = 15


def build_schema():
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw")
    sb.add_text_field("kind", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("title", stored=True)
    sb.add_text_field("text", stored=True)
    sb.add_text_field("url", stored=True, tokenizer_name="raw")
    sb.add_text_field("language", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("visibility", stored=True, tokenizer_name="raw")
    for name in ("countries", "dialogues", "organisations"):
        sb.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
    sb.add_unsigned_field("year", stored=True, indexed=True, fast=True)
    sb.add_integer_field("published", stored=False, indexed=False, fast=True)
    return sb.build()


def to_document(entry: dict) -> tantivy.Document:
    doc = tantivy.Document()
    for name in ("key", "kind", "title", "text", "url"):
        doc.add_text(name, entry.get(name) or "")
    # Anything but "public" is indexed as "restricted", so excluding "restricted" keeps exactly the public
    # entries (an exclusion of the few restricted entries is cheaper than intersecting with the many
    # public ones).
    doc.add_text("visibility", "public" if entry.get("visibility") == "public" else "restricted")
    if entry.get("language"):
        doc.add_text("language", entry["language"])
    for name in ("countries", "dialogues", "organisations"):
        for value in entry.get(name) or ():
            doc.add_text(name, value)
    if entry.get("year"):
        doc.add_unsigned("year", int(entry["year"]))
    doc.add_integer("published", int(entry.get("published") or 0))
    return doc


def _first(d: dict, name: str, default=None):
    values = d.get(name)
    return values[0] if values else default


class _Writer:
    """One round of changes to the index, committed by `commit()` (nothing is visible before)."""

    def __init__(self, writer):
        self.writer = writer

    def index(self, entries) -> int:
        n = 0
        for entry in entries:
            self.writer.delete_documents_by_term("key", entry["key"])
            self.writer.add_document(to_document(entry))
            n += 1
        return n

    def add_new(self, entries) -> int:
        """For an emptied index (reindex, benchmarks): no delete by key per entry."""
        n = 0
        for entry in entries:
            self.writer.add_document(to_document(entry))
            n += 1
        return n

    def delete(self, keys) -> None:
        for key in keys:
            self.writer.delete_documents_by_term("key", key)

    def clear(self) -> None:
        self.writer.delete_all_documents()

    def commit(self) -> None:
        self.writer.commit()


class TantivyBackend(SearchBackend):
    name = "tantivy"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.schema = build_schema()
        self._lock = threading.Lock()
        self._meta_mtime: int | None = None
        self.index_ = self._open()

    # --- opening and writing ------------------------------------------------------------------------

    def _open(self):
        self.path.mkdir(parents=True, exist_ok=True)
        marker = self.path / "migis-schema.json"
        # The module's __version__ names the index format too; the stubs tantivy ships leave it out.
        wanted = {"schema": SCHEMA_VERSION, "tantivy": tantivy.__version__}  # type: ignore[attr-defined]
        if marker.exists():
            try:
                found = json.loads(marker.read_text())
            except ValueError:
                found = {}
            if found.get("schema") != SCHEMA_VERSION:
                # An index of an older schema cannot be read with this one: start empty (`migis reindex`).
                log.warning(
                    "search index %s has another schema; it is emptied, run `migis reindex`", self.path
                )
                shutil.rmtree(self.path)
                self.path.mkdir(parents=True)
        index = tantivy.Index(self.schema, str(self.path), reuse=True)
        marker.write_text(json.dumps(wanted))
        return index

    @contextlib.contextmanager
    def writing(self, wait: bool = True, bulk: bool = False):
        """The index's writer for one round of changes (see base.SearchBackend.writing). tantivy takes
        one writer per index across processes (a lock file); without `wait`, a busy index gives None."""
        if not self._lock.acquire(blocking=wait):
            yield None
            return
        try:
            writer = self._open_writer(wait, bulk)
            if writer is None:
                yield None
                return
            try:
                yield _Writer(writer)
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # finishes merges and lets go of the lock file
                self.index_.reload()
        finally:
            self._lock.release()

    def _open_writer(self, wait: bool, bulk: bool):
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        heap = BULK_WRITER_HEAP if bulk else WRITER_HEAP
        while True:
            try:
                return self.index_.writer(heap, 0 if bulk else 1)
            except ValueError as exc:  # another process holds the index's writer lock
                if "lock" not in str(exc).lower():
                    raise
                if not wait:
                    return None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def index(self, entries) -> int:
        with self.writing() as writer:
            n = writer.index(entries)
            writer.commit()
        return n

    def delete(self, keys) -> None:
        with self.writing() as writer:
            writer.delete(keys)
            writer.commit()

    def clear(self) -> None:
        with self.writing() as writer:
            writer.clear()
            writer.commit()

    def count(self) -> int:
        return self._searcher().num_docs

    # --- searching ----------------------------------------------------------------------------------

    def _searcher(self):
        # See commits made by other processes (the reader otherwise reloads on its own schedule).
        try:
            mtime = (self.path / "meta.json").stat().st_mtime_ns
        except OSError:
            mtime = None
        if mtime != self._meta_mtime:
            self.index_.reload()
            self._meta_mtime = mtime
        return self.index_.searcher()

    def build_query(self, query: ParsedQuery, visibility_public_only: bool, filters: dict | None):
        Occur, Q = tantivy.Occur, tantivy.Query
        parts = []
        if not query.is_empty:
            text = self.index_.parse_query(
                query.tantivy(),
                ["title", "text"],
                field_boosts={"title": TITLE_BOOST},
                conjunction_by_default=True,
            )
            if query.entities:  # or mentions the record the query names, in whatever spelling
                named = [Q.term_query(self.schema, f, r) for f, refs in query.entities.items() for r in refs]
                text = Q.boolean_query([(Occur.Should, text), *((Occur.Should, n) for n in named)])
            parts.append(text)
        # Filters are exact terms and add nothing to the BM25 score (constant score 0).
        filters_ = []
        for name, value in (filters or {}).items():
            if value in (None, ""):
                continue
            if name == "year":
                y = int(value)
                filters_.append(Q.range_query(self.schema, "year", tantivy.FieldType.Unsigned, y, y))
            else:
                filters_.append(Q.term_query(self.schema, name, str(value)))
        parts.extend(Q.const_score_query(f, 0.0) for f in filters_)
        if query.is_empty:
            parts.insert(0, Q.all_query())
        clauses = [(Occur.Must, p) for p in parts]
        if visibility_public_only:
            clauses.append((Occur.MustNot, Q.term_query(self.schema, "visibility", "restricted")))
        if len(clauses) == 1:
            return parts[0]
        return Q.boolean_query(clauses)

    def search(
        self,
        query: ParsedQuery,
        *,
        visibility_public_only: bool,
        filters: dict | None = None,
        facets: bool = True,
        limit: int = 10,
        offset: int = 0,
    ) -> SearchResults:
        searcher = self._searcher()
        q = self.build_query(query, visibility_public_only, filters)
        if query.is_empty:
            found = searcher.search(
                q, limit, count=True, offset=offset, order_by_field="published", order=tantivy.Order.Desc
            )
        else:
            found = searcher.search(q, limit, count=True, offset=offset)
        generators = []  # the reader's own words first; the other names only where those are absent
        if found.hits and not query.is_empty:
            own = q
            if query.alternatives or query.entities:
                own = self.index_.parse_query(
                    query.tantivy(alternatives=False), ["title", "text"], conjunction_by_default=True
                )
            for snippet_query in (own, q) if own is not q else (q,):
                generator = tantivy.SnippetGenerator.create(searcher, snippet_query, self.schema, "text")
                generator.set_max_num_chars(SNIPPET_CHARS)
                generators.append(generator)
        hits = []
        for score, address in found.hits:
            doc = searcher.doc(address)
            d = doc.to_dict()
            snippet = ""
            for generator in generators:
                snippet = self.snippet_html(generator.snippet_from_doc(doc))
                if "<mark>" in snippet:
                    break
            if not snippet:
                snippet = leading_snippet(_first(d, "text", ""))
            hits.append(
                Hit(
                    key=_first(d, "key"),
                    kind=_first(d, "kind", ""),
                    title=_first(d, "title", ""),
                    url=_first(d, "url", ""),
                    snippet_html=snippet,
                    score=float(score),
                    language=_first(d, "language", ""),
                    year=_first(d, "year"),
                    visibility=_first(d, "visibility", "public"),
                )
            )
        return SearchResults(total=found.count, hits=hits, facets=self._facets(searcher, q) if facets else {})

    @staticmethod
    def snippet_html(snippet) -> str:
        fragment = snippet.fragment()
        if not fragment:
            return ""
        # tantivy gives byte offsets into the UTF-8 fragment; convert them to character offsets.
        data = fragment.encode("utf-8")
        ranges = [
            (len(data[: r.start].decode("utf-8", "ignore")), len(data[: r.end].decode("utf-8", "ignore")))
            for r in snippet.highlighted()
        ]
        return highlight(fragment, ranges)

    def _facets(self, searcher, q) -> dict:
        spec = {name: {"terms": {"field": name, "size": size}} for name, size in FACETS.items()}
        result = searcher.aggregate(q, spec)
        return {
            name: [
                (str(b["key"]) if name != "year" else int(b["key"]), b["doc_count"]) for b in agg["buckets"]
            ]
            for name, agg in result.items()
        }
