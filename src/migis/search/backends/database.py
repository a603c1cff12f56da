"""Search in the database itself: PostgreSQL full-text search (tsvector, websearch_to_tsquery,
ts_rank_cd, ts_headline) or SQLite FTS5 (bm25, snippet). Small and correct rather than fast: it shows the
interface can be served by another engine, and needs no index folder. The table is created on first use.
"""

import contextlib
from collections import Counter

from django.db import connection, transaction
from django.utils.html import escape

from migis.search.backends.base import Hit, SearchBackend, SearchResults, leading_snippet, term_snippet
from migis.search.query import ParsedQuery

TABLE = "search_entry"
START, STOP = "\x02", "\x03"  # highlight markers, removed from the text before indexing
FACET_SCAN_LIMIT = 20_000
FACETS = ("kind", "countries", "dialogues", "organisations", "language", "year")
LIST_FIELDS = ("countries", "dialogues", "organisations")
COLUMNS = ("key", "kind", "title", "text", "url", "language", "year", "published", "visibility", *LIST_FIELDS)


def _clean(text: str) -> str:
    return (text or "").replace(START, " ").replace(STOP, " ")


def marked_to_html(text: str) -> str:
    """A database snippet with START/STOP markers as escaped HTML with <mark>."""
    return escape(text).replace(START, "<mark>").replace(STOP, "</mark>")


class DatabaseBackend(SearchBackend):
    name = "database"

    @property
    def postgres(self) -> bool:
        return connection.vendor == "postgresql"

    def _ensure(self, cursor):
        if self.postgres:
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
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING gin (document)")
        else:
            cursor.execute(
                f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
                    key UNINDEXED, kind UNINDEXED, title, text, url UNINDEXED, language UNINDEXED,
                    year UNINDEXED, published UNINDEXED, visibility UNINDEXED, countries UNINDEXED,
                    dialogues UNINDEXED, organisations UNINDEXED,
                    tokenize = 'unicode61 remove_diacritics 0')"""
            )

    @contextlib.contextmanager
    def _cursor(self):
        with transaction.atomic(), connection.cursor() as cursor:
            self._ensure(cursor)
            yield cursor

    def _row(self, e: dict) -> list:
        lists = [list(e.get(f) or []) for f in LIST_FIELDS]
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
                cursor.execute(f"DELETE FROM {TABLE} WHERE key = %s", [e["key"]])
                cursor.execute(
                    f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})",
                    self._row(e),
                )
                n += 1
        return n

    def delete(self, keys) -> None:
        with self._cursor() as cursor:
            for key in keys:
                cursor.execute(f"DELETE FROM {TABLE} WHERE key = %s", [key])

    def clear(self) -> None:
        with self._cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def count(self) -> int:
        with self._cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")
            return cursor.fetchone()[0]

    def batch(self):
        # Every call is its own short transaction already; a batch changes nothing here.
        return contextlib.nullcontext(self)

    def _where(self, query: ParsedQuery, public_only: bool, filters: dict):
        where, params = [], []
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
        if query.is_empty:
            score, snippet, order = "0", "''", "published DESC"
            sparams = []
        elif self.postgres:
            # Snippets are made in Python (term_snippet): ts_headline treats tags in the text as markup.
            score = "ts_rank_cd(document, websearch_to_tsquery('simple', %s))"
            snippet = "''"
            order = "1 DESC"
            sparams = [query.postgres()]
        else:
            score = f"-bm25({TABLE}, 0, 0, 2.0, 1.0)"
            snippet = f"snippet({TABLE}, 3, '{START}', '{STOP}', ' … ', 32)"
            order = "1 DESC"
            sparams = []
        with self._cursor() as cursor:
            cursor.execute(
                f"SELECT {score}, {snippet}, {fields} FROM {TABLE}{where} "
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                [*sparams, *params, limit, offset],
            )
            rows = cursor.fetchall()
            cursor.execute(f"SELECT count(*) FROM {TABLE}{where}", params)
            total = cursor.fetchone()[0]
            counted = {}
            if facets:
                cursor.execute(
                    f"SELECT {', '.join(FACETS)} FROM {TABLE}{where} LIMIT {FACET_SCAN_LIMIT}", params
                )
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
        return SearchResults(total=total, hits=hits, facets=counted)

    def _count(self, rows) -> dict:
        counters = {name: Counter() for name in FACETS}
        for row in rows:
            for name, value in zip(FACETS, row, strict=True):
                if name in LIST_FIELDS:
                    values = value if isinstance(value, list) else (value or "").split()
                    counters[name].update(values)
                elif value not in (None, ""):
                    counters[name][int(value) if name == "year" else value] += 1
        return {name: c.most_common(30 if name != "year" else 60) for name, c in counters.items()}
