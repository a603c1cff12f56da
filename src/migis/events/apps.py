from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "migis.events"
    label = "events"
