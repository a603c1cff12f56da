"""Document text as readers see it: Markdown-like text rendered as clean HTML with its mentions marked,
headings listed for a table of contents, and passages as plain text.

Reports and the corpus arrive as Markdown-like text (`## **A. Activities**`, `**...**`, `<sup>2</sup>`,
pipe tables). Mentions are offsets into that text, so the marks cannot be added to the HTML afterwards by
searching it: before rendering, each mention's start and end (and each heading's start) is written into
the text as characters of the Private Use Area, which Markdown and the sanitizer pass through as text;
after rendering they become the tags. A mark whose start and end end up on two sides of a tag (a mention
cut by emphasis) loses its mark and keeps its text, so the HTML stays well formed.
"""

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import nh3
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from migis.core.text import EMPHASIS, plain_text

# Private Use Area characters: a mark is OPEN + number + SEP ... CLOSE; a heading anchor HEADING +
# number + SEP. Numbers are written with DIGITS so that no ASCII digit of the text is taken for one.
OPEN, CLOSE, SEP, HEADING = "\ue000", "\ue001", "\ue002", "\ue003"
DIGITS = "".join(chr(0xE010 + d) for d in range(10))
_TO_DIGITS = str.maketrans("0123456789", DIGITS)
_FROM_DIGITS = str.maketrans(DIGITS, "0123456789")
_MARKERS = re.compile(f"[{OPEN}{CLOSE}{SEP}{HEADING}{DIGITS}]")
# The same characters percent-encoded, as Markdown writes them into a link's address.
_ENCODED_MARKERS = re.compile(r"%EE%80%(?:8[0-3]|9[0-9])", re.IGNORECASE)

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "sup", "sub", "small", "code", "pre", "blockquote",
    "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "h2", "h3", "h4", "h5", "h6", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
OUTLINE_MAX = 300  # headings kept per document for its table of contents

# ATX headings as CommonMark reads them: up to three spaces, 1-6 #, a space, the text, optional closing #s.
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t]*(?:[ \t]#+[ \t]*)?$", re.MULTILINE)


class _Markdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # markdown-it's name for it
        """Links only to web pages, mail and anchors: no javascript:, data: or relative addresses."""
        return url.lower().startswith(("http://", "https://", "mailto:", "#"))


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # CommonMark with pipe tables; no indented code blocks: text taken out of PDFs is often indented, and
    # a report is never a program listing. Raw HTML is let through, then cleaned by the sanitizer.
    return _Markdown("commonmark", {"html": True, "typographer": False}).enable("table").disable("code")


def _number(n: int) -> str:
    return str(n).translate(_TO_DIGITS)


def _shift_headings(html: str) -> str:
    """A document's headings sit under the page's own <h1>: # becomes h2, ## h3, and so on (h6 at most)."""
    return re.sub(
        r"<(/?)h([1-6])([ >])", lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + 1)}{m.group(3)}", html
    )


@dataclass
class Heading:
    level: int
    text: str
    start: int  # offset in the whole text

    @property
    def anchor(self) -> str:
        return f"h-{self.start}"


def outline(text: str, limit: int = OUTLINE_MAX) -> list[dict]:
    """The headings of a text, in order: [{"level", "text" (plain), "start"}], at most `limit`. Kept with
    the document when it is stored, so a table of contents never reads the whole text."""
    out = []
    for m in _HEADING.finditer(text):
        label = plain_text(m.group(2))
        if label:
            out.append({"level": len(m.group(1)), "text": label[:200], "start": m.start()})
            if len(out) >= limit:
                break
    return out


def render(text: str, offset: int, mentions: list[dict], headings: list[dict] | None = None) -> SafeString:
    """`text` (which starts at `offset` of the whole text) as sanitized HTML: every kept mention marked,
    linked when its record is visible (a hidden record's mention keeps its text only), and every heading
    given the id its table-of-contents entry links to."""
    inserts: list[tuple[int, int, str]] = []  # (position, order at that position, marker)
    pos = 0
    kept: list[dict] = []
    for m in mentions:
        start, end = m["start"] - offset, m["end"] - offset
        if start < pos or end > len(text) or start >= end:
            continue  # nested in the previous mention (a name inside a project title), or cut by the part
        inserts.append((start, 1, OPEN + _number(len(kept)) + SEP))
        inserts.append((end, 0, CLOSE))
        kept.append(m)
        pos = end
    for h in headings or []:
        at = h["start"] - offset
        if 0 <= at < len(text):
            hashes = _HEADING.match(text, at)
            if hashes:
                # first at its position: the id goes on the heading even when a mention starts there
                inserts.append((hashes.start(2), -1, HEADING + _number(h["start"]) + SEP))
    pieces, last = [], 0
    for at, _order, marker in sorted(inserts):
        pieces.append(text[last:at])
        pieces.append(marker)
        last = at
    pieces.append(text[last:])
    html = _markdown().render("".join(pieces))
    html = nh3.clean(
        _shift_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        link_rel="noopener noreferrer nofollow",
        url_schemes={"http", "https", "mailto"},
    )
    html = _ENCODED_MARKERS.sub("", html)
    html = re.sub(
        f"(<h[2-6])>{HEADING}([{DIGITS}]+){SEP}",
        lambda m: f'{m.group(1)} id="h-{m.group(2).translate(_FROM_DIGITS)}">',
        html,
    )
    links = _Links(html)
    html = re.sub(f"{OPEN}([{DIGITS}]+){SEP}([^<{CLOSE}]*){CLOSE}", lambda m: _mark(kept, links, m), html)
    return mark_safe(_MARKERS.sub("", html))  # noqa: S308 - sanitized by nh3; marks built by format_html


class _Links:
    """Where the links of an HTML text are, to tell whether a position is inside one (in O(log n))."""

    def __init__(self, html: str):
        self.opens = [m.start() for m in re.finditer("<a ", html)]
        self.closes = [m.start() for m in re.finditer("</a>", html)]

    def around(self, at: int) -> bool:
        last_open = bisect.bisect_left(self.opens, at) - 1
        last_close = bisect.bisect_left(self.closes, at) - 1
        return last_open >= 0 and (last_close < 0 or self.opens[last_open] > self.closes[last_close])


def _mark(kept: list[dict], links: _Links, match: re.Match) -> str:
    m = kept[int(match.group(1).translate(_FROM_DIGITS))]
    label = mark_safe(match.group(2))  # noqa: S308 - already sanitized HTML text (no tags: [^<] above)
    if m.get("url") and not links.around(match.start()):  # a link inside a link is invalid HTML
        return format_html(
            '<a class="mention {}" href="{}" title="{}">{}</a>', m["type"], m["url"], m["id"], label
        )
    if m.get("id"):
        return format_html('<mark class="mention {}" title="{}">{}</mark>', m["type"], m["id"], label)
    return format_html('<mark class="mention {}">{}</mark>', m["type"], label)


# --- search snippets -------------------------------------------------------------------------------------


def plain_html(snippet_html: str) -> SafeString:
    """A search snippet (escaped text with <mark> around the matched words) without Markdown symbols; the
    snippet may cut a pair of ** in two, so runs of two or more are dropped even alone."""
    text = re.sub(r"&lt;/?(?:sup|sub|br|b|i|em|strong|u|p)\s*/?&gt;", "", snippet_html)
    text = EMPHASIS.sub(r"\2", text)
    text = re.sub(r"\*{2,}|(?:^|(?<=\s))#{1,6}(?=\s)|\|", " ", text)
    return mark_safe(" ".join(text.split()))  # noqa: S308 - only symbols and escaped tags removed
