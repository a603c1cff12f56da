"""Creating users with a role (and, for focal points, their countries)."""

import secrets

from django.db import transaction

from migis.accounts.models import User
from migis.accounts.roles import ensure_editor_group
from migis.core.permissions import Role
from migis.geo.models import Country

__all__ = ["create_user", "ensure_editor_group", "random_password"]


def random_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_user(username: str, role: str, countries=(), email: str = "", password: str | None = None):
    """Create (or update the role of) a user; returns (user, password or None if unchanged)."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(Role.values)}")
    codes = [c.upper() for c in countries]
    found = {c.iso3: c for c in Country.objects.filter(iso3__in=codes)}
    if missing := [c for c in codes if c not in found]:
        raise ValueError(f"unknown country code(s): {', '.join(missing)}")
    if role == Role.FOCAL_POINT and not codes:
        raise ValueError("a focal point needs at least one --country")
    user, created = User.objects.get_or_create(username=username, defaults={"email": email, "role": role})
    user.role = role
    if email:
        user.email = email
    if created or password:
        password = password or random_password()
        user.set_password(password)
    else:
        password = None
    user.save()
    user.countries.set(found.values())
    return user, password
