from django.core.management.base import BaseCommand, CommandError

from migis.core import tasks


class Command(BaseCommand):
    help = "Process background tasks from the Redis queue named by MIGIS_TASKS (run several for throughput)."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="stop when the queue is empty")

    def handle(self, *args, burst=False, **options):
        try:
            tasks.work(burst=burst)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
