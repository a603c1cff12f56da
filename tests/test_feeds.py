"""News feeds: fetching (limits, conditional requests, the SSRF guard), safe parsing, ingesting each item
once, the command line, and the platform's own RSS/Atom. Feeds are served by a real HTTP server on
127.0.0.1 started here; nothing goes to the network."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from migis.documents.models import Document
from migis.feeds import net
from migis.feeds.models import Feed, FeedItem
from migis.feeds.parse import parse_date, parse_feed
from migis.feeds.services import add_feed, ingest_url, poll, poll_all

pytestmark = pytest.mark.django_db

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Rabat Process news</title><link>https://example.org/</link><description>d</description>
<item>
  <title>Ministers meet in Malta on the Rabat Process</title>
  <link>https://example.org/news/malta-meeting</link>
  <guid isPermaLink="false">rabat-2024-001</guid>
  <pubDate>Tue, 05 Mar 2024 10:00:00 +0100</pubDate>
  <description>Short teaser about the &lt;b&gt;meeting&lt;/b&gt;.</description>
  <content:encoded><![CDATA[<p>The ministers of Morocco and Senegal met in Valletta, Malta,
  to review the Cadiz Action Plan of the Rabat Process.</p><p>A second paragraph of the full body.</p>]]>
  </content:encoded>
</item>
<item>
  <title>Second item without a guid</title>
  <link>https://example.org/news/second</link>
  <pubDate>2024-03-06T08:30:00Z</pubDate>
  <description>Only a description&nbsp;here, about the Khartoum Process.</description>
</item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Budapest Process</title><id>urn:bp</id>
<updated>2024-04-01T00:00:00Z</updated>
<entry><title>Silk Routes partnership meeting</title><id>urn:bp:1</id>
<link href="https://example.org/bp/1"/><updated>2024-04-01T09:00:00+02:00</updated>
<summary>Atom teaser.</summary>
<content type="html">&lt;p&gt;Turkey and Pakistan discussed the Budapest Process action plan.&lt;/p&gt;
</content>
</entry></feed>"""

DUPLICATES = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>dup</title>
<item><title>First</title><guid>same-guid</guid><description>first text of the item</description></item>
<item><title>Second</title><guid>same-guid</guid><description>other text, same guid</description></item>
<item><title>No guid no link</title><description>identified by its content hash</description></item>
</channel></rss>"""

ODD_DATES = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>dates</title>
<item><title>cet</title><guid>d1</guid><pubDate>Tue, 05 Mar 2024 10:00:00 CET</pubDate></item>
<item><title>words</title><guid>d2</guid><pubDate>5 March 2024</pubDate></item>
<item><title>ambiguous</title><guid>d3</guid><pubDate>03/04/2024</pubDate></item>
<item><title>garbage</title><guid>d4</guid><pubDate>not a date at all</pubDate></item>
<item><title>none</title><guid>d5</guid></item>
<item><title>rolled over</title><guid>d6</guid><pubDate>2024-13-45T99:99:99Z</pubDate></item>
<item><title>minus one</title><guid>d7</guid><pubDate>-1</pubDate></item>
<item><title>unknown zone</title><guid>d8</guid><pubDate>Mon, 03 Jun 2024 10:00:00 XYZ</pubDate></item>
<item><title>no zone</title><guid>d9</guid><pubDate>2024-06-03T10:00:00</pubDate></item>
</channel></rss>"""

EMPTY_ITEMS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>empty</title>
<item><guid isPermaLink="false">empty-1</guid><pubDate>Mon, 03 Jun 2024 10:00:00 GMT</pubDate></item>
<item><title> </title><description><![CDATA[<p> </p>]]></description></item>
<item><title>Only a title, about the Rabat Process</title><guid isPermaLink="false">t</guid></item>
<item><description>Only a text, about the Khartoum Process.</description></item>
<item><link>https://example.org/only-a-link</link></item>
<item><link>https://example.org/another-link</link></item>
</channel></rss>"""

RSS091 = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>old</title><link>https://example.org/</link><description>d</description>
<item><title>Old &amp; fine</title><link>https://example.org/old</link>
<description>An old item.</description></item>
</channel></rss>"""

