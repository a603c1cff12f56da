from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "migis.frameworks"
    label = "frameworks"
