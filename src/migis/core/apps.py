from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "migis.core"
    label = "core"

    def ready(self):
        from migis.core import cache

        cache.connect()
