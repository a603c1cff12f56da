"""Users carry a role; focal points are scoped to the countries they report for. API tokens for scripts."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from migis.accounts.roles import sync_role
from migis.core.permissions import Role


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PUBLIC)
    countries = models.ManyToManyField(
        "geo.Country",
        blank=True,
        related_name="focal_points",
        help_text=_("Countries a focal point reports for."),
    )

    def save(self, *args, **kwargs):
        # The role decides access to the back office: editors and admins are staff, admins superusers.
        if self._state.adding and self.is_superuser and self.role == Role.PUBLIC:
            self.role = Role.ADMIN  # made by Django's createsuperuser
        self.is_superuser = self.role == Role.ADMIN
        self.is_staff = self.role in (Role.EDITOR, Role.ADMIN)
        super().save(*args, **kwargs)
        sync_role(self)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its hash is stored; the raw value is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user, name: str = "") -> tuple["ApiToken", str]:
        raw = "migis_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[6:14])
        return token, raw
