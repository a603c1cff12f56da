from django.core.management.base import BaseCommand, CommandError

from migis.accounts.services import create_user
from migis.core.permissions import Role


class Command(BaseCommand):
    help = (
        "Create a user with a role (public, official, focal_point, editor, admin); prints a random password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--country", action="append", default=[], help="ISO3 code; repeat for several")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, country, email, **options):
        try:
            user, password = create_user(username, role, countries=country, email=email)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        countries = ", ".join(c.iso3 for c in user.countries.all())
        scope = f" for {countries}" if countries else ""
        if password:
            self.stdout.write(f"User {username!r} ({role}{scope}) password: {password}")
        else:
            self.stdout.write(f"User {username!r} updated to {role}{scope}; password unchanged.")
