"""`migis feeds add URL | list | poll [--feed ID] [--every MINUTES]`: subscriptions run by the operator.

Feeds added here may be fetched from any address, loopback included (the operator runs the command)."""

import argparse
import time

from django.core.management.base import BaseCommand, CommandError

from migis.core.models import Visibility
from migis.documents.models import Document
from migis.feeds.models import Feed
from migis.feeds.parse import FeedError
from migis.feeds.services import add_feed, poll, poll_all


class Command(BaseCommand):
    help = "Subscribe to RSS/Atom feeds, list them, poll them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="subscribe to a feed")
        add.add_argument("url")
        add.add_argument("--visibility", default=Visibility.PUBLIC, choices=Visibility.values)
        add.add_argument("--kind", default=Document.Kind.NEWS, choices=Document.Kind.values)
        sub.add_parser("list", help="the feeds and how their last poll went")
        p = sub.add_parser("poll", help="fetch the active feeds (or one) and ingest their new items")
        p.add_argument("--feed", type=int, help="the id of one feed (see `list`)")
        p.add_argument(
            "--every",
            type=float,
            metavar="MINUTES",
            help="keep polling: once now, then every MINUTES (at least 1) until stopped; a round's errors "
            "are reported and the next round still runs",
        )
        p.add_argument("--rounds", type=int, default=0, help=argparse.SUPPRESS)  # with --every: stop after N

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_add(self, url, visibility, kind, **options):
        try:
            feed = add_feed(url, from_web=False)
        except FeedError as exc:
            raise CommandError(str(exc)) from None
        if feed.created_now:
            feed.visibility, feed.kind = visibility, kind
            feed.save(update_fields=["visibility", "kind"])
            self.stdout.write(f"added {feed.pk}: {feed.url}")
        else:
            self.stdout.write(f"already subscribed {feed.pk}: {feed.url}")

    def do_list(self, **options):
        feeds = Feed.objects.order_by("pk")
        for feed in feeds:
            polled = feed.last_polled.strftime("%Y-%m-%d %H:%M") if feed.last_polled else "never"
            state = "" if feed.active else " (inactive)"
            self.stdout.write(
                f"{feed.pk:4} {feed.url}{state}  {feed.visibility}  polled {polled}"
                f"  {feed.last_status or '-'}{': ' + feed.last_error if feed.last_error else ''}"
            )
        if not feeds:
            self.stdout.write("no feeds")

    def do_poll(self, feed=None, every=None, rounds=0, **options):
        if every is None:
            return self.poll_once(feed)
        if every < 1:
            raise CommandError("--every takes a number of minutes, at least 1")
        done = 0
        while True:
            started = time.monotonic()
            try:
                self.poll_once(feed)
            except CommandError as exc:  # reported; the schedule goes on
                self.stderr.write(str(exc))
            done += 1
            if rounds and done >= rounds:
                return
            pause = max(0.0, every * 60 - (time.monotonic() - started))
            self.stdout.write(f"next poll in {pause / 60:.1f} minutes")
            try:
                time.sleep(pause)
            except KeyboardInterrupt:
                return

    def poll_once(self, feed=None):
        if feed is not None:
            one = Feed.objects.filter(pk=feed).first()
            if one is None:
                raise CommandError(f"no feed with id {feed}")
            reports = [poll(one)]
        else:
            reports = poll_all()
        for report in reports:
            (self.stderr if report.error or report.failed else self.stdout).write(report.line())
            for message in report.messages:
                self.stdout.write(f"    {message}")
        failed = sum(1 for r in reports if r.error or r.failed)
        self.stdout.write(f"{len(reports)} feeds polled, {sum(r.new for r in reports)} new items")
        if failed:
            raise CommandError(f"{failed} of {len(reports)} feeds had errors (see above)")
