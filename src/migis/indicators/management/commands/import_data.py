"""`migis import-data FILE|URL`: import a statistics file (see indicators.importing)."""

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from migis.indicators import importing
from migis.indicators.readers import READERS, load_all


class Command(BaseCommand):
    help = "Import statistics from a file or an address: tidy CSV/Excel, World Bank, UN DESA, UNHCR, SDMX"

    def add_arguments(self, parser):
        load_all()
        parser.add_argument("source", help="a file, or an http(s) address to fetch it from")
        parser.add_argument("--indicator", help="the indicator code every value of the file is for")
        parser.add_argument("--structure", help="the SDMX structure message the data message follows")
        parser.add_argument("--dataset", help="the dataset's slug (default: from the file's own title)")
        parser.add_argument(
            "--format", choices=[r.name for r in READERS], help="the layout (default: detected)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--only-clean", action="store_true", help="import the clean values and list the others"
        )

    def handle(self, *args, **opts):
        source = opts["source"]
        try:
            if urlsplit(source).scheme in ("http", "https"):
                with tempfile.TemporaryDirectory() as folder:
                    path = importing.download(source, Path(folder))
                    report = self._import(path, opts, url=source)
            else:
                report = self._import(Path(source), opts)
        except importing.ImportError_ as e:
            raise CommandError(str(e)) from e
        self.stdout.write(report.summary())
        if report.status == "refused":
            raise CommandError(f"{report.file}: nothing was imported ({report.problem_count} problem(s))")

    def _import(self, path: Path, opts, url: str = ""):
        return importing.import_data(
            path,
            indicator=opts["indicator"],
            structure=opts["structure"],
            dataset=opts["dataset"],
            fmt=opts["format"],
            dry_run=opts["dry_run"],
            only_clean=opts["only_clean"],
            user="command line",
            url=url,
        )
