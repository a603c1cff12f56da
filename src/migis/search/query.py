"""The query syntax readers type, parsed once and translated for each backend.

    words            every word must occur (AND), in the title or the text
    "a phrase"       the words next to each other, in this order
    -word -"phrase"  must not occur

Only letters and digits reach an engine: everything else separates words, so no engine syntax (fields,
ranges, regular expressions, boosts) can be injected.
"""

import re
from dataclasses import dataclass, field

MAX_LENGTH = 500
MAX_CLAUSES = 32
OWN_WORDS_BOOST = 3  # the typed words against the other names of what they name (search.service.expand)

WORD = re.compile(r"\w+", re.UNICODE)
TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')


class QueryError(ValueError):
    """A query that cannot be run; the message is shown to the reader."""


@dataclass
class Clause:
    words: list[str]
    exclude: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass
class ParsedQuery:
    raw: str
    clauses: list[Clause] = field(default_factory=list)
    # Other ways to say the same (the names, in every language, of the records the query names): a hit
    # matches the clauses or any of these phrases. Set by search.service, never by the reader.
    alternatives: list[list[str]] = field(default_factory=list)
    # The records the query names, by index field ({"countries": ["MLT"]}): a hit may also mention them.
    entities: dict[str, list[str]] = field(default_factory=dict)

    def alternative(self, phrase: str) -> None:
        words = [w.lower() for w in WORD.findall(phrase)]
        if words and words not in self.alternatives and words != [w for c in self.clauses for w in c.words]:
            self.alternatives.append(words)

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.exclude]

    def tantivy(self, alternatives: bool = True) -> str:
        """Tantivy's query language, with AND of the clauses (conjunction_by_default). The reader's own
        words weigh more than the other names added for them, so a text that says what was typed ranks
        before one that only says it otherwise."""
        out = []
        for c in self.clauses:
            term = f'"{" ".join(c.words)}"' if c.is_phrase else c.words[0]
            out.append(("-" if c.exclude else "") + term)
        if alternatives and self.alternatives:  # only for queries without exclusions (search.service)
            return " OR ".join(
                [f"({' '.join(out)})^{OWN_WORDS_BOOST}", *(f'"{" ".join(a)}"' for a in self.alternatives)]
            )
        return " ".join(out)

    def fts5(self) -> str:
        """SQLite FTS5 MATCH syntax: every word and phrase quoted."""
        pos = " AND ".join('"' + " ".join(c.words) + '"' for c in self.positive)
        neg = " ".join(f'NOT "{" ".join(c.words)}"' for c in self.clauses if c.exclude)
        if self.alternatives:
            pos = " OR ".join([f"({pos})", *('"' + " ".join(a) + '"' for a in self.alternatives)])
        return f"{pos} {neg}".strip()

    def postgres(self) -> str:
        """PostgreSQL websearch_to_tsquery syntax."""
        out = []
        for c in self.clauses:
            term = f'"{" ".join(c.words)}"' if c.is_phrase else c.words[0]
            out.append(("-" if c.exclude else "") + term)
        if self.alternatives:  # websearch_to_tsquery binds AND tighter than "or"
            return " or ".join([" ".join(out), *(f'"{" ".join(a)}"' for a in self.alternatives)])
        return " ".join(out)


def parse(q: str | None) -> ParsedQuery:
    raw = (q or "").strip()
    if len(raw) > MAX_LENGTH:
        raise QueryError(f"The query is too long ({len(raw)} characters; at most {MAX_LENGTH}).")
    if raw.count('"') % 2:
        raise QueryError('The query has an unbalanced quote (").')
    parsed = ParsedQuery(raw)
    for m in TOKEN.finditer(raw):
        if m.group(2) is not None:
            exclude, text = bool(m.group(1)), m.group(2)
            words = [w.lower() for w in WORD.findall(text)]
            if words:
                parsed.clauses.append(Clause(words, exclude))
        else:
            exclude, text = bool(m.group(3)), m.group(4)
            # "co-operation" or "e.g." outside quotes: several words, kept together as a phrase
            words = [w.lower() for w in WORD.findall(text)]
            if words:
                parsed.clauses.append(Clause(words, exclude))
    if len(parsed.clauses) > MAX_CLAUSES:
        raise QueryError(f"The query has too many words ({len(parsed.clauses)}; at most {MAX_CLAUSES}).")
    if parsed.clauses and not parsed.positive:
        raise QueryError("The query only excludes words; add a word to look for.")
    return parsed
