from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "migis.core"
    label = "core"
