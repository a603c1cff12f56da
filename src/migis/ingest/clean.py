"""Invisible characters that must not reach the database or a page, removed from what readers return.

Control characters corrupt exports and terminals; bidi embedding and override controls flip the rendering
of the text around them (U+202E turns "exe.txt" into "txt.exe"), in a title, an <h1> or a log line.
"""

import re

# C0 controls except tab, newline, form feed and carriage return; DEL; C1 controls; bidi embeddings,
# overrides (U+202A-U+202E) and isolates (U+2066-U+2069). The marks LRM, RLM and ALM stay in a text:
# Arabic writing uses them legitimately, and they only affect the neutral characters next to them.
_TEXT_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")

# In a title (one line, shown everywhere, compared and slugged) every bidi mark goes too, and so do
# zero-width characters, except ZWNJ and ZWJ (U+200C, U+200D) that Persian, Indic scripts and emoji need.
_TITLE_JUNK = re.compile("[\u200e\u200f\u061c\u200b\u2060-\u2064\ufeff\u180e\u00ad]+")


def clean_text(text: str) -> str:
    return _TEXT_JUNK.sub("", text)


def clean_title(text: str) -> str:
    """One line: the junk of clean_text and invisible marks removed, any run of whitespace one space."""
    return " ".join(_TITLE_JUNK.sub("", clean_text(text)).split())
