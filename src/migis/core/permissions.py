"""Who may see what. Roles live on the user; every query goes through `visible_to` (see models)."""

from django.db import models


class Role(models.TextChoices):
    PUBLIC = "public", "public"
    OFFICIAL = "official", "official"
    FOCAL_POINT = "focal_point", "focal point"
    EDITOR = "editor", "editor"
    ADMIN = "admin", "admin"


# Roles that read restricted records.
# A signed-in user with the public role reads what anonymous visitors read.
READS_RESTRICTED = {Role.OFFICIAL, Role.FOCAL_POINT, Role.EDITOR, Role.ADMIN}


def can_see_restricted(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or getattr(user, "role", Role.PUBLIC) in READS_RESTRICTED
