from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages that bring several domains together: the world map and its layers, the country profile
    and the dialogue page, with their API twins. It sits above the domain apps, which never import it."""

    name = "migis.portal"
    label = "portal"
