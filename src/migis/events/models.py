"""Events and meetings: conferences, senior officials' meetings, workshops, webinars, trainings."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migis.core.models import Curated


class Event(Curated):
    class Kind(models.TextChoices):
        MINISTERIAL = "ministerial_conference", _("ministerial conference")
        SOM = "senior_officials_meeting", _("senior officials' meeting")
        THEMATIC = "thematic_meeting", _("thematic meeting")
        CONFERENCE = "conference", _("conference")
        WORKSHOP = "workshop", _("workshop")
        WEBINAR = "webinar", _("webinar")
        TRAINING = "training", _("training")
        MEETING = "meeting", _("meeting")

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")

    key = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.MEETING)
    start_date = models.DateField(_("start"), db_index=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.ForeignKey(
        "geo.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="hosted_events"
    )
    online = models.BooleanField(_("online"), default=False)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    countries_count = models.PositiveIntegerField(_("countries represented"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    participant_countries = models.ManyToManyField("geo.Country", blank=True, related_name="attended_events")
    dialogue = models.ForeignKey(
        "dialogues.Dialogue", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    organisers = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="organised_events"
    )
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="events")

    class Meta:
        ordering = ["-start_date", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("event-detail", kwargs={"key": self.key})  # in the active language

    @property
    def when(self) -> str:
        if self.date_precision == self.Precision.YEAR:
            return str(self.start_date.year)
        if self.date_precision == self.Precision.MONTH:
            return self.start_date.strftime("%Y-%m")
        if self.end_date and self.end_date != self.start_date:
            return f"{self.start_date.isoformat()} – {self.end_date.isoformat()}"
        return self.start_date.isoformat()
