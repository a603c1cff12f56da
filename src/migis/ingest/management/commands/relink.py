"""`migis manage relink`: find the mentions and event facts of the stored documents again."""

import time

from django.core.management.base import BaseCommand

from migis.ingest.pipeline import relink


class Command(BaseCommand):
    help = (
        "Compute the mentions and event facts of every current document again, with the names the "
        "database holds now (after new aliases, projects or a migis upgrade); then the search index follows."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        count = relink()
        self.stdout.write(f"relinked {count} documents in {time.monotonic() - started:.1f} s")
