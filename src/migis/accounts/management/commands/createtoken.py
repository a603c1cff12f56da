from django.core.management.base import BaseCommand, CommandError

from migis.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue an API token for a user; the token is printed once and only its hash is stored."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        _, raw = ApiToken.issue(user, name)
        self.stdout.write(f"API token for {username} ({user.role}): {raw}")
