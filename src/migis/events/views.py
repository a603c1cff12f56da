from django.http import Http404
from django.shortcuts import render

from migis.core.listing import list_page
from migis.events.api import EventOut
from migis.events.filters import EventFilters
from migis.events.models import Event
from migis.events.services import visible_events
from migis.projects.filters import filter_choices


def event_list(request):
    qs = Event.objects.visible_to(request.user).select_related("country").order_by("-start_date", "title")
    extra = {**filter_choices(request.user, donors=False), "kinds": Event.Kind.choices}
    return list_page(request, "events/event_list.html", EventFilters, qs, extra, export=(EventOut, "events"))


def event_detail(request, key: str):
    event = visible_events(request.user).with_sources().filter(key=key).first()
    if event is None:
        raise Http404(f"No event {key}")
    return render(request, "events/event_detail.html", {"event": event})
