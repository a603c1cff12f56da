import datetime

from django.db.models import Q
from pydantic import Field

from migis.core.filters import ListFilters
from migis.documents.models import Document, Mention


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
        for field, type_ in (
            ("country", "country"),
            ("dialogue", "dialogue"),
            ("organisation", "organisation"),
            ("project", "project"),
            ("sdg_target", "sdg_target"),
        ):
            value = getattr(self, field)
            if value:
                value = value.upper() if field == "country" else value
                out.append(Q(pk__in=Mention.objects.filter(type=type_, ref=value).values("document_id")))
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

    def apply(self, queryset, user):
        # A mention filter on a record the reader may not see matches nothing, as for the other lists.
        for field, model_path, key in (
            ("country", "geo.Country", "iso3"),
            ("dialogue", "dialogues.Dialogue", "slug"),
            ("organisation", "organisations.Organisation", "slug"),
            ("project", "projects.Project", "slug"),
        ):
            value = getattr(self, field)
            if value:
                from django.apps import apps

                model = apps.get_model(model_path)
                if (
                    not model.objects.visible_to(user)
                    .filter(**{key: value.upper() if key == "iso3" else value})
                    .exists()
                ):
                    return queryset.none()
        return super().apply(queryset, user)


__all__ = ["Document", "DocumentFilters"]
