from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "migis.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from migis.search import service

        service.connect()
