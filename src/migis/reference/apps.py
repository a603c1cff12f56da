from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "migis.reference"
    label = "reference"
