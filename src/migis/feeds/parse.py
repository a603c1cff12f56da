"""Reading a fetched document: an RSS or Atom feed (safely), or an HTML page.

Refused before any parsing: a document type declaring entities (the "billion laughs" bomb, external
entities that would read local files or other addresses). feedparser never resolves external entities
either; it is only ever handed bytes, never an address (it would fetch it without the guard).
"""

import datetime
import hashlib
import html
import io
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.utils.html import strip_tags

from migis.ingest.clean import clean_text, clean_title


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

    @property
    def empty(self) -> bool:
        """Nothing to make a document of: no title, no text or teaser, no link (a GUID alone says nothing)."""
        return not (self.title or self.text or self.teaser or self.link)


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


# Zones RFC 822 defines (section 5.1), and UTC. Its military letters other than Z are left out: RFC 2822
# (section 4.3) notes their signs were defined backwards, so they say nothing reliable.
_RFC822_ZONES = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -18000,
    "EDT": -14400,
    "CST": -21600,
    "CDT": -18000,
    "MST": -25200,
    "MDT": -21600,
    "PST": -28800,
    "PDT": -25200,
}
# Abbreviations RFC 822 does not define but feeds use; a date in one of them would be off by hours.
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
_ZONE_OFFSETS = {**_RFC822_ZONES, **_ZONES}
_MONTH_NAMES = "january february march april may june july august september october november december".split()
_MONTHS = {name: i for i, full in enumerate(_MONTH_NAMES, 1) for name in (full, full[:3])} | {"sept": 9}
_DAY_NAMES = "monday tuesday wednesday thursday friday saturday sunday".split()
_WEEKDAYS = {name: i for i, full in enumerate(_DAY_NAMES) for name in (full, full[:3])}

# "Mon, 03 Jun 2024 10:00:00 +0200", "3 June 2024"; the time may lack its seconds, the zone may not.
_RFC822 = re.compile(
    r"(?:(?P<weekday>[a-z]+)\s*,?\s*)?(?P<day>\d{1,2})\s+(?P<month>[a-z]+)\.?\s+(?P<year>\d{4}|\d{2})"
    r"(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*(?P<zone>[+-]\d{4}|[a-z]+))?)?",
    re.IGNORECASE,
)
# W3C-DTF / RFC 3339: "2024-06-03", "2024-06-03T10:00:00.5+02:00"; a year or a month alone is no day.
# The offset's range is checked here: fromisoformat reads "+02:99" as 2 hours 99 minutes.
_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}(?P<time>[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
    r"(?P<zone>Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?)?",
    re.IGNORECASE,
)


def _sane(value: datetime.datetime | None) -> datetime.datetime | None:
    """The instant in UTC, or None for one that cannot be a publication date (before 1900, or in the
    future beyond a margin for clocks and zones)."""
    if value is None:
        return None
    try:
        value = value.astimezone(datetime.UTC)
    except OverflowError:  # year 1 or 9999 shifted by its offset
        return None
    if value.year < 1900 or value > datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2):
        return None
    return value


def _read_iso(raw: str) -> datetime.datetime | None:
    m = _ISO.fullmatch(raw)
    if not m or (m["time"] and not m["zone"]):
        return None  # a time of day in an unknown zone could be hours off
    try:
        value = datetime.datetime.fromisoformat(raw.upper())
    except ValueError:  # month 13, hour 99, offset +25:00...
        return None
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)  # a plain date: that day


def _zone_offset(zone: str) -> int | None:
    """Seconds east of UTC, or None for a zone not known exactly. "-0000" is UTC (RFC 5322, 3.3)."""
    if zone[0] not in "+-":
        return _ZONE_OFFSETS.get(zone.upper())
    hours, minutes = int(zone[1:3]), int(zone[3:])
    if hours > 23 or minutes > 59:
        return None
    return (-1 if zone[0] == "-" else 1) * (hours * 3600 + minutes * 60)


