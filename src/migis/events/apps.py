from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "migis.events"
    label = "events"

    def ready(self):
        from migis.documents import services as documents
        from migis.events.services import events_for_facts

        if events_for_facts not in documents.FACT_EVENTS:  # a document's dates are matched to events
            documents.FACT_EVENTS.append(events_for_facts)
