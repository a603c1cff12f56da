"""`migis serve`: the platform on waitress, a production WSGI server (no Django development server)."""

from django.core.management.base import BaseCommand

from migis.search import outbox


class Command(BaseCommand):
    help = "Serve the platform (waitress)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from migis.wsgi import application

        outbox.drain()  # index what a killed writer left pending
        self.stdout.write(f"migis is served on http://{host}:{port}/ (Ctrl+C stops it)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="migis")
