from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "migis.dialogues"
    label = "dialogues"
