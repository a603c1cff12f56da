"""`migis ingest URL`: ingest a feed (each item) or a page once, without subscribing to it.

Run by the operator, so any address may be fetched, loopback included."""

from django.core.management.base import BaseCommand, CommandError

from migis.core.models import Visibility
from migis.documents.models import Document
from migis.feeds.services import ingest_url


class Command(BaseCommand):
    help = "Ingest what a web address serves: each item of an RSS/Atom feed, or one HTML page or PDF."

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+")
        parser.add_argument(
            "--kind",
            default="",
            choices=["", *Document.Kind.values],
            help="default: news for feed items, other for a page",
        )
        parser.add_argument("--visibility", default=Visibility.PUBLIC, choices=Visibility.values)

    def handle(self, *args, urls, kind, visibility, **options):
        counts: dict[str, int] = {}
        for url in urls:
            outcomes = ingest_url(url, kind=kind, visibility=visibility)
            if not outcomes:
                self.stdout.write(f"{url}: the feed has no items")
            for outcome in outcomes:
                counts[outcome.status] = counts.get(outcome.status, 0) + 1
                (self.stderr if outcome.status == "failed" else self.stdout).write(outcome.line())
        self.stdout.write(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing")
        if counts.get("failed"):
            raise CommandError(f"{counts['failed']} failed (see above)")
