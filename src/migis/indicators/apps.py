from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "migis.indicators"
    verbose_name = "statistics"
