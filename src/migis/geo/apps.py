from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "migis.geo"
    label = "geo"

    def ready(self):
        from migis.documents import mentions
        from migis.geo.models import Country, Region

        mentions.register("country", Country, "iso3", upper=True)
        mentions.register("region", Region, "code")
