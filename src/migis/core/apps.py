from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    name = "migis.core"
    label = "core"

    def ready(self):
        from migis.core import cache, scope

        cache.connect()
        # Every model and reverse accessor exists now: relations to curated records learn the reader scope.
        scope.install(apps.get_models())
