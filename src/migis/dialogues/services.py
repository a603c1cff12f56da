from migis.dialogues.models import Dialogue


def visible_dialogues(user):
    """Dialogues `user` may read, with their secretariat (None when the reader may not see it)."""
    return Dialogue.objects.visible_to(user).select_related("secretariat")
