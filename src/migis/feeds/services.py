"""Subscribing to feeds, polling them, and ingesting a feed or page once.

Each item goes in inside its own transaction (the document, its mentions and the record that the item
was seen), so an error leaves nothing half-written and a re-run picks up exactly what is missing. One
feed's failure never stops the others; every error names the feed.
"""

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone

from migis.feeds.models import Feed, FeedItem
from migis.feeds.net import FetchError, check_url, fetch
from migis.feeds.parse import FeedError, Item, looks_like_html, parse_feed
from migis.ingest.pipeline import Outcome, bulk, ingest_text
from migis.ingest.readers import ReaderError, read_html, read_pdf

log = logging.getLogger(__name__)


@dataclass
class PollReport:
    feed: str
    fetched: int = 0  # items in the feed document
    new: int = 0
    skipped: int = 0  # already taken, repeated in the same document, or empty
    failed: int = 0
    error: str = ""
    not_modified: bool = False
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error and not self.failed

    def line(self) -> str:
        if self.error:
            return f"failed       {self.feed}: {self.error}"
        if self.not_modified:
            return f"not modified {self.feed}"
        status = "ok" if not self.failed else "partial"
        return (
            f"{status:12} {self.feed}: {self.fetched} items, {self.new} new, {self.skipped} skipped, "
            f"{self.failed} failed"
        )


def add_feed(url: str, user=None, from_web: bool = False) -> Feed:
    """Subscribe to `url` (idempotent: an existing subscription is returned unchanged)."""
    url = url.strip()
    try:
        check_url(url, url)
    except FetchError as exc:
        raise FeedError(url, exc.message) from None
    feed, created = Feed.objects.get_or_create(url=url, defaults={"added_by": user, "from_web": from_web})
    feed.created_now = created
    return feed


def _origin(item: Item) -> str:
    return (item.link or item.guid or f"sha256:{item.content_hash}")[:1000]


EMPTY_ITEM = "empty item: no title, text or link"


def _ingest_item(
    item: Item, *, source: str, kind: str, visibility: str | None = None, default_visibility: str = "public"
) -> Outcome:
    return ingest_text(
        item.text,
        source=source,
        title=item.title or item.teaser[:120] or item.link or "Untitled news item",
        origin=_origin(item),
        kind=kind,
        visibility=visibility,
        default_visibility=default_visibility,
        url=item.link,
        published=item.published,
        summary=item.teaser if item.teaser != item.text else "",
    )


