from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "migis.dialogues"
    label = "dialogues"

    def ready(self):
        from migis.dialogues.models import Dialogue
        from migis.documents import mentions

        mentions.register("dialogue", Dialogue, "slug")
