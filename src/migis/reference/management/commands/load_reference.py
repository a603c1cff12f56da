from django.core.management.base import BaseCommand, CommandError

from migis.reference.loader import DataError, load


class Command(BaseCommand):
    help = "Load the curated reference data (and with --demo the demo content) in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="also load the demo content")

    def handle(self, *args, demo=False, **options):
        try:
            counts = load(demo=demo)
        except DataError as exc:
            raise CommandError(f"nothing was loaded: {exc}") from exc
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        self.stdout.write(f"Loaded {summary}.")
