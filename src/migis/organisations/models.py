"""International organisations and the states that are members of them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migis.core.models import Curated, Translated


class Organisation(Curated):
    class Kind(models.TextChoices):
        INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental organisation")
        UN_AGENCY = "un_agency", _("UN agency")
        EU_BODY = "eu_body", _("EU body")
        REGIONAL = "regional_organisation", _("regional organisation")
        REC = "regional_economic_community", _("regional economic community")
        OTHER = "other", _("other")

    slug = models.SlugField(unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    acronyms = models.JSONField(_("acronyms in other languages"), default=dict, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    aliases = models.JSONField(_("other names by language"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    founded = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    headquarters = models.ForeignKey(
        "geo.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    headquarters_city = models.CharField(_("headquarters (city)"), max_length=100, blank=True)
    url = models.URLField(_("web site"), blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    name = Translated("name")

    class Meta:
        ordering = ["name_en"]

    def __str__(self):
        return self.acronym or self.name_en

    def get_absolute_url(self):
        return reverse("organisation-detail", kwargs={"slug": self.slug})  # in the active language

    @property
    def label(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class OrganisationMembership(Curated):
    """A state is a member of an organisation, as a source states it on a given date."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    country = models.ForeignKey(
        "geo.Country", on_delete=models.CASCADE, related_name="organisation_memberships"
    )

    class Meta:
        ordering = ["organisation", "country__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "country", "as_of"], name="uniq_org_member_as_of")
        ]

    def __str__(self):
        return f"{self.country} in {self.organisation}"
