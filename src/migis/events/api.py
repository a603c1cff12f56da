from django.http import Http404
from ninja import Query, Router, Schema

from migis.core.api import list_response
from migis.core.models import visible_or_none
from migis.core.schemas import ErrorOut, SourceOut, paged
from migis.core.serialize import country_ref, dialogue_ref, org_ref, source
from migis.events.filters import EventFilters
from migis.events.services import visible_events

router = Router(tags=["events"])


class EventOut(Schema):
    key: str
    title: str
    kind: str
    start_date: str
    end_date: str | None
    date_precision: str
    city: str
    country: dict | None
    online: bool
    participants: int | None
    countries_count: int | None
    participant_countries: list[dict]
    dialogue: dict | None
    project: str | None
    organisers: list[dict]
    themes: list[str]
    visibility: str
    url: str


class EventDetailOut(EventOut):
    description: str
    source: SourceOut | None


def event_out(e, user) -> dict:
    dialogue = visible_or_none(e.dialogue, user) if e.dialogue_id else None
    project = visible_or_none(e.project, user) if e.project_id else None
    return {
        "key": e.key,
        "title": e.title,
        "kind": e.kind,
        "start_date": e.start_date.isoformat(),
        "end_date": e.end_date.isoformat() if e.end_date else None,
        "date_precision": e.date_precision,
        "city": e.city,
        "country": country_ref(host) if (host := visible_or_none(e.country, user)) else None,
        "online": e.online,
        "participants": e.participants,
        "countries_count": e.countries_count,
        "participant_countries": [country_ref(c) for c in e.participant_countries.all()],
        "dialogue": dialogue_ref(dialogue) if dialogue else None,
        "project": project.slug if project else None,
        "organisers": [org_ref(o) for o in e.organisers.all()],
        "themes": [t.slug for t in e.themes.all()],
        "visibility": e.visibility,
        "url": f"/api/events/{e.key}",
    }


@router.get("/events", response={200: paged(EventOut, "EventList"), 400: ErrorOut}, summary="List events")
def list_events(request, filters: Query[EventFilters], page: int = 1, page_size: int = 25):
    qs = filters.apply(visible_events(request.user), request.user).order_by("-start_date", "title")
    return list_response(request, qs, lambda e: event_out(e, request.user), page, page_size)


@router.get("/events/{key}", response={200: EventDetailOut, 404: ErrorOut}, summary="An event")
def get_event(request, key: str):
    event = visible_events(request.user).filter(key=key).first()
    if event is None:
        raise Http404(f"No event {key!r}.")
    return {
        **event_out(event, request.user),
        "description": event.description,
        "source": source(event, request.user),
    }
