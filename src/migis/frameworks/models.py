"""Policy frameworks records are mapped to: thematic areas, SDG goals and targets, GCM objectives."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from migis.core.models import Curated, Translated


class Theme(Curated):
    slug = models.SlugField(unique=True)
    name_en = models.CharField(_("name (English)"), max_length=150)
    name_fr = models.CharField(_("name (French)"), max_length=150, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150, blank=True)
    keywords = models.JSONField(_("keywords by language"), default=dict, blank=True)

    name = Translated("name")

    class Meta:
        ordering = ["name_en"]

    def __str__(self):
        return self.name_en


class SdgGoal(Curated):
    number = models.PositiveSmallIntegerField(unique=True)
    short_en = models.CharField(max_length=150)
    short_fr = models.CharField(max_length=150, blank=True)
    short_ar = models.CharField(max_length=150, blank=True)
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300, blank=True)
    title_ar = models.CharField(max_length=300, blank=True)

    short = Translated("short")
    title = Translated("title")

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")

    def __str__(self):
        return f"SDG {self.number}: {self.short_en}"


class SdgTarget(Curated):
    code = models.CharField(max_length=8, unique=True)
    goal = models.ForeignKey(SdgGoal, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(default=0)
    text_en = models.TextField()
    text_fr = models.TextField(blank=True)
    text_ar = models.TextField(blank=True)

    text = Translated("text")

    class Meta:
        ordering = ["goal__number", "position"]
        verbose_name = _("SDG target")

    def __str__(self):
        return f"Target {self.code}"


class GcmObjective(Curated):
    number = models.PositiveSmallIntegerField(unique=True)
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300, blank=True)
    title_ar = models.CharField(max_length=300, blank=True)

    title = Translated("title")

    class Meta:
        ordering = ["number"]
        verbose_name = _("GCM objective")

    def __str__(self):
        return f"GCM objective {self.number}"
