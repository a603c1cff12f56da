"""`migis backup FILE`: the database, taken consistently while the server runs, and the data files, in
one private tar.gz (see migis.ops.backup and docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError

from migis.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the data files into one file (while the server runs)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the backup file to write (.tar.gz)")
        parser.add_argument("--force", action="store_true", help="replace FILE if it exists")

    def handle(self, *args, file, force, **options):
        try:
            summary = backup(file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(summary["counts"].values())
        self.stdout.write(
            f"Backed up the {summary['vendor']} database ({len(summary['counts'])} tables, {rows} rows) "
            f"and {summary['data_files']} data files to {summary['file']} ({summary['bytes']:,} bytes)."
        )
        if options["verbosity"] > 1:
            for table, n in summary["counts"].items():
                self.stdout.write(f"  {table:40} {n:>10}")
