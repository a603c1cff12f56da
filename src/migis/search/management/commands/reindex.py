import time

from django.core.management.base import BaseCommand

from migis.search import config, service
from migis.search.backends import get_backend


class Command(BaseCommand):
    help = "Rebuild the search index from the database (documents and curated records)."

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = service.reindex()
        backend = get_backend()
        for kind, n in sorted(counts.items()):
            self.stdout.write(f"{kind:14} {n}")
        self.stdout.write(
            f"indexed {sum(counts.values())} entries with the {config.backend_name()} backend "
            f"in {time.monotonic() - started:.1f} s; the index holds {backend.count()}"
        )
