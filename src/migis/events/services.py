from django.db.models import Prefetch

from migis.events.models import Event
from migis.frameworks.models import Theme
from migis.geo.models import Country
from migis.organisations.models import Organisation


def visible_events(user):
    """Events `user` may read, related records prefetched; the dialogue and project foreign keys are
    joined and must be checked with core.models.visible_or_none before they are shown."""
    return (
        Event.objects.visible_to(user)
        .select_related("country", "dialogue", "project")
        .prefetch_related(
            Prefetch("participant_countries", queryset=Country.objects.visible_to(user)),
            Prefetch("organisers", queryset=Organisation.objects.visible_to(user)),
            Prefetch("themes", queryset=Theme.objects.visible_to(user)),
        )
    )
