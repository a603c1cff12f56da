from django.core.management.base import BaseCommand, CommandError

from migis.reference.loader import DataError, load


class Command(BaseCommand):
    help = (
        "Load the curated reference data (and with --demo the demo content) in one transaction, removing "
        "what the files no longer hold; prints what was added, changed and removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="also load the demo content")

    def handle(self, *args, demo=False, **options):
        try:
            report = load(demo=demo)
        except DataError as exc:
            raise CommandError(f"nothing was loaded: {exc}") from exc
        self.stdout.write(report.loaded_line())
        for line in report.lines():
            self.stdout.write(f"  {line}")
