"""Migration statistics: the indicator catalogue, the datasets values come from (each import a version),
and the observations themselves.

An observation belongs to one dataset version, so a new edition of a publication adds a version and the
older values stay queryable; readers see the current version of each dataset unless they ask for one.
Visibility is decided by the dataset (a restricted dataset hides its versions and values) and the
indicator (a restricted indicator hides its values in every dataset).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from migis.core.models import Curated, Translated, VersionedQuerySet


class Periodicity(models.TextChoices):
    ANNUAL = "A", _("annual")
    FIVE_YEARLY = "5Y", _("every five years")
    HALF_YEARLY = "S", _("half-yearly")
    QUARTERLY = "Q", _("quarterly")
    MONTHLY = "M", _("monthly")
    WEEKLY = "W", _("weekly")
    IRREGULAR = "I", _("irregular")


class Indicator(Curated):
    """A statistic with a stable code (the API identifier), its definition and where the definition is from
    (the Curated source fields). `source_codes` are the codes publishers use for it, so their files need
    no mapping."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("one value per country")
        BILATERAL = "bilateral", _("one value per origin and destination")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    definition_fr = models.TextField(_("definition (French)"), blank=True)
    definition_ar = models.TextField(_("definition (Arabic)"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COUNTRY)
    unit = models.CharField(_("unit"), max_length=60, help_text=_("persons, percent, current US$ ..."))
    # Values are stored as published times 10**scale: a count in thousands is stored in persons.
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=0)
    periodicity = models.CharField(
        _("periodicity"), max_length=2, choices=Periodicity.choices, default=Periodicity.ANNUAL
    )
    minimum = models.FloatField(_("smallest plausible value"), null=True, blank=True)
    maximum = models.FloatField(_("largest plausible value"), null=True, blank=True)
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    source_codes = models.JSONField(_("codes used by publishers"), default=list, blank=True)
    sdg_indicators = models.JSONField(_("SDG indicators"), default=list, blank=True)
    topic = models.CharField(_("topic"), max_length=40, blank=True)

    name = Translated("name")
    definition = Translated("definition")

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("indicator-detail", args=[self.code])


class Dataset(Curated):
    """A publication values are imported from (World Bank WDI, UN DESA International Migrant Stock ...)."""

    slug = models.SlugField(unique=True, max_length=100)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("generated values, labelled 'illustrative, not real'")
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("dataset")

    def __str__(self):
        return self.title


class DatasetVersion(models.Model):
    """One import of one file: its edition, fingerprint and counts. The newest version of a dataset is the
    current one; re-importing the same file finds its version by fingerprint and changes nothing."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    edition = models.CharField(_("edition"), max_length=100, blank=True)
    released = models.DateField(_("released"), null=True, blank=True)
    file_name = models.CharField(_("file"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(_("format"), max_length=40)
    observations = models.PositiveIntegerField(_("values"), default=0)
    skipped = models.JSONField(_("skipped areas"), default=dict, blank=True)
    # {indicator code: {"values", "countries", "first", "last"}}, counted once at import: list pages read
    # this, not millions of values.
    coverage = models.JSONField(_("coverage"), default=dict, blank=True)
    is_current = models.BooleanField(default=True, db_index=True)
    imported = models.DateTimeField(auto_now_add=True)
    imported_by = models.CharField(max_length=150, blank=True)

    # Bulk writes of versions and values tell the cache, as curated records do (core.cache).
    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["dataset", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="dataset_version_number"),
            models.UniqueConstraint(fields=["dataset", "sha256"], name="dataset_version_file"),
        ]

    def __str__(self):
        return f"{self.dataset} v{self.number}"


class Observation(models.Model):
    """One value: an indicator for a country (or an origin and a destination) in a period, optionally
    broken down (sex, age ...). `period_start` orders and filters periods of any frequency; `value` is
    null only for a value the publisher marked missing (flag M), empty cells are not stored."""

    version = models.ForeignKey(DatasetVersion, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    country = models.ForeignKey("geo.Country", on_delete=models.CASCADE, related_name="+")
    origin = models.ForeignKey(
        "geo.Country", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(max_length=10)
    period_start = models.DateField()
    breakdown = models.CharField(max_length=120, blank=True, default="")
    value = models.FloatField(null=True)
    flags = models.CharField(max_length=20, blank=True, default="")
    row = models.PositiveIntegerField(default=0, help_text=_("the value's place in its file, counted from 1"))

    objects = VersionedQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["indicator", "period", "version"], name="obs_map"),
            models.Index(fields=["country", "indicator", "period_start"], name="obs_country"),
            models.Index(fields=["version"], name="obs_version"),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.country_id} {self.period} = {self.value}"


class ForecastRelease(models.Model):
    """An editor's decision that the forecast of one series may be read by everyone. Until then only
    officials and above read it: a forecast is migis's estimate, not a publisher's figure."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    country = models.ForeignKey("geo.Country", on_delete=models.CASCADE, related_name="+")
    published = models.DateTimeField(auto_now_add=True)
    published_by = models.CharField(max_length=150, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "country"], name="forecast_release_once")]

    def __str__(self):
        return f"forecast of {self.indicator_id} for {self.country_id}"
