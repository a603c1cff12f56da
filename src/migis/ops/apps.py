from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the platform: set-up, serving, backup and restore. The top layer: it may use every app."""

    name = "migis.ops"
    label = "ops"
