from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "migis.feeds"
    label = "feeds"
    verbose_name = _("news feeds")
    default_auto_field = "django.db.models.BigAutoField"
