"""Provenance of curated facts: a corpus document with a quoted passage, or a public reference."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, overload

from migis.reference.yamlio import Record

CORPUS_DIR = Path(__file__).parent / "demo" / "corpus"
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@cache
def corpus_text(file_name: str) -> str:
    return normalise((CORPUS_DIR / file_name).read_text(encoding="utf-8"))


@dataclass
class Source:
    file: str = ""
    passage: str = ""
    url: str = ""
    title: str = ""
    as_of: object = None

    def fields(self, documents: dict) -> dict:
        """Model field values for a Curated record; `documents` maps corpus file names to Documents."""
        return {
            "source_document": documents.get(self.file) if self.file else None,
            "source_passage": self.passage,
            "source_url": self.url,
            "source_title": self.title or self.file,
            "as_of": self.as_of,
        }


@overload
def parse_source(
    record: Record, field: str = "source", required: Literal[True] = True, as_of=None
) -> Source: ...
@overload
def parse_source(record: Record, field: str = "source", *, required: bool, as_of=None) -> Source | None: ...


def parse_source(record: Record, field: str = "source", required: bool = True, as_of=None) -> Source | None:
    """Read and check a source: a corpus file whose text holds the passage, or a URL."""
    sub = record.sub(field)
    if sub is None:
        if required:
            raise record.error(field, "every curated fact needs a source (file and passage, or url)")
        return None
    src = Source(
        file=sub.str("file"),
        passage=normalise(sub.str("passage")),
        url=sub.str("url", max_length=500),
        title=sub.str("title", max_length=300),
        as_of=sub.date("as_of") or as_of,
    )
    if src.file:
        if "/" in src.file or not (CORPUS_DIR / src.file).is_file():
            raise sub.error("file", f"no corpus file named {src.file!r} in {CORPUS_DIR.name}/")
        if not src.passage:
            raise sub.error("passage", "a corpus source must quote the passage it relies on")
        if src.passage not in corpus_text(src.file):
            raise sub.error("passage", f"not found in {src.file}: {src.passage[:80]!r}")
    elif src.url:
        if not src.url.startswith(("https://", "http://")):
            raise sub.error("url", f"expected an http(s) address, found {src.url!r}")
    else:
        raise sub.error("file", "a source needs a corpus file with a passage, or a url")
    if src.as_of is None:
        raise sub.error("as_of", "is required: the date the fact was true")
    return src
