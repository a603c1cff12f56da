from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "migis.frameworks"
    label = "frameworks"

    def ready(self):
        from migis.documents import mentions
        from migis.frameworks.models import SdgTarget

        mentions.register("sdg_target", SdgTarget, "code")
