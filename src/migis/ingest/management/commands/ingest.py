"""`migis ingest PATH...`: files or folders of text, Markdown, HTML or PDF become linked documents."""

import sys

from django.core.management.base import BaseCommand

from migis.core import tasks
from migis.documents.models import Document
from migis.ingest.pipeline import files_in, ingest_paths
from migis.ingest.tasks import ingest_file_task


class Command(BaseCommand):
    help = "Ingest files or folders (text, Markdown, HTML, PDF) as documents, with their mentions."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--kind", default=Document.Kind.OTHER, choices=Document.Kind.values)
        parser.add_argument("--visibility", default="public", choices=["public", "restricted"])

    def handle(self, *args, paths, kind, visibility, **options):
        if tasks.backend_url():  # production: one task per file, for the workers
            queued = [
                tasks.enqueue(ingest_file_task, str(path.resolve()), kind, visibility)
                for path in files_in(paths)
            ]
            self.stdout.write(f"{len(queued)} files queued for the workers")
            return
        counts: dict[str, int] = {}
        for outcome in ingest_paths(paths, kind=kind, visibility=visibility):
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
            (self.stderr if outcome.status == "failed" else self.stdout).write(outcome.line())
        self.stdout.write(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no files")
        if counts.get("failed"):
            sys.exit(1)
