"""Roles become Django permissions here: editors get the content models, admins everything."""

import secrets

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from migis.core.permissions import Role

EDITORS_GROUP = "editors"
CONTENT_APPS = ["geo", "organisations", "frameworks", "dialogues", "documents", "projects", "events", "feeds"]


def ensure_editor_group() -> Group:
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=CONTENT_APPS)
    group.permissions.set(perms)
    return group


def sync_role(user) -> None:
    """Staff flags and the editors group follow the role; called whenever a user is saved."""
    is_editor = user.role in (Role.EDITOR, Role.ADMIN)
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is None and is_editor:
        group = ensure_editor_group()
    if group is not None:
        if is_editor:
            user.groups.add(group)
        else:
            user.groups.remove(group)


def random_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_user(username: str, role: str, countries=(), email: str = "", password: str | None = None):
    """Create (or update the role of) a user; returns (user, password or None if unchanged)."""
    from migis.accounts.models import User
    from migis.geo.models import Country

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
