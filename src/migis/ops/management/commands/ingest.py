"""`migis ingest PATH|URL...`: files, folders and web addresses become linked documents.

Files and folders: text, Markdown, HTML, PDF (each refused file is named, and the others go in). A web
address: each item of an RSS/Atom feed, or one HTML page or PDF, fetched once without subscribing (run
by the operator, so any address may be fetched, loopback included)."""

from django.core.management.base import BaseCommand, CommandError

from migis.core import tasks
from migis.core.models import Visibility
from migis.documents.models import Document
from migis.feeds.services import ingest_url
from migis.ingest.paths import walk
from migis.ingest.pipeline import ingest_paths
from migis.ingest.tasks import ingest_file_task


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


class Command(BaseCommand):
    help = "Ingest files, folders (text, Markdown, HTML, PDF) or web addresses (a feed, a page) as documents."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument(
            "--kind",
            default=None,
            choices=Document.Kind.values,
            help="default: other for files and pages, news for feed items",
        )
        parser.add_argument(
            "--visibility",
            default=None,
            choices=Visibility.values,
            help="new documents are public unless this says otherwise; given, it is also applied to "
            "documents already stored with the same content",
        )

    def handle(self, *args, paths, kind, visibility, **options):
        self.counts: dict[str, int] = {}
        urls = [p for p in paths if is_url(p)]
        files = [p for p in paths if not is_url(p)]
        if files:
            self.files(files, kind or Document.Kind.OTHER, visibility)
        for url in urls:
            outcomes = ingest_url(url, kind=kind or "", visibility=visibility)
            if not outcomes:
                self.stdout.write(f"{url}: the feed has no items")
            for outcome in outcomes:
                self.report(outcome)
        self.stdout.write(
            ", ".join(f"{n} {status}" for status, n in sorted(self.counts.items())) or "nothing"
        )
        if self.counts.get("failed"):
            raise CommandError(f"{self.counts['failed']} failed (see above); the others went in")

    def files(self, files, kind, visibility):
        if tasks.backend_url():  # production: one task per file, for the workers
            queued = [
                tasks.enqueue(ingest_file_task, str(path.resolve()), kind, visibility) for path in walk(files)
            ]
            self.stdout.write(f"{len(queued)} files queued for the workers")
            return
        for outcome in ingest_paths(files, kind=kind, visibility=visibility):
            self.report(outcome)

    def report(self, outcome):
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1
        (self.stderr if outcome.status == "failed" else self.stdout).write(outcome.line())
