import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

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


def events_for_facts(who, document, facts: list[dict]) -> dict[int, dict]:
    """For each date stated in a document: the recorded event it belongs to (dates that overlap, held
    where the text says or in a state it names), else, for a reader who may add events, the address of
    the back office's form filled with what the text states. One query for all the dates."""
    dates = {}
    for i, fact in enumerate(facts):
        if fact.get("type") == "date":
            try:
                dates[i] = (
                    datetime.date.fromisoformat(fact["from"]),
                    datetime.date.fromisoformat(fact["to"]),
                )
            except (KeyError, TypeError, ValueError):
                continue
    if not dates:
        return {}
    places = {f["place"].casefold() for f in facts if f.get("type") == "place" and f.get("place")}
    states = {f["country"] for f in facts if f.get("country")}
    states |= set(document.entities.filter(type="country").values_list("ref", flat=True))
    low, high = min(d[0] for d in dates.values()), max(d[1] for d in dates.values())
    candidates = list(
        Event.objects.visible_to(who)
        .filter(start_date__lte=high)
        .filter(Q(end_date__gte=low) | Q(end_date__isnull=True, start_date__gte=low))
        .select_related("country")
        .order_by("start_date")[:200]
    )
    may_add = getattr(who, "has_perm", None) and who.has_perm("events.add_event")
    out: dict[int, dict] = {}
    for i, (first, last) in dates.items():
        match = next(
            (
                e
                for e in candidates
                if e.start_date <= last
                and (e.end_date or e.start_date) >= first
                and (e.city.casefold() in places or (e.country is not None and e.country.iso3 in states))
            ),
            None,
        )
        if match is not None:
            out[i] = {"event": {"title": match.title, "url": match.get_absolute_url()}}
        elif may_add:
            place = next((f for f in facts if f.get("type") == "place" and f.get("place")), {})
            initial = {
                "title": document.title,
                "start_date": first.isoformat(),
                "end_date": last.isoformat() if last != first else "",
                "city": place.get("place", ""),
                "source_document": document.pk,
                "source_passage": facts[i].get("text", ""),
            }
            query = urlencode({k: v for k, v in initial.items() if v})
            out[i] = {"add_url": f"{reverse('admin:events_event_add')}?{query}"}
    return out
