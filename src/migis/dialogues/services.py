from dataclasses import dataclass
from datetime import date

from migis.dialogues.models import Dialogue


def visible_dialogues(user):
    """Dialogues `user` may read, with their secretariat (None when the reader may not see it)."""
    return Dialogue.objects.visible_to(user).select_related("secretariat")


@dataclass
class MemberListStatement:
    """How complete and how recent a dialogue's member list is, as the reference files state it."""

    status: str  # complete, partial or none
    label: str  # the status in the interface language
    note: str  # in the interface language (English when not translated)
    notes: dict  # by language
    as_of: date | None


def member_list(dialogue: Dialogue) -> MemberListStatement | None:
    """The dialogue's member-list statement, or None when the files make none (a back-office dialogue)."""
    if not dialogue.member_list_status:
        return None
    return MemberListStatement(
        status=dialogue.member_list_status,
        label=str(dialogue.get_member_list_status_display()),
        note=dialogue.member_list_note,
        notes={lang: getattr(dialogue, f"member_list_note_{lang}") for lang in ("en", "fr", "ar")},
        as_of=dialogue.member_list_as_of,
    )
