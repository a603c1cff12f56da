import datetime
from typing import Annotated, ClassVar

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from pydantic import BeforeValidator, Field

from migis.core.filters import IsoCodes, ListFilters, Slugs, iso_date
from migis.documents import mentions
from migis.documents.models import MentionedEntity

MENTIONED = ("country", "dialogue", "organisation", "project", "sdg_target")


class DocumentFilters(ListFilters):
    labels: ClassVar[dict] = {
        "type": _("Kind"), "country": _("Names the state"), "dialogue": _("Names the dialogue"),
        "organisation": _("Names the organisation"), "project": _("Project"), "sdg_target": _("SDG target"),
        "language": _("Language"), "since": _("From"), "until": _("To"), "q": _("Words in the title"),
    }  # fmt: skip
    type: str | None = Field(None, max_length=20, description="kind of document: news, report, ...")
    country: IsoCodes = Field(default_factory=list, description="mentions one of these states (ISO3)")
    dialogue: Slugs = Field(default_factory=list, description="mentions one of these dialogues (slugs)")
    organisation: Slugs = Field(default_factory=list, description="mentions one of these organisations")
    project: Slugs = Field(default_factory=list, description="mentions one of these projects (slugs)")
    sdg_target: Slugs = Field(
        default_factory=list, description="mentions one of these SDG targets, e.g. 10.7"
    )
    language: str | None = Field(None, max_length=8, description="ISO 639-1 code")
    since: Annotated[datetime.date | None, BeforeValidator(iso_date)] = Field(
        None, description="published (or ingested) on or after this day (YYYY-MM-DD)"
    )
    until: Annotated[datetime.date | None, BeforeValidator(iso_date)] = Field(
        None, description="published (or ingested) on or before this day (YYYY-MM-DD)"
    )
    q: str | None = Field(None, max_length=200, description="words in the title (full text: /api/search)")

    def conditions(self, user) -> list[Q]:
        out = []
        if self.type:
            out.append(Q(kind=self.type))
        for field in MENTIONED:
            values = getattr(self, field)
            if values:
                # Through the reader scope, as every list: a record the reader may not see matches nothing.
                refs = mentions.visible_refs(user, field, values)
                out.append(
                    Q(pk__in=MentionedEntity.objects.filter(type=field, ref__in=refs).values("document_id"))
                )
        if self.language:
            out.append(Q(language=self.language))
        if self.q:
            for word in self.q.split()[:8]:
                out.append(Q(title__icontains=word))
        if self.since:
            out.append(
                Q(published__date__gte=self.since) | Q(published__isnull=True, ingested__date__gte=self.since)
            )
        if self.until:
            out.append(
                Q(published__date__lte=self.until) | Q(published__isnull=True, ingested__date__lte=self.until)
            )
        return out
