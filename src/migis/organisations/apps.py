from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "migis.organisations"
    label = "organisations"
