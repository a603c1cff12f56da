import datetime

from django.db.models import Q
from pydantic import Field

from migis.core.filters import ListFilters, visible
from migis.dialogues.models import Dialogue
from migis.documents.models import Mention
from migis.geo.models import Country
from migis.organisations.models import Organisation
from migis.projects.models import Project

# Filter field (also the mention type), the model it names (None: nothing to hide), its natural key.
MENTIONED = [
    ("country", Country, "iso3"),
    ("dialogue", Dialogue, "slug"),
    ("organisation", Organisation, "slug"),
    ("project", Project, "slug"),
    ("sdg_target", None, "code"),
]


class DocumentFilters(ListFilters):
    type: str | None = Field(None, max_length=20, description="kind of document: news, report, ...")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{3}$", description="mentions this state (ISO3)")
    dialogue: str | None = Field(None, max_length=80, description="mentions this dialogue (slug)")
    organisation: str | None = Field(None, max_length=80, description="mentions this organisation (slug)")
    project: str | None = Field(None, max_length=120, description="mentions this project (slug)")
    sdg_target: str | None = Field(None, max_length=8, description="mentions this SDG target, e.g. 10.7")
    language: str | None = Field(None, max_length=8, description="ISO 639-1 code")
    since: datetime.date | None = Field(None, description="published (or ingested) on or after")
    until: datetime.date | None = Field(None, description="published (or ingested) on or before")

    def conditions(self, user) -> list[Q]:
        out = []
        if self.type:
            out.append(Q(kind=self.type))
        for field, model, key in MENTIONED:
            value = getattr(self, field)
            if not value:
                continue
            value = value.upper() if key == "iso3" else value
            # Through visible_to, as the other lists: a record the reader may not see matches nothing.
            refs = visible(model, user, **{key: value}).values(key) if model else [value]
            out.append(Q(pk__in=Mention.objects.filter(type=field, ref__in=refs).values("document_id")))
        if self.language:
            out.append(Q(language=self.language))
        if self.since:
            out.append(
                Q(published__date__gte=self.since) | Q(published__isnull=True, ingested__date__gte=self.since)
            )
        if self.until:
            out.append(
                Q(published__date__lte=self.until) | Q(published__isnull=True, ingested__date__lte=self.until)
            )
        return out
