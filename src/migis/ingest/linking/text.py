"""Undo conversion artefacts before matching, keeping a map back to the original offsets.

PDF and web conversions break names: words hyphenated across a line or page break ("Mo-\n\nrocco"),
paragraph and page breaks in the middle of a sentence, a page number alone between two breaks. The
matcher works on a squeezed copy of the text; `Squeezed.original(i)` gives the offset in the original.
Single newlines and tabs become spaces (same length, so no map entry is needed for them).
"""

import re
from bisect import bisect_right
from dataclasses import dataclass

# A hyphen at a line end before a letter: the word continues on the next line ("Mo-\n\nrocco";
# "Guinea-\n\nBissau" and "Africa-\nEU" keep their hyphen). Or: a page number alone between line
# breaks, in the middle of a sentence. Both are rare, so the pieces to join are few; ordinary line and
# paragraph breaks keep their length (each becomes a space), so a name is not matched across a blank line.
# Two patterns, not one alternation: each starts with a literal, which lets the regex engine skip ahead
# (together they scan about four times faster than the alternation).
_HYPHEN_BREAK = re.compile(r"-[ \t]*\r?\n\s*(?=[^\W\d_])")
_PAGE_NUMBER = re.compile(r"\n[ \t]*\r?\n[ \t]*\d{1,4}[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*")
_SAME_LENGTH = [("\n", " "), ("\r", " "), ("\t", " "), ("\u00a0", " "), ("\u2019", "'"), ("\u02bc", "'")]


def _same_length(text: str) -> str:
    for old, new in _SAME_LENGTH:
        if old in text:
            text = text.replace(old, new)
    return text


@dataclass
class Squeezed:
    text: str
    _norm_starts: list
    _orig_starts: list

    @property
    def changed(self) -> bool:
        """Whether anything was squeezed out (else offsets are the same in both texts)."""
        return bool(self._norm_starts)

    def breaks(self) -> list[tuple[int, int]]:
        """(squeezed offset, shift to add from there on) at each place something was squeezed out."""
        if not self._norm_starts:
            return []
        return [(n, o - n) for n, o in zip(self._norm_starts[1:], self._orig_starts[1:], strict=True)]

    def original(self, i: int) -> int:
        """The offset in the original text of offset `i` of the squeezed text."""
        if not self._norm_starts:
            return i
        k = bisect_right(self._norm_starts, i) - 1
        return self._orig_starts[k] + (i - self._norm_starts[k])


def squeeze(text: str) -> Squeezed:
    if "\n" not in text:  # both artefacts span a line break
        return Squeezed(_same_length(text), [], [])
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    pieces: list[str] = []
    pos = length = 0
    spots = [(m, True) for m in _HYPHEN_BREAK.finditer(text)] + [
        (m, False) for m in _PAGE_NUMBER.finditer(text)
    ]
    spots.sort(key=lambda spot: spot[0].start())
    for m, hyphen in spots:
        if m.start() < pos or (hyphen and not (m.start() > 0 and text[m.start() - 1].isalpha())):
            continue
        # Before a lower-case letter the hyphen goes too ("Mo-rocco"); before a capital it stays
        # ("Guinea-\n\nBissau" is "Guinea-Bissau").
        keep = 1 if hyphen and not text[m.end()].islower() else 0
        piece = text[pos : m.start() + keep]
        if not norm_starts:
            norm_starts.append(0)
            orig_starts.append(0)
        pieces.append(piece)
        length += len(piece)
        if not hyphen:
            pieces.append(" ")
            length += 1
        pos = m.end()
        norm_starts.append(length)
        orig_starts.append(pos)
    if not norm_starts:
        return Squeezed(_same_length(text), [], [])
    pieces.append(text[pos:])
    return Squeezed(_same_length("".join(pieces)), norm_starts, orig_starts)