def _read_rfc822(raw: str) -> datetime.datetime | None:
    m = _RFC822.fullmatch(raw)
    if not m or m["month"].lower() not in _MONTHS or (m["hour"] and not m["zone"]):
        return None
    offset = _zone_offset(m["zone"]) if m["zone"] else 0  # no time, no zone: a plain date, that day
    if offset is None:
        return None
    year = int(m["year"])
    if len(m["year"]) == 2:  # RFC 2822, 4.3: 00-49 are 20xx, 50-99 are 19xx
        year += 2000 if year < 50 else 1900
    hour, minute, second = (int(m[part] or 0) for part in ("hour", "minute", "second"))
    zone = datetime.timezone(datetime.timedelta(seconds=offset))
    try:
        value = datetime.datetime(
            year, _MONTHS[m["month"].lower()], int(m["day"]), hour, minute, second, tzinfo=zone
        )
    except ValueError:  # day 45, hour 99, second 61
        return None
    if m["weekday"] and _WEEKDAYS.get(m["weekday"].lower()) != value.weekday():
        return None  # "Mon, 04 Jun 2024": the day name or the date is wrong, and we cannot tell which
    return value


def parse_date(raw: str) -> datetime.datetime | None:
    """The date a feed gives, read exactly from its own text, in UTC; None when it cannot be read exactly.

    Accepted: RFC 822 / 2822 ("Mon, 03 Jun 2024 10:00:00 +0200", with a numeric zone, GMT, UT, UTC, Z, the
    US zones RFC 822 names, or one of _ZONES) and ISO 8601 / W3C-DTF ("2024-06-03T10:00:00Z", with Z or an
    offset). A plain date ("2024-06-03", "3 June 2024") is that day, 00:00 UTC. Refused: a time without
    a known zone, fields out of range, a day name contradicting the date, bare numbers, numeric day/month
    forms (03/04/2024: 3 April or 4 March?), dates before 1900 or more than 2 days ahead.
    """
    raw = " ".join((raw or "").split())
    return _sane(_read_iso(raw) or _read_rfc822(raw))


def _content_html(entry) -> str:
    contents = entry.get("content") or []
    for wanted in ("text/html", "application/xhtml+xml", None):
        for content in contents:
            if wanted is None or content.get("type") == wanted:
                if (content.get("value") or "").strip():
                    return content["value"]
    return ""


def _title(fragment: str) -> str:
    return clean_title(html.unescape(strip_tags(fragment)))


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
    feed = ParsedFeed(title=_title(parsed.feed.get("title", "")), format=parsed.version)
    for entry in parsed.entries:
        title = _title(entry.get("title", ""))
        # Cleaned once the entities are decoded: "&#x202E;" is a bidi override too.
        teaser = clean_text(_strip(entry.get("summary", ""))).strip()
        body = clean_text(html_to_text(_content_html(entry))).strip() or teaser
        link = (entry.get("link") or "").strip()
        if link:
            link = urljoin(url or source, link)
        if link and not link.lower().startswith(("http://", "https://")):
            link = ""
        # The raw strings only: feedparser's *_parsed tuples roll invalid fields over (month 13, day 45,
        # hour 99 become a later date) and take a date-time without a zone as UTC. They are always derived
        # from these same strings (never present without them), so they add nothing to fall back on.
        # dict.get: feedparser's own get() maps a missing "updated" to "published" with a warning.
        published = parse_date(dict.get(entry, "published", "")) or parse_date(dict.get(entry, "updated", ""))
        item = Item(
            title=title,
            link=link[:1000],
            guid=(entry.get("id") or "").strip()[:1000],
            teaser=teaser,
            # A link alone is the text too: an empty text would make every such item "the same" document.
            text=body or title or link[:1000],
            published=published,
        )
        item.content_hash = hashlib.sha256(f"{title}\n{link}\n{item.text}".encode()).hexdigest()
        feed.items.append(item)
    return feed
