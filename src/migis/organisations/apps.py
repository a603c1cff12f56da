from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "migis.organisations"
    label = "organisations"

    def ready(self):
        from migis.documents import mentions
        from migis.organisations.models import Organisation

        mentions.register("organisation", Organisation, "slug")
