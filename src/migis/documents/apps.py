from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "migis.documents"
    label = "documents"
