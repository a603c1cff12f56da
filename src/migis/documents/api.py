from django.http import Http404
from ninja import Query, Router, Schema

from migis.core.api import list_response
from migis.core.schemas import ErrorOut, paged
from migis.documents.filters import DocumentFilters
from migis.documents.services import newest_first, visible_documents

router = Router(tags=["documents"])


class DocumentOut(Schema):
    key: str
    title: str
    kind: str
    language: str
    published: str | None
    year: int | None
    url: str
    version: int
    visibility: str
    api_url: str


class MentionOut(Schema):
    type: str
    id: str
    text: str
    start: int
    end: int


class DocumentDetailOut(DocumentOut):
    text: str
    mentions: list[MentionOut]
    facts: list[dict]
    summary: str


def document_out(d) -> dict:
    return {
        "key": d.key,
        "title": d.title,
        "kind": d.kind,
        "language": d.language,
        "published": d.published.isoformat() if d.published else None,
        "year": d.year,
        "url": d.url,
        "version": d.version,
        "visibility": d.visibility,
        "api_url": f"/api/documents/{d.key}",
    }


@router.get(
    "/documents", response={200: paged(DocumentOut, "DocumentList"), 400: ErrorOut}, summary="List documents"
)
def list_documents(request, filters: Query[DocumentFilters], page: int = 1, page_size: int = 25):
    qs = filters.apply(visible_documents(request.user).defer("text"), request.user).order_by(*newest_first())
    return list_response(request, qs, document_out, page, page_size)


@router.get(
    "/documents/{key}",
    response={200: DocumentDetailOut, 404: ErrorOut},
    summary="A document and its mentions",
)
def get_document(request, key: str):
    from migis.documents.models import Document

    document = Document.objects.visible_to(request.user).filter(key=key).first()
    if document is None:
        raise Http404(f"No document {key!r}.")
    mentions = [
        {"type": m.type, "id": m.ref, "text": m.text, "start": m.start, "end": m.end}
        for m in document.mentions.all()
    ]
    return {
        **document_out(document),
        "text": document.text,
        "summary": document.summary,
        "mentions": mentions,
        "facts": document.facts or [],
    }
