"""Migration dialogues, the states taking part in them by role, their chairs and adopted texts."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migis.core.models import Curated, Translated


class Dialogue(Curated):
    class MemberList(models.TextChoices):
        """How complete the dialogue's member list is, as the reference files state it."""

        COMPLETE = "complete", _("complete")
        PARTIAL = "partial", _("partial")
        NONE = "none", _("none")

    class Kind(models.TextChoices):
        RCP = "regional_consultative_process", _("regional consultative process")
        INTERREGIONAL = "interregional_forum", _("interregional forum")
        GLOBAL = "global_process", _("global process")
        PARTNERSHIP = "partnership", _("partnership")

    slug = models.SlugField(unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    aliases = models.JSONField(_("other names by language"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, blank=True)
    founded = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    secretariat = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.URLField(_("web site"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    # How complete and how recent the member list is: a status, a note (why there is none, what is
    # missing) and the latest date the member groups are true for.
    member_list_status = models.CharField(
        _("member list"), max_length=10, choices=MemberList.choices, blank=True
    )
    member_list_note_en = models.TextField(_("member list note (English)"), blank=True)
    member_list_note_fr = models.TextField(_("member list note (French)"), blank=True)
    member_list_note_ar = models.TextField(_("member list note (Arabic)"), blank=True)
    member_list_as_of = models.DateField(_("member list as of"), null=True, blank=True)

    name = Translated("name")
    description = Translated("description")
    member_list_note = Translated("member_list_note")

    class Meta:
        ordering = ["name_en"]

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("dialogue-detail", kwargs={"slug": self.slug})  # in the active language


class Role(models.TextChoices):
    """Ordered from weakest to strongest: a state with several roles is shown by its strongest."""

    OBSERVER = "observer", _("observer")
    PARTICIPATING = "participating", _("participating")
    STEERING_COMMITTEE = "steering_committee", _("steering committee")
    CHAIR = "chair", _("chair")


ROLE_RANK = {role.value: rank for rank, role in enumerate(Role)}


class Membership(Curated):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="memberships")
    country = models.ForeignKey("geo.Country", on_delete=models.CASCADE, related_name="dialogue_memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPATING)
    since = models.PositiveSmallIntegerField(_("since"), null=True, blank=True)
    until = models.PositiveSmallIntegerField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["dialogue", "country__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "country", "role"], name="uniq_dialogue_country_role")
        ]

    def __str__(self):
        return f"{self.country} in {self.dialogue} ({self.role})"


class OrganisationParticipation(Curated):
    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="organisation_participations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="dialogue_participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPATING)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "organisation", "role"], name="uniq_dialogue_org_role"
            )
        ]


class Chairmanship(Curated):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="chairmanships")
    country = models.ForeignKey(
        "geo.Country", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    start = models.PositiveSmallIntegerField(_("from"))
    end = models.PositiveSmallIntegerField(_("to"), null=True, blank=True)
    # Chairs alongside another chair (Hungary as co-chair of the Budapest Process): their terms may overlap.
    co_chair = models.BooleanField(_("co-chair"), default=False)

    class Meta:
        ordering = ["dialogue", "-start"]

    def __str__(self):
        return f"{self.country or self.organisation} chairs {self.dialogue} from {self.start}"

    @property
    def holder(self):
        return self.country or self.organisation


class Declaration(Curated):
    """An action plan, declaration or work programme a dialogue adopted."""

    class Kind(models.TextChoices):
        ACTION_PLAN = "action_plan", _("action plan")
        DECLARATION = "declaration", _("declaration")
        WORK_PLAN = "work_plan", _("work plan")
        PROGRAMME = "programme", _("programme")
        OTHER = "other", _("other")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="declarations")
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    year = models.PositiveSmallIntegerField(_("year adopted"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=150, blank=True)
    country = models.ForeignKey(
        "geo.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period_start = models.PositiveSmallIntegerField(null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["dialogue", "-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "title"], name="uniq_dialogue_declaration")
        ]

    def __str__(self):
        return self.title


class DialogueFact(Curated):
    """A dated statement about a dialogue, as a source states it."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="facts")
    text = models.TextField(_("statement"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        ordering = ["dialogue", "-year"]

    def __str__(self):
        return self.text[:80]
