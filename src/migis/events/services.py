from migis.events.models import Event

RELATED = ("participant_countries", "organisers", "themes")


def visible_events(user):
    """Events `user` may read, with their related records; the reader scope blanks a hidden host country,
    dialogue or project and leaves hidden records out of the prefetched lists."""
    return (
        Event.objects.visible_to(user)
        .select_related("country", "dialogue", "project")
        .prefetch_related(*RELATED)
    )