@bulk()  # cached pages are invalidated, and the search index commits, once per poll, not once per item
def poll(feed: Feed, *, timeout=None, max_bytes=None, max_redirects=None) -> PollReport:
    report = PollReport(feed=feed.url)
    feed.last_polled = timezone.now()
    try:
        fetched = fetch(
            feed.url,
            from_web=feed.from_web,
            etag=feed.etag,
            last_modified=feed.last_modified,
            timeout=timeout,
            max_bytes=max_bytes,
            max_redirects=max_redirects,
        )
        if fetched.not_modified:
            report.not_modified = True
            feed.last_status, feed.last_error = Feed.Status.NOT_MODIFIED, ""
            feed.save(update_fields=["last_polled", "last_status", "last_error"])
            return report
        parsed = parse_feed(fetched.content, feed.url, url=fetched.url, content_type=fetched.content_type)
    except (FetchError, FeedError) as exc:
        report.error = exc.message
        feed.last_status, feed.last_error = Feed.Status.ERROR, exc.message
        feed.save(update_fields=["last_polled", "last_status", "last_error"])
        return report

    report.fetched = len(parsed.items)
    seen_now: set[str] = set()
    known = set(FeedItem.objects.filter(feed=feed).values_list("key", flat=True))
    for item in parsed.items:
        if item.empty:  # reported at every poll: never recorded as taken, there is nothing to take
            report.skipped += 1
            report.messages.append(f"empty item skipped ({item.key_source[:200]})")
            continue
        key = item.key
        if key in seen_now:
            report.skipped += 1
            report.messages.append(f"repeated in the feed, taken once: {item.key_source[:200]}")
            continue
        seen_now.add(key)
        if key in known:
            report.skipped += 1
            continue
        try:
            with transaction.atomic():
                # The feed's visibility is for its new items; an item already held keeps its own.
                outcome = _ingest_item(
                    item, source=feed.url, kind=feed.kind, default_visibility=feed.visibility
                )
                FeedItem.objects.create(
                    feed=feed,
                    key=key,
                    guid=item.guid,
                    link=item.link,
                    content_hash=item.content_hash,
                    document=outcome.document,
                    published=item.published,
                )
        except IntegrityError:  # another poller took it in the meantime
            report.skipped += 1
            continue
        except Exception as exc:  # one item's failure must not stop the others
            log.exception("feed %s: item %s failed", feed.url, item.key_source)
            report.failed += 1
            report.messages.append(f"item {item.key_source[:200]} failed: {exc}")
            continue
        report.new += 1

    fields = ["last_polled", "last_status", "last_error", "title"]
    if not feed.title and parsed.title:
        feed.title = parsed.title[:400]
    if report.failed:
        # Keep the old validators: the next poll fetches the feed again and retries the failed items.
        feed.last_status = Feed.Status.PARTIAL
        feed.last_error = "; ".join(m for m in report.messages if " failed: " in m)[:5000]
    else:
        feed.last_status, feed.last_error = Feed.Status.OK, ""
        feed.etag, feed.last_modified = fetched.etag[:300], fetched.last_modified[:100]
        fields += ["etag", "last_modified"]
    feed.save(update_fields=fields)
    return report


def poll_all(feeds=None, **limits) -> list[PollReport]:
    """Poll every active feed; a failure (even an unexpected one) is reported and the next feed polled."""
    reports = []
    for feed in feeds if feeds is not None else Feed.objects.filter(active=True).order_by("pk"):
        try:
            reports.append(poll(feed, **limits))
        except Exception as exc:
            log.exception("feed %s: poll failed", feed.url)
            reports.append(PollReport(feed=feed.url, error=f"unexpected error: {exc}"))
    return reports


def ingest_url(
    url: str, *, kind: str = "", visibility: str | None = None, from_web: bool = False, **limits
) -> list[Outcome]:
    """Ingest what `url` serves once, without subscribing: each item of a feed, or one HTML page (or PDF).
    Run from the command line (from_web False), it may fetch any address."""
    try:
        fetched = fetch(url, from_web=from_web, **limits)
        data = fetched.content
        if data.startswith(b"%PDF") or "pdf" in fetched.content_type:
            extracted = read_pdf(data, url)
        elif looks_like_html(data) or fetched.content_type.startswith("text/html"):
            from migis.feeds.parse import refuse_entities

            refuse_entities(data, url)
            extracted = read_html(data, url)
        else:
            extracted = None
        if extracted is not None:
            return [
                ingest_text(
                    extracted.text,
                    source=url,
                    title=extracted.title or urlsplit(fetched.url).path.rsplit("/", 1)[-1] or url,
                    origin=fetched.url,
                    kind=kind or "other",
                    visibility=visibility,
                    url=fetched.url,
                )
            ]
        parsed = parse_feed(data, url, url=fetched.url, content_type=fetched.content_type)
    except (FetchError, FeedError, ReaderError) as exc:
        return [Outcome(url, "failed", error=getattr(exc, "message", str(exc)))]
    outcomes, seen = [], set()
    for item in parsed.items:
        if item.empty:
            outcomes.append(Outcome(f"{url} ({item.key_source[:200]})", "failed", error=EMPTY_ITEM))
            continue
        if item.key in seen:
            continue
        seen.add(item.key)
        source = item.link or f"{url} ({item.guid or item.title})"
        try:
            outcomes.append(_ingest_item(item, source=source, kind=kind or "news", visibility=visibility))
        except Exception as exc:
            log.exception("%s: item %s failed", url, item.key_source)
            outcomes.append(Outcome(source, "failed", error=str(exc)))
    return outcomes
