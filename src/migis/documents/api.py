import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema

from migis.core.api import PageParams, list_response
from migis.core.schemas import ErrorOut, paged
from migis.documents import services
from migis.documents.filters import DocumentFilters
from migis.documents.models import Document

router = Router(tags=["documents"])


class DocumentOut(Schema):
    key: str
    title: str
    kind: str
    language: str
    published: datetime.datetime | None
    year: int | None
    url: str
    version: int
    visibility: str
    api_url: str

    @staticmethod
    def resolve_api_url(obj):
        return f"/api/documents/{obj.key}"


class MentionOut(Schema):
    type: str
    id: str | None = Field(description="natural key of the record; null when the reader may not see it")
    text: str
    start: int
    end: int


class EntityOut(Schema):
    type: str
    id: str | None = Field(description="natural key of the record; null when the reader may not see it")
    text: str
    count: int = Field(description="how often the document names it (the marked mentions are the first)")


class DocumentDetailOut(DocumentOut):
    summary: str
    length: int = Field(description="characters of the whole text")
    part: int = Field(description="the part of the text given here (long texts come in parts)")
    parts: int
    text: str = Field(description="this part of the text")
    text_start: int = Field(
        description="offset of this part in the whole text (mentions use whole-text offsets)"
    )
    mentions: list[MentionOut] = Field(description="the marked mentions inside this part")
    entities: list[EntityOut] = Field(description="every record the document names, most named first")
    facts: list[dict]

    @staticmethod
    def resolve_mentions(obj):
        return obj.mentions_shown

    @staticmethod
    def resolve_entities(obj):
        return obj.entities_shown


class PartParams(Schema):
    part: int = Field(1, ge=1, description="which part of a long text (1 by default)")


@router.get(
    "/documents", response={200: paged(DocumentOut, "DocumentList"), 400: ErrorOut}, summary="List documents"
)
def list_documents(request, filters: Query[DocumentFilters], paging: Query[PageParams]):
    qs = services.visible_documents(request.user).defer("text")
    qs = filters.apply(qs, request.user).order_by(*services.newest_first())
    return list_response(request, qs, paging, DocumentOut, sources=False)


@router.get(
    "/documents/{key}",
    response={200: DocumentDetailOut, 400: ErrorOut, 404: ErrorOut},
    summary="A document, one part of its text, and what it mentions",
)
def get_document(request, key: str, query: Query[PartParams]):
    document = Document.objects.visible_to(request.user).defer("text").filter(key=key).first()
    if document is None:
        raise Http404(f"No document {key!r}.")
    part = services.text_part(document, query.part)
    if part.number != query.part:
        raise Http404(f"The document has {part.count} parts; there is no part {query.part}.")
    document.part, document.parts, document.text_start = part.number, part.count, part.start
    document.text = part.text
    document.mentions_shown = services.part_mentions(document, part, request.user)
    document.entities_shown = services.mention_totals(document, request.user)
    document.facts = services.visible_facts(document, request.user)
    return document
