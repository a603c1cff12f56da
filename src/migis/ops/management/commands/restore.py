"""`migis restore FILE`: a backup made by `migis backup` into an empty data folder (or database), then
migrated and with its search index rebuilt (see migis.ops.backup and docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError

from migis.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into an empty data folder or database; migrate; rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="a backup written by `migis backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database and data files already there (stop the server first)",
        )

    def handle(self, *args, file, force, **options):
        try:
            summary = restore(file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc) if exc.changed else f"{exc}. Nothing was restored.") from exc
        counts = summary["counts"]
        self.stdout.write(
            f"Restored {summary['file']} (made {summary['created']} by migis {summary['migis_version']}): "
            f"the {summary['vendor']} database, {sum(counts.values())} rows in {len(counts)} tables, "
            f"and {summary['data_files']} data files."
        )
        for table, n in counts.items():
            if n:
                self.stdout.write(f"  {table:40} {n:>10}")
        if summary["migrated"]:
            self.stdout.write("Migrated: " + ", ".join(summary["migrated"]))
        indexed = ", ".join(f"{n} {kind}" for kind, n in sorted(summary["reindexed"].items()))
        self.stdout.write(f"Search index rebuilt: {indexed or 'empty'}.")
