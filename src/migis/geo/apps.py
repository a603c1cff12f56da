from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "migis.geo"
    label = "geo"
