from ninja import Query, Router, Schema

from migis.core.api import PageParams, list_response
from migis.core.schemas import ErrorOut, Names, OrgRef, names, paged
from migis.dialogues.services import visible_dialogues

router = Router(tags=["dialogues"])


class DialogueOut(Schema):
    slug: str
    acronym: str
    name: Names
    kind: str
    founded: int | None
    secretariat: OrgRef | None
    url: str
    website: str

    @staticmethod
    def resolve_name(obj):
        return names(obj)

    @staticmethod
    def resolve_url(obj):
        return f"/api/dialogues/{obj.slug}"

    @staticmethod
    def resolve_website(obj):
        return obj.url


@router.get(
    "/dialogues", response={200: paged(DialogueOut, "DialogueList"), 400: ErrorOut}, summary="List dialogues"
)
def list_dialogues(request, paging: Query[PageParams]):
    return list_response(request, visible_dialogues(request.user).order_by("slug"), paging)
