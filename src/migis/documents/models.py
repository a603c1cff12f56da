"""Documents: reports, contributions and news the platform holds, with their full text."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migis.core.models import Curated, VersionedQuerySet
from migis.documents.render import outline


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
    # Characters of `text`: long texts are shown in parts, each read from the database on its own.
    length = models.PositiveIntegerField(_("length in characters"), default=0)
    # Where it came from: a file path or a web address. A changed file becomes a new version; the old
    # one is kept, no longer current.
    origin = models.CharField(_("origin"), max_length=1000, blank=True, db_index=True)
    url = models.URLField(_("web address"), max_length=1000, blank=True)
    published = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    ingested = models.DateTimeField(_("ingested"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_version"
    )
    is_current = models.BooleanField(default=True, db_index=True)
    # Event facts stated in the text (dates, place, participants, countries), found with the mentions:
    # a list of dicts as migis.ingest.linking.facts.event_facts returns them.
    facts = models.JSONField(_("event facts"), default=list, blank=True)
    # Headings of the text, [{"level", "text", "start"}] as migis.documents.render.outline makes them, kept
    # so that a table of contents never reads the whole text.
    outline = models.JSONField(_("headings"), default=list, blank=True)
    # The file the text was read from, kept under the data folder (documents.originals), if any.
    original = models.CharField(_("stored original"), max_length=200, blank=True)
    original_size = models.PositiveBigIntegerField(_("size of the original in bytes"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            # The same content is stored once (ingestion answers "unchanged"), even with two writers.
            models.UniqueConstraint(fields=["sha256"], condition=~Q(sha256=""), name="document_content_once")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("document-detail", kwargs={"key": self.key})  # in the active language

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        writes_text = fields is None or "text" in fields
        if writes_text and "text" not in self.get_deferred_fields():
            # Every writer of the text keeps its length and headings in step; a save of other fields (a
            # visibility, a stored original) does not read a long text again.
            self.length = len(self.text)
            self.outline = outline(self.text)
            if fields is not None:
                kwargs["update_fields"] = {*fields, "length", "outline"}
        super().save(*args, **kwargs)


class MentionType(models.TextChoices):
    COUNTRY = "country", _("state")
    REGION = "region", _("region")
    DIALOGUE = "dialogue", _("dialogue")
    ORGANISATION = "organisation", _("organisation")
    PROJECT = "project", _("project")
    SDG_TARGET = "sdg_target", _("SDG target")


class Mention(models.Model):
    """A place in a document's text that names a state, region, dialogue, organisation, project or SDG
    target. `ref` is the natural key of what it names: ISO3 code, M49 code, slug or target code. Only
    the first places of each record are kept (see ingest.pipeline); MentionedEntity holds the totals."""

    Type = MentionType

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="mentions")
    type = models.CharField(max_length=20, choices=Type.choices)
    ref = models.CharField(max_length=120)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=400)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["document", "start"]
        indexes = [
            models.Index(fields=["type", "ref", "document"], name="mention_target_idx"),
            models.Index(fields=["document", "start"], name="mention_position_idx"),
        ]

    def __str__(self):
        return f"{self.type} {self.ref} at {self.start} in {self.document_id}"


class MentionedEntity(models.Model):
    """One record a document mentions, once per document: how often, and the passage around its first
    mention. Lists of "documents that mention" a record read these rows, never the documents' text."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="entities")
    type = models.CharField(max_length=20, choices=MentionType.choices)
    ref = models.CharField(max_length=120)
    count = models.PositiveIntegerField(default=1)
    first_start = models.PositiveIntegerField(default=0)
    passage = models.CharField(max_length=400, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["document", "type", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["document", "type", "ref"], name="mentioned_entity_once")
        ]
        indexes = [models.Index(fields=["type", "ref"], name="mentioned_entity_target_idx")]

    def __str__(self):
        return f"{self.type} {self.ref} ({self.count}x) in {self.document_id}"
