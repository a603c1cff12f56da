from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "migis.ingest"
    label = "ingest"
