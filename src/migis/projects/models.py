"""Projects and programmes, tied to regions, states, themes, donors and dialogues."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migis.core.models import Curated


class Project(Curated):
    slug = models.SlugField(max_length=120, unique=True)
    acronym = models.CharField(_("acronym"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=400)
    region_label = models.CharField(_("region as stated by the source"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True, db_index=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True, db_index=True)
    notes = models.TextField(_("notes"), blank=True)
    regions = models.ManyToManyField("geo.Region", blank=True, related_name="projects")
    countries = models.ManyToManyField("geo.Country", blank=True, related_name="projects")
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="projects")
    donors = models.ManyToManyField("organisations.Organisation", blank=True, related_name="funded_projects")
    implementers = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="implemented_projects"
    )
    dialogues = models.ManyToManyField("dialogues.Dialogue", blank=True, related_name="projects")
    sdg_targets = models.ManyToManyField("frameworks.SdgTarget", blank=True, related_name="projects")

    class Meta:
        ordering = ["acronym", "title"]

    def __str__(self):
        return f"{self.acronym}: {self.title}" if self.acronym else self.title

    def get_absolute_url(self):
        return reverse("project-detail", kwargs={"slug": self.slug})  # in the active language

    @property
    def period(self) -> str:
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")
