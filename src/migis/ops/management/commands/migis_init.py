"""`migis init [--demo]`: migrate, load reference data (and demo content), collect static files."""

import stat

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from migis.accounts.models import User
from migis.accounts.services import create_user, ensure_editor_group
from migis.core.permissions import Role
from migis.reference.loader import DataError, load

# One demo account per role. Passwords are random, made on first init and kept in the data folder.
DEMO_ACCOUNTS = [
    ("demo-official", Role.OFFICIAL, []),
    ("demo-focal-point", Role.FOCAL_POINT, ["MLT"]),
    ("demo-editor", Role.EDITOR, []),
    ("demo-admin", Role.ADMIN, []),
    ("demo-public", Role.PUBLIC, []),
]


class Command(BaseCommand):
    help = "Prepare the database: migrations, reference data, demo content and demo accounts. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="load the demo content and demo accounts")
        parser.add_argument("--no-static", action="store_true", help="skip collecting static files")

    def handle(self, *args, demo=False, no_static=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        ensure_editor_group()
        try:
            report = load(demo=demo)
        except DataError as exc:
            raise CommandError(f"nothing was loaded: {exc}") from exc
        self.stdout.write(report.loaded_line())
        for line in report.lines():
            self.stdout.write(f"  {line}")
        from migis.ingest.pipeline import link_unlinked

        if demo:
            from migis.indicators import demo as statistics

            if (imported := statistics.load()) is not None and imported.status == "imported":
                self.stdout.write(
                    f"Generated {imported.written} illustrative statistics (labelled as not real)."
                )
        if linked := link_unlinked():
            self.stdout.write(f"Linked the mentions of {linked} documents.")
        call_command("reindex", stdout=self.stdout)
        if not no_static:
            call_command("collectstatic", interactive=False, verbosity=0)
        if demo:
            self._demo_accounts()

    def _demo_accounts(self):
        path = settings.DATA_DIR / "demo-accounts.txt"
        lines = path.read_text().splitlines() if path.exists() else []
        known = {line.split()[0] for line in lines if line.strip()}
        for username, role, countries in DEMO_ACCOUNTS:
            if username in known and User.objects.filter(username=username).exists():
                continue
            _, password = create_user(username, role, countries=countries, password=None)
            if password is None:  # the account existed without a recorded password: give it a new one
                user = User.objects.get(username=username)
                from migis.accounts.services import random_password

                password = random_password()
                user.set_password(password)
                user.save()
            lines = [line for line in lines if line.split()[:1] != [username]]
            lines.append(f"{username} {password} {role}")
        path.write_text("\n".join(lines) + "\n")
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
        self.stdout.write(f"Demo accounts (username password role), kept in {path}:")
        for line in lines:
            self.stdout.write("  " + line)
