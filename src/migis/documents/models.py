"""Documents: reports, contributions and news the platform holds, with their full text."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from migis.core.models import Curated


class Document(Curated):
    class Kind(models.TextChoices):
        REPORT = "report", _("report")
        CONTRIBUTION = "contribution", _("contribution")
        NEWS = "news", _("news")
        DECLARATION = "declaration", _("declaration")
        ACTION_PLAN = "action_plan", _("action plan")
        OTHER = "other", _("other")

    key = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    publisher = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    summary = models.TextField(_("summary"), blank=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    text = models.TextField(_("full text"), blank=True)

    class Meta:
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"/documents/{self.key}/"
