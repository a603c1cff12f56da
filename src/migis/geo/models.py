"""States and territories, and the UN M49 regions they belong to."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migis.core.models import Curated, Translated
from migis.geo.designations import designation


class Region(Curated):
    class Level(models.TextChoices):
        REGION = "region", _("region")
        SUBREGION = "subregion", _("sub-region")
        INTERMEDIATE = "intermediate", _("intermediate region")

    code = models.CharField(_("M49 code"), max_length=3, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, blank=True)

    name = Translated("name")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name_en} ({self.code})"


class Country(Curated):
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True)
    numeric = models.CharField(_("ISO 3166-1 numeric"), max_length=3, blank=True, db_index=True)
    name_en = models.CharField(_("name (English)"), max_length=150)
    name_fr = models.CharField(_("name (French)"), max_length=150, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150, blank=True)
    official_name_en = models.CharField(_("official name (English)"), max_length=200, blank=True)
    official_name_fr = models.CharField(_("official name (French)"), max_length=200, blank=True)
    official_name_ar = models.CharField(_("official name (Arabic)"), max_length=200, blank=True)
    aliases = models.JSONField(_("other names by language"), default=dict, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subregion = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    intermediate_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    un_member = models.BooleanField(_("UN member state"), default=False)

    name = Translated("name")
    official_name = Translated("official_name")

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("country-detail", kwargs={"iso3": self.iso3})  # in the active language

    @property
    def designation(self):
        """The footnote institutions write this name with (Kosovo*), or None."""
        return designation(self.iso3)

    @property
    def label(self) -> str:
        """The name as pages show it: with its designation marker, if any."""
        note = self.designation
        return f"{self.name}{note.marker}" if note else str(self.name)

    @property
    def region_codes(self) -> list[str]:
        return [r.code for r in (self.region, self.subregion, self.intermediate_region) if r]
