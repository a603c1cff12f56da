import datetime
from typing import Annotated

from django.db.models import Q
from pydantic import BeforeValidator, Field

from migis.core.filters import ListFilters, iso_date
from migis.documents import mentions
from migis.documents.models import MentionedEntity

MENTIONED = ("country", "dialogue", "organisation", "project", "sdg_target")


class DocumentFilters(ListFilters):
    type: str | None = Field(None, max_length=20, description="kind of document: news, report, ...")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{3}$", description="mentions this state (ISO3)")
    dialogue: str | None = Field(None, max_length=80, description="mentions this dialogue (slug)")
    organisation: str | None = Field(None, max_length=80, description="mentions this organisation (slug)")
    project: str | None = Field(None, max_length=120, description="mentions this project (slug)")
    sdg_target: str | None = Field(None, max_length=8, description="mentions this SDG target, e.g. 10.7")
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
            value = getattr(self, field)
            if value:
                # Through the reader scope, as every list: a record the reader may not see matches nothing.
                refs = mentions.visible_refs(user, field, [value])
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
