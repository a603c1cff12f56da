"""`migis extract FILE... --json`: the linker without the database, one JSON object per file."""

import json
import sys

from django.core.management.base import BaseCommand

from migis.ingest.language import detect_language
from migis.ingest.linking.facts import event_facts
from migis.ingest.linking.service import get_linker
from migis.ingest.readers import ReaderError, read_file


class Command(BaseCommand):
    help = "Find the states, regions, dialogues, organisations, projects and SDG targets files mention."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="one JSON object per line (the default)")
        parser.add_argument("--no-database", action="store_true", help="projects from the demo files only")

    def handle(self, *args, files, no_database=False, **options):
        linker = get_linker(use_database=not no_database)
        failed = 0
        for name in files:
            try:
                extracted = read_file(name)
            except ReaderError as exc:
                failed += 1
                self.stdout.write(json.dumps({"file": name, "error": exc.message}, ensure_ascii=False))
                self.stderr.write(str(exc))
                continue
            linked = linker.link(extracted.text)
            out = {"file": name, "language": detect_language(extracted.text), **linked.as_dict()}
            out["event_facts"] = event_facts(extracted.text, linked.mentions)
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        if failed:
            sys.exit(1)
