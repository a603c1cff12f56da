import datetime

from django.http import Http404
from ninja import Query, Router, Schema

from migis.core.api import PageParams, list_response
from migis.core.schemas import CountryRef, DialogueRef, ErrorOut, OrgRef, Sourced, SourceOut, paged
from migis.events.filters import EventFilters
from migis.events.services import visible_events

router = Router(tags=["events"])


class EventOut(Schema):
    key: str
    title: str
    kind: str
    start_date: datetime.date
    end_date: datetime.date | None
    date_precision: str
    city: str
    country: CountryRef | None
    online: bool
    participants: int | None
    countries_count: int | None
    participant_countries: list[CountryRef]
    dialogue: DialogueRef | None
    project: str | None
    organisers: list[OrgRef]
    themes: list[str]
    visibility: str
    url: str

    @staticmethod
    def resolve_project(obj):
        return obj.project.slug if obj.project else None

    @staticmethod
    def resolve_themes(obj):
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_url(obj):
        return f"/api/events/{obj.key}"


class EventDetailOut(EventOut, Sourced):
    description: str
    source: SourceOut | None


@router.get("/events", response={200: paged(EventOut, "EventList"), 400: ErrorOut}, summary="List events")
def list_events(request, filters: Query[EventFilters], paging: Query[PageParams]):
    qs = filters.apply(visible_events(request.user), request.user).order_by("-start_date", "title")
    return list_response(request, qs, paging, EventOut)


@router.get("/events/{key}", response={200: EventDetailOut, 404: ErrorOut}, summary="An event")
def get_event(request, key: str):
    event = visible_events(request.user).with_sources().filter(key=key).first()
    if event is None:
        raise Http404(f"No event {key!r}.")
    return event
