"""Roles become Django permissions here: editors get the content models, admins everything."""

from django.contrib.auth.models import Group, Permission

from migis.core.permissions import Role

EDITORS_GROUP = "editors"
CONTENT_APPS = [
    "geo",
    "organisations",
    "frameworks",
    "dialogues",
    "documents",
    "projects",
    "events",
    "feeds",
    "indicators",
]


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
