from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "migis.ingest"
    label = "ingest"

    def ready(self):
        from migis.ingest.linking import service

        service.connect()
