"""`migis serve`: the platform on waitress, a production WSGI server (no Django development server)."""

import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from migis.search import outbox

DRAIN_EVERY = 5.0  # seconds between looks at the search outbox


def keep_index_in_step(stop: threading.Event) -> None:
    """Build the linker before the first upload needs it; then apply what quick drains left to a busy
    index (or a killed worker left behind) within seconds."""
    from migis.ingest.linking.service import get_linker

    get_linker()
    close_old_connections()
    while not stop.wait(DRAIN_EVERY):
        try:
            if outbox.pending():
                outbox.drain(wait=False)
        except Exception:  # noqa: BLE001 - logged; the next round tries again
            outbox.log.exception("search outbox: background drain failed")
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = "Serve the platform (waitress)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from migis.wsgi import application

        outbox.full_drain()  # index what a killed writer left pending
        stop = threading.Event()
        threading.Thread(target=keep_index_in_step, args=(stop,), daemon=True, name="search-outbox").start()
        self.stdout.write(f"migis is served on http://{host}:{port}/ (Ctrl+C stops it)")
        self.stdout.flush()
        try:
            serve(application, host=host, port=port, threads=threads, ident="migis")
        finally:
            stop.set()
