"""Reading a fetched document: an RSS or Atom feed (safely), or an HTML page.

Refused before any parsing: a document type declaring entities (the "billion laughs" bomb, external
entities that would read local files or other addresses). feedparser never resolves external entities
either; it is only ever handed bytes, never an address (it would fetch it without the guard).
"""

import datetime
import email.utils
import hashlib
import html
import io
import re
import warnings
from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.utils.html import strip_tags


class FeedError(Exception):
    def __init__(self, source: str, message: str):
        self.source, self.message = source, message
        super().__init__(f"{source}: {message}")


@dataclass
class Item:
    title: str
    link: str
    guid: str
    teaser: str
    text: str
    published: datetime.datetime | None
    content_hash: str = ""

    @property
    def key_source(self) -> str:
        """What identifies the item: its GUID, else its link, else the hash of its content."""
        if self.guid:
            return f"guid:{self.guid}"
        if self.link:
            return f"link:{self.link}"
        return f"hash:{self.content_hash}"

    @property
    def key(self) -> str:
        return hashlib.sha256(self.key_source.encode("utf-8")).hexdigest()


@dataclass
class ParsedFeed:
    title: str
    format: str  # rss20, atom10, ...
    items: list[Item] = field(default_factory=list)


_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html)",
    re.IGNORECASE | re.DOTALL,
)
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:4096]))


def refuse_entities(data: bytes, source: str) -> None:
    """Refuse a document whose DOCTYPE declares entities (internal or external): XML bombs, XXE."""
    head = data[:65536]
    m = _INTERNAL_SUBSET.search(head)
    if m and _ENTITY.search(data, m.end()):
        raise FeedError(
            source,
            "refused: the document declares XML entities in its DOCTYPE (an XML bomb or an external "
            "entity); feeds may not declare entities",
        )


def check_xml(data: bytes, source: str) -> None:
    """Well-formed XML without entity declarations or external references (defusedxml), else FeedError.
    Undefined HTML entities (&nbsp;) and encodings expat does not know are left to feedparser."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(source, f"refused: unsafe XML ({exc})") from None
    except ParseError as exc:
        message = str(exc)
        if message.startswith(("undefined entity", "unknown encoding")):
            return
        raise FeedError(source, f"malformed XML: {message}") from None
    except ValueError as exc:  # e.g. a str with an encoding declaration
        raise FeedError(source, f"malformed XML: {exc}") from None


_BLOCK = re.compile(r"<(p|div|br|li|h[1-6]|table|blockquote|pre|section|article)\b", re.IGNORECASE)


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment: trafilatura's extraction, else (when it finds nothing or drops most
    of the text) the fragment without its tags."""
    if not fragment or not fragment.strip():
        return ""
    plain = _strip(fragment)
    if not _BLOCK.search(fragment):  # inline markup only: trafilatura would break it into lines
        return plain
    extracted = ""
    try:
        import trafilatura

        extracted = (
            trafilatura.extract(
                f"<html><body><article>{fragment}</article></body></html>",
                include_comments=False,
                include_tables=True,
                favor_recall=True,
            )
            or ""
        )
    except Exception:  # trafilatura failing on one fragment must not lose the item  # noqa: BLE001
        extracted = ""
    if len(extracted.strip()) < 0.5 * len(plain):
        return plain
    return extracted.strip()


