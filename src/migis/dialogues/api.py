import datetime

from ninja import Query, Router, Schema

from migis.core.api import PageParams, list_response
from migis.core.schemas import ErrorOut, Names, OrgRef, names, paged
from migis.dialogues.services import member_list, visible_dialogues

router = Router(tags=["dialogues"])


class MemberListOut(Schema):
    """How complete and how recent the dialogue's member list is."""

    status: str  # complete, partial or none
    note: Names  # what is missing, or why there is no list
    as_of: datetime.date | None  # the date its member groups are true for

    @staticmethod
    def resolve_note(obj):
        return obj.notes


class DialogueOut(Schema):
    slug: str
    acronym: str
    name: Names
    kind: str
    founded: int | None
    secretariat: OrgRef | None
    url: str
    website: str
    member_list: MemberListOut | None

    @staticmethod
    def resolve_name(obj):
        return names(obj)

    @staticmethod
    def resolve_url(obj):
        return f"/api/dialogues/{obj.slug}"

    @staticmethod
    def resolve_website(obj):
        return obj.url

    @staticmethod
    def resolve_member_list(obj):
        return member_list(obj)


@router.get(
    "/dialogues", response={200: paged(DialogueOut, "DialogueList"), 400: ErrorOut}, summary="List dialogues"
)
def list_dialogues(request, paging: Query[PageParams]):
    return list_response(request, visible_dialogues(request.user).order_by("slug"), paging, DialogueOut)
