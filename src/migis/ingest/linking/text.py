"""Undo conversion artefacts before matching, keeping a map back to the original offsets.

PDF and web conversions break names: words hyphenated across a line or page break ("Mo-\n\nrocco"),
paragraph and page breaks in the middle of a sentence, a page number alone between two breaks. The
matcher works on a squeezed copy of the text; `Squeezed.original(i)` gives the offset in the original.
Single newlines and tabs become spaces (same length, so no map entry is needed for them).
"""

import re
from bisect import bisect_right
from dataclasses import dataclass

# A hyphen at a line end before a lower-case letter: the word continues on the next line
# ("Africa-\nEU" keeps its hyphen).
_HYPHEN_BREAK = r"(?<=[^\W\d_])-[ \t]*\r?\n\s*(?=[a-zß-ÿ])"
# Two or more line breaks (a paragraph or page break), optionally around a lone page number.
_BREAKS = r"[ \t]*\r?\n(?:[ \t]*\r?\n)+[ \t]*(?:\d{1,4}[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*)?"
_SQUEEZE = re.compile(f"(?P<hyphen>{_HYPHEN_BREAK})|(?P<breaks>{_BREAKS})")
_SAME_LENGTH = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u00a0": " ", "\u2019": "'", "\u02bc": "'"})


@dataclass
class Squeezed:
    text: str
    _norm_starts: list
    _orig_starts: list

    def original(self, i: int) -> int:
        """The offset in the original text of offset `i` of the squeezed text."""
        if not self._norm_starts:
            return i
        k = bisect_right(self._norm_starts, i) - 1
        return self._orig_starts[k] + (i - self._norm_starts[k])


def squeeze(text: str) -> Squeezed:
    norm_starts, orig_starts, pieces = [], [], []
    pos = length = 0
    for m in _SQUEEZE.finditer(text):
        piece = text[pos : m.start()]
        if not norm_starts:
            norm_starts.append(0)
            orig_starts.append(0)
        pieces.append(piece)
        length += len(piece)
        if m.lastgroup == "breaks":
            pieces.append(" ")
            length += 1
        pos = m.end()
        norm_starts.append(length)
        orig_starts.append(pos)
    if not norm_starts:
        return Squeezed(text.translate(_SAME_LENGTH), [], [])
    pieces.append(text[pos:])
    return Squeezed("".join(pieces).translate(_SAME_LENGTH), norm_starts, orig_starts)


def lower_same_length(text: str) -> str:
    """`text.lower()`, but never changing the length (a few characters, like 'İ', lower to two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
