"""Search in the database itself: PostgreSQL full-text search or SQLite FTS5 (bm25, snippet). It needs no
index folder, so every web and worker process on every machine shares one index: the backend for a
PostgreSQL deployment spread over several machines. The table is created on first use.

On PostgreSQL the matches are ranked inside a RUM index where the extension is available (Debian's
postgresql-NN-rum; `make postgres` installs it): `ORDER BY document <=> query LIMIT 10` reads the ten best
entries instead of ranking every match. Without it, a GIN index finds the matches and ts_rank_cd ranks
them all, which is fine for thousands of documents and slow for common words at a million.
"""

import contextlib
import json
import logging
from collections import Counter

from django.db import DatabaseError, connection, transaction
from django.utils.html import escape

from migis.search.backends.base import Hit, SearchBackend, SearchResults, leading_snippet, term_snippet
from migis.search.query import ParsedQuery

log = logging.getLogger(__name__)

TABLE = "search_entry"
START, STOP = "\x02", "\x03"  # highlight markers, removed from the text before indexing
FACET_SCAN_LIMIT = 20_000  # rows the facets are counted over on SQLite, and on PostgreSQL without RUM
RANKED_FACET_LIMIT = 1_000  # with RUM: the facets of the best 1,000 matches
EXACT_COUNT_ENTRIES = 100_000  # PostgreSQL: totals are counted up to this many entries, estimated above
FACETS = ("kind", "countries", "dialogues", "organisations", "language", "year")
LIST_FIELDS = ("countries", "dialogues", "organisations")
COLUMNS = ("key", "kind", "title", "text", "url", "language", "year", "published", "visibility", *LIST_FIELDS)


def _clean(text: str | None) -> str:
    return (text or "").replace(START, " ").replace(STOP, " ")


def marked_to_html(text: str) -> str:
    """A database snippet with START/STOP markers as escaped HTML with <mark>."""
    return escape(text).replace(START, "<mark>").replace(STOP, "</mark>")