HTML_PAGE = b"""<!DOCTYPE html><html><head><title>A news page</title></head><body><article>
<h1>A news page</h1><p>The Prague Process held its annual senior officials meeting in Prague this week,
with delegations from Ukraine, Georgia and Moldova discussing labour migration and return.</p>
<p>More text so that the page has a main text worth extracting for the reader.</p></article></body></html>"""

MALFORMED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>broken</title>
<item><title>unclosed<guid>x</guid></item></channel></rss>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<rss version="2.0"><channel><title>bomb</title>
<item><title>&lol9;</title><guid>b</guid></item></channel></rss>"""


def xxe(path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file://{path}">]>'
        '<rss version="2.0"><channel><title>xxe</title><item><title>leak</title><guid>x</guid>'
        "<description>&secret;</description></item></channel></rss>"
    ).encode()


class Server:
    """Routes: path -> (status, headers, body) or a callable(handler) that answers itself."""

    def __init__(self):
        self.routes, self.requests = {}, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.requests.append((self.path, dict(self.headers)))
                route = outer.routes.get(self.path)
                if route is None:
                    return self.answer(404, {}, b"not found")
                if callable(route):
                    return route(self)
                self.answer(*route)

            def answer(self, status, headers, body):
                if headers.get("ETag") and self.headers.get("If-None-Match") == headers["ETag"]:
                    status, body = 304, b""
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # clients that hang up on purpose (size cap, timeout)

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path, host="127.0.0.1"):
        return f"http://{host}:{self.port}{path}"

    def paths(self):
        return [p for p, _ in self.requests]


@pytest.fixture(scope="module")
def server():
    s = Server()
    xml = {"Content-Type": "application/rss+xml; charset=utf-8"}
    s.routes.update(
        {
            "/rss.xml": (200, xml, RSS),
            "/etag.xml": (
                200,
                {**xml, "ETag": '"v1"', "Last-Modified": "Tue, 05 Mar 2024 10:00:00 GMT"},
                RSS,
            ),
            "/atom.xml": (200, {"Content-Type": "application/atom+xml"}, ATOM),
            "/dups.xml": (200, xml, DUPLICATES),
            "/dates.xml": (200, xml, ODD_DATES),
            "/empty.xml": (200, xml, EMPTY_ITEMS),
            "/page.html": (200, {"Content-Type": "text/html; charset=utf-8"}, HTML_PAGE),
            "/malformed.xml": (200, xml, MALFORMED),
            "/bomb.xml": (200, xml, BOMB),
            "/500": (500, {}, b"boom"),
            "/loop-a": (302, {"Location": "/loop-b"}, b""),
            "/loop-b": (302, {"Location": "/loop-a"}, b""),
            "/to-rss": (301, {"Location": "/rss.xml"}, b""),
            "/rss091.xml": (200, xml, RSS091),
        }
    )

    def slow(handler):
        time.sleep(2)
        handler.answer(200, xml, RSS)

    def huge_declared(handler):  # claims 2 GB
        handler.send_response(200)
        handler.send_header("Content-Length", str(2 * 1024**3))
        handler.end_headers()
        try:
            handler.wfile.write(b"<rss>" + b" " * 65536)
        except OSError:
            pass

    def endless(handler):  # no length, streams until the client gives up
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            for _ in range(2000):
                handler.wfile.write(b"<!-- padding -->" * 1024)
        except OSError:
            pass
        handler.close_connection = True

    s.routes.update({"/slow.xml": slow, "/huge.xml": huge_declared, "/endless.xml": endless})
    yield s
    s.httpd.shutdown()


def cli_feed(server, path):
    return add_feed(server.url(path), from_web=False)


def test_rss_items_go_in_with_body_teaser_date_and_link(server):
    report = poll(cli_feed(server, "/rss.xml"))
    assert report.error == "" and (report.fetched, report.new, report.failed) == (2, 2, 0)
    item = FeedItem.objects.get(guid="rabat-2024-001")
    doc = item.document
    assert doc.kind == "news" and doc.visibility == "public"
    assert doc.url == "https://example.org/news/malta-meeting"
    assert "second paragraph of the full body" in doc.text  # content:encoded, not the teaser
    assert "<p>" not in doc.text
    assert doc.summary == "Short teaser about the meeting."
    assert doc.published.isoformat() == "2024-03-05T09:00:00+00:00"
    assert doc.mentions.filter(type="country", ref="MLT").exists()
    second = FeedItem.objects.get(link="https://example.org/news/second")
    assert second.guid == "" and "Khartoum Process" in second.document.text
    assert Feed.objects.get(url=server.url("/rss.xml")).title == "Rabat Process news"


def test_atom(server):
    report = poll(cli_feed(server, "/atom.xml"))
    assert report.new == 1
    doc = FeedItem.objects.get(guid="urn:bp:1").document
    assert "Turkey and Pakistan" in doc.text and doc.summary == "Atom teaser."
    assert doc.published.isoformat() == "2024-04-01T07:00:00+00:00"


def test_old_rss_with_an_external_dtd_reference_is_read(server):
    report = poll(cli_feed(server, "/rss091.xml"))
    assert (
        report.new == 1
        and FeedItem.objects.get(link="https://example.org/old").document.title == "Old & fine"
    )


def test_rerun_is_idempotent(server):
    feed = cli_feed(server, "/rss.xml")
    poll(feed)
    documents = Document.objects.count()
    again = poll(feed)
    assert (again.new, again.skipped, again.failed) == (0, 2, 0)
    assert Document.objects.count() == documents and FeedItem.objects.filter(feed=feed).count() == 2


def test_conditional_get(server):
    feed = cli_feed(server, "/etag.xml")
    assert poll(feed).new == 2
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.last_modified.startswith("Tue, 05 Mar 2024")
    second = poll(feed)
    path, headers = server.requests[-1]
    assert path == "/etag.xml" and headers.get("If-None-Match") == '"v1"'
    assert headers.get("If-Modified-Since") == "Tue, 05 Mar 2024 10:00:00 GMT"
    assert second.not_modified and second.new == 0
    assert FeedItem.objects.filter(feed=feed).count() == 2


def test_duplicate_guids_and_items_without_guid_or_link(server):
    feed = cli_feed(server, "/dups.xml")
    report = poll(feed)
    assert (report.fetched, report.new, report.skipped) == (3, 2, 1)
    assert any("repeated in the feed" in m for m in report.messages)
    assert FeedItem.objects.get(feed=feed, guid="same-guid").document.title == "First"
    assert poll(feed).new == 0


def test_odd_dates(server):
    poll(cli_feed(server, "/dates.xml"))
    published = {i.document.title: i.document.published for i in FeedItem.objects.select_related("document")}
    assert published["cet"].isoformat() == "2024-03-05T09:00:00+00:00"
    assert published["words"].date().isoformat() == "2024-03-05"
    assert published["ambiguous"] is None  # 3 April or 4 March? no date rather than a wrong one
    assert published["garbage"] is None and published["none"] is None
    # feedparser alone would store 2025-01-01, 2026-11-01 (from -1), and 10:00 UTC for the last two
    for title in ("rolled over", "minus one", "unknown zone", "no zone"):
        assert published[title] is None, title
    assert parse_date("Sun, 01 Jan 2090 00:00:00 GMT") is None  # far future: wrong


# A raw date, and the exact instant it gives (None: refused, no date rather than a wrong one).
DATES = {
    # RFC 822 / 2822
    "Mon, 03 Jun 2024 10:00:00 +0200": "2024-06-03T08:00:00+00:00",
    "Mon, 03 Jun 2024 10:00:00 -0430": "2024-06-03T14:30:00+00:00",
    "Mon, 03 Jun 2024 10:00:00 -0000": "2024-06-03T10:00:00+00:00",
    "03 Jun 2024 10:00 GMT": "2024-06-03T10:00:00+00:00",
    "Mon, 3 June 2024 10:00:00 UT": "2024-06-03T10:00:00+00:00",
    "mon, 03 jun 2024 10:00:00 z": "2024-06-03T10:00:00+00:00",
    "Mon, 03 Jun 2024 10:00:00 EDT": "2024-06-03T14:00:00+00:00",
    "Mon, 03 Jun 2024 10:00:00 PST": "2024-06-03T18:00:00+00:00",
    "Mon, 03 Jun 2024 10:00:00 CEST": "2024-06-03T08:00:00+00:00",
    "Mon, 03 Jun 2024 10:00:00 IST": "2024-06-03T04:30:00+00:00",
    "Mon, 03 Jun 24 10:00:00 GMT": "2024-06-03T10:00:00+00:00",
    "Thu, 03 Jun 99 10:00:00 GMT": "1999-06-03T10:00:00+00:00",
    "3 June 2024": "2024-06-03T00:00:00+00:00",
    # ISO 8601 / W3C-DTF
    "2024-06-03T10:00:00Z": "2024-06-03T10:00:00+00:00",
    "2024-06-03T10:00Z": "2024-06-03T10:00:00+00:00",
    "2024-06-03T10:00:00.5+02:00": "2024-06-03T08:00:00.500000+00:00",
    "2024-06-03T10:00:00+05:30": "2024-06-03T04:30:00+00:00",
    "2024-06-03T10:00:00-0700": "2024-06-03T17:00:00+00:00",
    "2024-06-03 10:00:00z": "2024-06-03T10:00:00+00:00",
    "2024-06-03": "2024-06-03T00:00:00+00:00",
    # refused
    "2024-13-45T99:99:99Z": None,
    "2024-02-30T10:00:00Z": None,
    "2024-06-03T24:00:00Z": None,
    "2024-06-03T10:00:00+02:99": None,
    "Mon, 03 Jun 2024 10:00:00 +0299": None,
    "Mon, 45 Jun 2024 10:00:00 GMT": None,
    "Mon, 03 Jun 2024 99:00:00 GMT": None,
    "-1": None,
    "2024": None,
    "20240603": None,
    "2024-06": None,
    "Mon, 03 Jun 2024 10:00:00 XYZ": None,
    "Mon, 03 Jun 2024 10:00:00 A": None,  # RFC 822 military zones had their signs backwards
    "Mon, 03 Jun 2024 10:00:00": None,
    "2024-06-03T10:00:00": None,
    "Tue, 03 Jun 2024 10:00:00 GMT": None,  # 3 June 2024 was a Monday: which one is wrong?
    "03/04/2024": None,
    "25/12/2024": None,
    "yesterday": None,
    "Mon, 03 Jun 1889 10:00:00 GMT": None,
    "": None,
}


def test_dates_are_read_exactly_or_not_at_all():
    def read(raw):
        value = parse_date(raw)
        return value.isoformat() if value else None

    assert {raw: read(raw) for raw in DATES} == DATES


BAD_DATES = ["2024-13-45T99:99:99Z", "-1", "Mon, 03 Jun 2024 10:00:00 XYZ", "2024-06-03T10:00:00"]
GOOD_DATES = ["Mon, 03 Jun 2024 10:00:00 +0200", "2024-06-03T10:00:00.5+02:00", "2024-06-03"]


def _rss_with_dates(dates) -> bytes:
    items = "".join(f"<item><title>{d}</title><guid>{d}</guid><pubDate>{d}</pubDate></item>" for d in dates)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    )


def _atom_with_dates(dates) -> bytes:
    entries = "".join(
        f"<entry><title>{d}</title><id>urn:{i}</id><{tag}>{d}</{tag}></entry>"
        for i, d in enumerate(dates)
        for tag in ["published" if i % 2 else "updated"]
    )
    return (
        f'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:t</id>{entries}</feed>'.encode()
    )


@pytest.mark.parametrize("build", [_rss_with_dates, _atom_with_dates])
def test_dates_in_real_rss_and_atom_are_exact_or_absent(build):
    """feedparser normalises what it cannot read (month 13 rolls over into the next year); the raw text
    is what counts."""
    parsed = parse_feed(build(BAD_DATES + GOOD_DATES), "test")
    published = {item.title: item.published for item in parsed.items}
    assert {d: published[d] for d in BAD_DATES} == dict.fromkeys(BAD_DATES)
    assert {d: published[d].isoformat() for d in GOOD_DATES} == {d: DATES[d] for d in GOOD_DATES}


def test_empty_items_are_skipped_and_reported_by_poll(server):
    feed = cli_feed(server, "/empty.xml")
    report = poll(feed)
    assert (report.fetched, report.new, report.skipped, report.failed) == (6, 4, 2, 0)
    assert "empty item skipped (guid:empty-1)" in report.messages
    assert sum(m.startswith("empty item skipped (hash:") for m in report.messages) == 1
    documents = {i.document.title: i.document.text for i in FeedItem.objects.filter(feed=feed)}
    assert documents["Only a title, about the Rabat Process"] == "Only a title, about the Rabat Process"
    assert documents["Only a text, about the Khartoum Process."] == "Only a text, about the Khartoum Process."
    # a link alone is the text: two such items are two documents, not one empty text taken twice
    assert documents["https://example.org/only-a-link"] == "https://example.org/only-a-link"
    assert documents["https://example.org/another-link"] == "https://example.org/another-link"
    assert not Document.objects.filter(title="Untitled news item").exists()
    assert feed.last_status == "ok"
    again = poll(feed)
    assert (again.new, again.skipped) == (0, 6) and "empty item skipped (guid:empty-1)" in again.messages


def test_item_titles_and_texts_lose_bidi_controls_and_invisible_characters():
    # C0 controls cannot appear in XML 1.0, and feedparser reads C1 controls as Windows-1252 characters.
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t&#x202E;</title><item>'
        b"<title>Invoice&#x202E;fdp&#x200B;.exe\n  paid</title><guid>c</guid>"
        b"<description>teaser&#x2066; here</description>"
        b"<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        b"&lt;p&gt;body &amp;#x202E;text&lt;/p&gt;</content:encoded></item></channel></rss>"
    )
    parsed = parse_feed(data, "test")
    [item] = parsed.items
    assert (parsed.title, item.title) == ("t", "Invoicefdp.exe paid")
    assert (item.teaser, item.text) == ("teaser here", "body text")


def test_empty_items_are_reported_by_ingest_url(server):
    outcomes = ingest_url(server.url("/empty.xml"))
    assert [o.status for o in outcomes] == ["failed", "failed", "created", "created", "created", "created"]
    assert {o.error for o in outcomes[:2]} == {"empty item: no title, text or link"}
    assert outcomes[0].source == server.url("/empty.xml") + " (guid:empty-1)"
    assert not Document.objects.filter(title="Untitled news item").exists()
    with pytest.raises(CommandError, match="2 failed"):
        call_command("ingest", server.url("/empty.xml"))


@pytest.mark.parametrize(
    "path,message",
    [
        ("/page.html", "HTML page, not an RSS or Atom feed"),
        ("/malformed.xml", "malformed XML"),
        ("/bomb.xml", "declares XML entities"),
        ("/missing.xml", "HTTP 404"),
        ("/500", "HTTP 500"),
        ("/loop-a", "redirect loop"),
    ],
)
def test_bad_sources_get_a_clear_error_naming_them(server, path, message):
    feed = cli_feed(server, path)
    report = poll(feed)
    assert message in report.error and report.new == 0
    feed.refresh_from_db()
    assert feed.last_status == "error" and message in feed.last_error
    assert not FeedItem.objects.filter(feed=feed).exists()
    with pytest.raises(CommandError):
        call_command("feeds", "poll", "--feed", str(feed.pk))


def test_external_entity_is_refused_and_not_read(server, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    server.routes["/xxe.xml"] = (200, {"Content-Type": "application/rss+xml"}, xxe(secret))
    report = poll(cli_feed(server, "/xxe.xml"))
    assert "refused" in report.error and "entit" in report.error
    assert not Document.objects.filter(text__contains="TOP-SECRET").exists()


def test_timeout_size_cap_and_redirect_limit(server):
    report = poll(cli_feed(server, "/slow.xml"), timeout=0.5)
    assert "timed out" in report.error
    report = poll(cli_feed(server, "/huge.xml"))
    assert "2048.0 MB, over the limit of 20.0 MB" in report.error
    report = poll(cli_feed(server, "/endless.xml"), max_bytes=64 * 1024)
    assert "exceeds the limit of 65536 bytes" in report.error
    report = poll(cli_feed(server, "/to-rss"), max_redirects=0)
    assert "more than 0 redirects" in report.error
    assert poll(cli_feed(server, "/to-rss")).new == 2  # one redirect is fine


def test_one_broken_feed_does_not_stop_the_others(server):
    cli_feed(server, "/500")
    cli_feed(server, "/malformed.xml")
    good = cli_feed(server, "/rss.xml")
    reports = {r.feed: r for r in poll_all()}
    assert "HTTP 500" in reports[server.url("/500")].error
    assert "malformed" in reports[server.url("/malformed.xml")].error
    assert reports[good.url].new == 2


def test_web_feed_may_not_reach_loopback(server):
    feed = add_feed(server.url("/rss.xml"), from_web=True)
    report = poll(feed)
    assert "refused" in report.error and "127.0.0.1 is a loopback address" in report.error
    assert "MIGIS_FEEDS_ALLOW_PRIVATE" in report.error
    assert not FeedItem.objects.filter(feed=feed).exists()


def test_web_feed_may_reach_loopback_when_the_operator_allows(server, monkeypatch):
    monkeypatch.setenv("MIGIS_FEEDS_ALLOW_PRIVATE", "1")
    assert poll(add_feed(server.url("/rss.xml"), from_web=True)).new == 2


def test_redirect_to_loopback_is_refused_for_web_feeds(server, monkeypatch):
    # "news.example" resolves to a public address; connections to it are routed to the test server.
    public = "93.184.216.34"
    real_resolve, real_connect = net.resolve, socket.create_connection
    monkeypatch.setattr(
        net, "resolve", lambda host, port: [public] if host == "news.example" else real_resolve(host, port)
    )

    def connect(address, *args, **kwargs):
        if address[0] == public:
            address = ("127.0.0.1", address[1])
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", connect)
    server.routes["/hop"] = (302, {"Location": server.url("/etag.xml")}, b"")
    server.routes["/public-rss.xml"] = server.routes["/rss.xml"]
    # The guard lets the public host through...
    assert poll(add_feed(server.url("/public-rss.xml", host="news.example"), from_web=True)).new == 2
    # ...but not its redirect to 127.0.0.1, which is never requested.
    before = len(server.requests)
    report = poll(add_feed(server.url("/hop", host="news.example"), from_web=True))
    assert "refused (redirected to http://127.0.0.1:" in report.error and "loopback" in report.error
    assert server.paths()[before:] == ["/hop"]
    # The command line (from_web False) follows the same redirect.
    assert poll(add_feed(server.url("/hop", host="news.example"), from_web=False)).new == 0  # seen: skipped


def test_private_and_odd_addresses_are_blocked():
    for address in [
        "10.1.2.3",
        "192.168.0.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "0.0.0.0",  # noqa: S104 - an address the fetcher must refuse, not one bound to
        "224.0.0.1",
        "::ffff:127.0.0.1",
        "100.64.0.1",
        "fd00::1",
    ]:
        assert net.blocked_reason(address), address
    assert net.blocked_reason("93.184.216.34") == ""
    with pytest.raises(net.FetchError, match="only http and https"):
        net.fetch("file:///etc/passwd", from_web=False)


def test_commands(server, capsys):
    call_command("feeds", "add", server.url("/atom.xml"))
    call_command("feeds", "add", server.url("/atom.xml"))
    out = capsys.readouterr().out
    assert "added" in out and "already subscribed" in out
    assert Feed.objects.get(url=server.url("/atom.xml")).from_web is False
    call_command("feeds", "poll")
    call_command("feeds", "list")
    out = capsys.readouterr().out
    assert "1 new" in out and "ok" in out and server.url("/atom.xml") in out


def test_poll_on_a_schedule_goes_on_after_a_failed_round(server, capsys, monkeypatch):
    from migis.feeds.management.commands import feeds as command

    pauses = []
    monkeypatch.setattr(command.time, "sleep", pauses.append)  # the clock, not the fetching, is faked
    call_command("feeds", "add", server.url("/missing.xml"))  # answers 404: the round fails
    call_command("feeds", "add", server.url("/atom.xml"))
    before = len([p for p in server.paths() if p == "/atom.xml"])
    call_command("feeds", "poll", "--every", "30", "--rounds", "2")
    out, err = capsys.readouterr()
    assert len([p for p in server.paths() if p == "/atom.xml"]) == before + 2  # both rounds fetched
    assert len(pauses) == 1 and 29 * 60 < pauses[0] <= 30 * 60
    assert "next poll in" in out and err.count("had errors") == 2
    with pytest.raises(CommandError, match="at least 1"):
        call_command("feeds", "poll", "--every", "0.5")


def test_ingest_url_a_page_and_a_feed(server, capsys):
    [page] = ingest_url(server.url("/page.html"))
    assert page.status == "created" and "Prague Process" in page.document.text
    assert page.document.title == "A news page"
    outcomes = ingest_url(server.url("/rss.xml"))
    assert [o.status for o in outcomes] == ["created", "created"]
    assert [o.status for o in ingest_url(server.url("/rss.xml"))] == ["unchanged", "unchanged"]
    assert not Feed.objects.exists()
    with pytest.raises(CommandError):
        call_command("ingest", server.url("/bomb.xml"))
    assert "declares XML entities" in capsys.readouterr().err


def test_admin_added_feeds_are_from_the_web(users):
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    admin = site._registry[Feed]
    request = RequestFactory().post("/admin/feeds/feed/add/")
    request.user = users["editor"]
    form = admin.get_form(request)(
        data={"url": "http://127.0.0.1:9/feed.xml", "visibility": "public", "kind": "news", "active": "on"}
    )
    assert form.is_valid(), form.errors
    feed = form.save(commit=False)
    admin.save_model(request, feed, form, change=False)
    assert feed.from_web is True and feed.added_by == users["editor"]
    assert "loopback" in poll(feed).error


def test_own_news_feeds_list_public_news_only():
    from django.test import Client

    Document.objects.create(key="public-news", title="Public news title", kind="news", text="public text")
    Document.objects.create(
        key="secret-news", title="Secret news title", kind="news", text="secret", visibility="restricted"
    )
    Document.objects.create(key="a-report", title="Report title", kind="report", text="r")
    for path, marker in (("/news/rss.xml", b"<rss"), ("/news/atom.xml", b"http://www.w3.org/2005/Atom")):
        response = Client().get(path)
        assert response.status_code == 200 and marker in response.content
        assert b"Public news title" in response.content and b"/documents/public-news/" in response.content
        assert b"Secret news title" not in response.content and b"Report title" not in response.content