def _strip(fragment: str) -> str:
    with_breaks = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h[1-6]|/tr|/blockquote)\b[^>]*>", "\n", fragment)
    text = html.unescape(strip_tags(with_breaks))
    lines = [re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# Zone abbreviations feedparser and dateutil do not know; a date in one of them would be off by hours.
_ZONES = {
    "CET": 3600,
    "CEST": 7200,
    "EET": 7200,
    "EEST": 10800,
    "WET": 0,
    "WEST": 3600,
    "BST": 3600,
    "MSK": 10800,
    "IST": 19800,
    "JST": 32400,
    "AEST": 36000,
    "AEDT": 39600,
}
_AMBIGUOUS = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")


def _sane(value: datetime.datetime | None) -> datetime.datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    value = value.astimezone(datetime.UTC)
    now = datetime.datetime.now(datetime.UTC)
    if value.year < 1900 or value > now + datetime.timedelta(days=2):
        return None  # a date that cannot be right: no date rather than a wrong one
    return value


def parse_date(raw: str, parsed=None) -> datetime.datetime | None:
    """A publication date, or None: feedparser's parsed value, else RFC 822 (email.utils), else
    dateutil; a date whose day and month could be swapped (03/04/2024) is left out."""
    raw = (raw or "").strip()
    zone = raw.rsplit(None, 1)[-1].upper() if raw else ""
    if zone in _ZONES:
        try:
            from dateutil import parser as dateparser

            return _sane(dateparser.parse(raw, tzinfos=_ZONES))
        except (ValueError, OverflowError):
            pass
    if parsed is not None:
        try:
            return _sane(datetime.datetime(*parsed[:6], tzinfo=datetime.UTC))
        except (TypeError, ValueError):
            pass
    if not raw:
        return None
    try:
        return _sane(email.utils.parsedate_to_datetime(raw))
    except (TypeError, ValueError, IndexError):
        pass
    m = _AMBIGUOUS.match(raw)
    if m and int(m.group(1)) <= 12 and int(m.group(2)) <= 12 and m.group(1) != m.group(2):
        return None
    try:
        from dateutil import parser as dateparser

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _sane(dateparser.parse(raw, fuzzy=False))
    except (ValueError, OverflowError, TypeError):
        return None


def _content_html(entry) -> str:
    contents = entry.get("content") or []
    for wanted in ("text/html", "application/xhtml+xml", None):
        for content in contents:
            if wanted is None or content.get("type") == wanted:
                if (content.get("value") or "").strip():
                    return content["value"]
    return ""


def parse_feed(data: bytes, source: str, *, url: str = "", content_type: str = "") -> ParsedFeed:
    """The items of an RSS or Atom document; FeedError (naming the source) for anything else."""
    import feedparser

    if not data or not data.strip():
        raise FeedError(source, "the response is empty")
    refuse_entities(data, source)
    if looks_like_html(data):
        raise FeedError(source, "this is an HTML page, not an RSS or Atom feed")
    check_xml(data, source)
    # No content-location: feedparser would also "resolve" GUIDs that look relative, and a GUID must stay
    # what the feed says. Item links are resolved against the address below.
    headers = {}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True)
    if not parsed.get("version"):
        root = re.search(rb"<([A-Za-z_][\w:.-]*)", re.sub(rb"<[?!][^>]*>", b"", data[:4096]))
        name = root.group(1).decode("ascii", "replace") if root else "?"
        raise FeedError(source, f"not an RSS or Atom feed (the document element is <{name}>)")
    if parsed.get("bozo") and not parsed.entries:
        raise FeedError(source, f"malformed feed: {parsed.get('bozo_exception')}")
    feed = ParsedFeed(
        title=html.unescape(strip_tags(parsed.feed.get("title", ""))).strip(), format=parsed.version
    )
    for entry in parsed.entries:
        title = html.unescape(strip_tags(entry.get("title", ""))).strip()
        teaser = _strip(entry.get("summary", ""))
        body = html_to_text(_content_html(entry)) or teaser
        link = (entry.get("link") or "").strip()
        if link:
            link = urljoin(url or source, link)
        if link and not link.lower().startswith(("http://", "https://")):
            link = ""
        # dict.get: feedparser's own get() maps a missing "updated" to "published" with a warning.
        published = parse_date(dict.get(entry, "published", ""), dict.get(entry, "published_parsed")) or (
            parse_date(dict.get(entry, "updated", ""), dict.get(entry, "updated_parsed"))
        )
        item = Item(
            title=title,
            link=link[:1000],
            guid=(entry.get("id") or "").strip()[:1000],
            teaser=teaser,
            text=body or title,
            published=published,
        )
        item.content_hash = hashlib.sha256(f"{title}\n{link}\n{item.text}".encode()).hexdigest()
        feed.items.append(item)
    return feed
