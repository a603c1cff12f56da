from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "migis.feeds"
    label = "feeds"
    verbose_name = _("news feeds")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from migis.feeds.net import fetch_to_file
        from migis.indicators import importing

        if fetch_to_file not in importing.FETCHERS:
            importing.FETCHERS.append(fetch_to_file)
