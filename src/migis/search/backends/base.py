"""The interface every search engine implements. Entries are the dicts of migis.search.documents."""

import abc
import contextlib
from dataclasses import dataclass, field
from html import escape  # the same five characters as django.utils.html.escape, without its lazy wrapper

from migis.search.query import ParsedQuery

SNIPPET_CHARS = 240


@dataclass
class Hit:
    key: str
    kind: str
    title: str
    url: str
    snippet_html: str
    score: float
    language: str = ""
    year: int | None = None
    visibility: str = "public"

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class SearchResults:
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # False where the engine estimated the total of a large result (the database backend on PostgreSQL,
    # whose exact counts cost a read of every match) ...
    exact: bool = True
    # ... or counted the facets over part of the matches only (the best 1,000, or the first 20,000).
    facets_exact: bool = True


def highlight(fragment: str, ranges) -> str:
    """`fragment` as HTML: every character escaped, the (start, end) character ranges in <mark>."""
    out, pos = [], 0
    for start, end in sorted(ranges):
        if start < pos:
            continue
        out.append(escape(fragment[pos:start]))
        out.append(f"<mark>{escape(fragment[start:end])}</mark>")
        pos = end
    out.append(escape(fragment[pos:]))
    return "".join(out)


def term_snippet(text: str, words: list[str], chars: int = SNIPPET_CHARS) -> str:
    """A window of `text` around the first query word, escaped, every query word in <mark>; computed here
    so that the text's own markup (a "<script>" in it) stays text, whatever the engine does with tags."""
    import re

    words = [w for w in words if w]
    if not words:
        return leading_snippet(text, chars)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    flat = " ".join(text.split())
    first = pattern.search(flat)
    if first is None:
        return leading_snippet(text, chars)
    start = max(0, flat.rfind(" ", 0, max(0, first.start() - chars // 3)) + 1)
    fragment = flat[start : start + chars]
    marked = highlight(fragment, [(m.start(), m.end()) for m in pattern.finditer(fragment)])
    return ("… " if start else "") + marked + (" …" if start + chars < len(flat) else "")


def leading_snippet(text: str, chars: int = SNIPPET_CHARS) -> str:
    """The start of a text, escaped, when no word of the query is in it (a title match)."""
    text = " ".join(text.split())
    if len(text) <= chars:
        return escape(text)
    cut = text.rfind(" ", 0, chars)
    return escape(text[: cut if cut > 0 else chars]) + " …"


class SearchBackend(abc.ABC):
    """One search engine. `filters` maps entry fields (kind, countries, dialogues, organisations,
    language, year) to one value each; `visibility_public_only` restricts the matches — hits, total
    and facets — to public entries, inside the engine's query."""

    name = "base"

    @abc.abstractmethod
    def index(self, entries) -> int:
        """Add or replace entries (by key). Returns how many."""

    @abc.abstractmethod
    def delete(self, keys) -> None:
        """Remove entries by key (missing keys are ignored)."""

    @abc.abstractmethod
    def search(
        self,
        query: ParsedQuery,
        *,
        visibility_public_only: bool,
        filters: dict | None = None,
        facets: bool = True,
        limit: int = 10,
        offset: int = 0,
    ) -> SearchResults: ...

    @abc.abstractmethod
    def clear(self) -> None:
        """Remove every entry."""

    @abc.abstractmethod
    def count(self) -> int:
        """How many entries the index holds."""

    @contextlib.contextmanager
    def writing(self, wait: bool = True, bulk: bool = False):
        """A writer for one round of changes: `index(entries)`, `add_new(entries)`, `delete(keys)`,
        `clear()`, then `commit()`. Without `wait`, None when another writer holds the index (the
        outbox then leaves its changes to that writer). Engines without a writer lock (the database)
        write through at once."""
        yield _DirectWriter(self)

    def close(self) -> None:
        """Release files, writers and connections."""
        return None


class _DirectWriter:
    def __init__(self, backend: SearchBackend):
        self.backend = backend

    def index(self, entries) -> int:
        return self.backend.index(entries)

    def add_new(self, entries) -> int:
        return self.backend.index(entries)

    def delete(self, keys) -> None:
        self.backend.delete(keys)

    def clear(self) -> None:
        self.backend.clear()

    def commit(self) -> None:
        return None