class DatabaseBackend(SearchBackend):
    name = "database"

    @property
    def postgres(self) -> bool:
        return connection.vendor == "postgresql"

    def _ensure(self, cursor) -> str:
        """Create the table on first use; returns the PostgreSQL index method ("rum" or "gin"), or
        "fts5". One catalog lookup per call, no lock: searches never wait behind writers here."""
        if not self.postgres:
            cursor.execute(
                f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
                    key UNINDEXED, kind UNINDEXED, title, text, url UNINDEXED, language UNINDEXED,
                    year UNINDEXED, published UNINDEXED, visibility UNINDEXED, countries UNINDEXED,
                    dialogues UNINDEXED, organisations UNINDEXED,
                    tokenize = 'unicode61 remove_diacritics 0')"""
            )
            return "fts5"
        cursor.execute(
            "SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = c.relam "
            "WHERE i.indrelid = to_regclass(%s) AND am.amname IN ('rum', 'gin') ORDER BY am.amname DESC",
            [TABLE],
        )
        row = cursor.fetchone()
        if row:
            return row[0]
        cursor.execute(
            f"""CREATE TABLE IF NOT EXISTS {TABLE} (
                key text PRIMARY KEY, kind text NOT NULL, title text NOT NULL, text text NOT NULL,
                url text NOT NULL, language text NOT NULL, year integer, published bigint,
                visibility text NOT NULL, countries text[] NOT NULL, dialogues text[] NOT NULL,
                organisations text[] NOT NULL,
                document tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', title), 'A') ||
                    setweight(to_tsvector('simple', text), 'B')) STORED)"""
        )
        method = "rum" if self._rum_available(cursor) else "gin"
        ops = " rum_tsvector_ops" if method == "rum" else ""
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING {method} (document{ops})"
        )
        return method

    @staticmethod
    def _rum_available(cursor) -> bool:
        """The RUM extension (Debian's postgresql-NN-rum) orders matches by rank inside the index, so a
        ranked top 10 reads ten entries instead of ranking every match. Creating it needs rights an
        operator may not grant; then GIN it is."""
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            return False
        try:
            with transaction.atomic():
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
            return True
        except DatabaseError as error:
            log.warning("search: the rum extension could not be created (%s); using GIN", error)
            return False

    @contextlib.contextmanager
    def _open(self):
        """(cursor, index method) inside a transaction, the table in place."""
        with transaction.atomic(), connection.cursor() as cursor:
            yield cursor, self._ensure(cursor)

    @contextlib.contextmanager
    def _cursor(self):
        with self._open() as (cursor, _method):
            yield cursor

    def _row(self, e: dict) -> list:
        lists: list = [list(e.get(f) or []) for f in LIST_FIELDS]
        if not self.postgres:  # " MLT ITA " so that LIKE '% MLT %' finds one value
            lists = [" " + " ".join(v) + " " for v in lists]
        return [
            e["key"],
            e.get("kind") or "",
            _clean(e.get("title")),
            _clean(e.get("text")),
            e.get("url") or "",
            e.get("language") or "",
            e.get("year"),
            e.get("published"),
            e.get("visibility") or "public",
            *lists,
        ]

    def index(self, entries) -> int:
        n = 0
        with self._cursor() as cursor:
            for e in entries:
                cursor.execute(f"DELETE FROM {TABLE} WHERE key = %s", [e["key"]])  # noqa: S608 - TABLE is a constant
                cursor.execute(
                    f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})",  # noqa: S608 - constants
                    self._row(e),
                )
                n += 1
        return n

    def delete(self, keys) -> None:
        with self._cursor() as cursor:
            for key in keys:
                cursor.execute(f"DELETE FROM {TABLE} WHERE key = %s", [key])  # noqa: S608 - TABLE is a constant

    def clear(self) -> None:
        with self._cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 - TABLE is a constant

    def count(self) -> int:
        with self._cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608 - TABLE is a constant
            return cursor.fetchone()[0]

    def _where(self, query: ParsedQuery, public_only: bool, filters: dict):
        where: list[str] = []
        params: list[str | int] = []
        if not query.is_empty:
            if self.postgres:
                where.append("document @@ websearch_to_tsquery('simple', %s)")
                params.append(query.postgres())
            else:
                where.append(f"{TABLE} MATCH %s")
                params.append(query.fts5())
        if public_only:
            where.append("visibility = 'public'")
        for name, value in (filters or {}).items():
            if value in (None, ""):
                continue
            if name in LIST_FIELDS:
                if self.postgres:
                    where.append(f"{name} @> ARRAY[%s]::text[]")
                    params.append(str(value))
                else:
                    where.append(f"{name} LIKE %s")
                    params.append(f"% {value} %")
            elif name in ("kind", "language", "year"):
                where.append(f"{name} = %s")
                params.append(int(value) if name == "year" else str(value))
            else:
                raise ValueError(f"unknown filter {name}")
        return (" WHERE " + " AND ".join(where)) if where else "", params

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
        where, params = self._where(query, visibility_public_only, filters or {})
        fields = "key, kind, title, url, language, year, visibility, text"
        with self._open() as (cursor, method):
            score, snippet, order, sparams, oparams = "0", "''", "published DESC", [], []
            if query.is_empty:
                pass
            elif method == "rum":  # ranked inside the index: <=> is the distance 1 / rank
                tsquery = "websearch_to_tsquery('simple', %s)"
                score, order = f"1 / (document <=> {tsquery})", f"document <=> {tsquery}"
                sparams = oparams = [query.postgres()]
            elif method == "gin":
                # Snippets are made in Python (term_snippet): ts_headline treats tags in the text as markup.
                score, order = "ts_rank_cd(document, websearch_to_tsquery('simple', %s))", "1 DESC"
                sparams = [query.postgres()]
            else:
                score, order = f"-bm25({TABLE}, 0, 0, 2.0, 1.0)", "1 DESC"
                snippet = f"snippet({TABLE}, 3, '{START}', '{STOP}', ' … ', 32)"
            cursor.execute(
                f"SELECT {score}, {snippet}, {fields} FROM {TABLE}{where} "  # noqa: S608 - fixed fragments, checked names
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                [*sparams, *params, *oparams, limit, offset],
            )
            rows = cursor.fetchall()
            total, exact = self._total(cursor, method, where, params, len(rows), limit, offset)
            counted, facets_exact = {}, True
            if facets:
                scan = f"SELECT {', '.join(FACETS)} FROM {TABLE}{where}"  # noqa: S608 - fixed fragments, checked names
                if method == "rum" and not exact and not query.is_empty:
                    scan += f" ORDER BY {order} LIMIT {RANKED_FACET_LIMIT}"
                    fparams = [*params, *oparams]
                else:
                    scan += f" LIMIT {FACET_SCAN_LIMIT}"
                    fparams = params
                facets_exact = exact and total <= FACET_SCAN_LIMIT
                cursor.execute(scan, fparams)
                counted = self._count(cursor.fetchall())
        hits = []
        for score_, snip, key, kind, title, url, language, year, visibility, text in rows:
            if self.postgres and not query.is_empty:
                words = [w for c in query.positive for w in c.words]
                html = term_snippet(text or "", words)
            else:
                html = marked_to_html(snip) if snip and START in snip else ""
            hits.append(
                Hit(
                    key=key,
                    kind=kind,
                    title=title,
                    url=url,
                    snippet_html=html or leading_snippet(text),
                    score=float(score_ or 0),
                    language=language,
                    year=int(year) if year not in (None, "") else None,
                    visibility=visibility,
                )
            )
        return SearchResults(total=total, hits=hits, facets=counted, exact=exact, facets_exact=facets_exact)

    def _total(self, cursor, method, where, params, found, limit, offset) -> tuple[int, bool]:
        """(number of matches, whether exact). A short first page is its own count. On PostgreSQL an exact
        count reads every match (a million rows for a common word, every candidate row for a phrase), so
        past EXACT_COUNT_ENTRIES indexed entries the total is the planner's estimate, shown as "about"."""
        if 0 < found < limit or (offset == 0 and found == 0):  # the last page: its end is the total
            return offset + found, True
        if method in ("rum", "gin"):
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
            row = cursor.fetchone()
            if row and row[0] > EXACT_COUNT_ENTRIES:  # -1 until the table is first analysed
                cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE}{where}", params)  # noqa: S608 - fixed fragments, checked names
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                estimate = max(int(plan[0]["Plan"]["Plan Rows"]), offset + found)
                return (
                    min(estimate, offset) if not found else estimate
                ), False  # past the end: at most offset
        cursor.execute(f"SELECT count(*) FROM {TABLE}{where}", params)  # noqa: S608 - fixed fragments, checked names
        return cursor.fetchone()[0], True

    def _count(self, rows) -> dict:
        counters: dict[str, Counter] = {name: Counter() for name in FACETS}
        for row in rows:
            for name, value in zip(FACETS, row, strict=True):
                if name in LIST_FIELDS:
                    values = value if isinstance(value, list) else (value or "").split()
                    counters[name].update(values)
                elif value not in (None, ""):
                    counters[name][int(value) if name == "year" else value] += 1
        return {name: c.most_common(30 if name != "year" else 60) for name, c in counters.items()}
