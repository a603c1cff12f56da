"""A document's dates say which recorded event they belong to, or offer an editor to record a new one."""

import datetime
import re
from html import unescape

import pytest

from migis.core.permissions import Role
from migis.events.models import Event
from migis.geo.models import Country
from migis.ingest.pipeline import ingest_text
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
TEXT = "The ministerial meeting took place in Valletta on 12-13 March 2031 with 40 participants."


def test_a_date_belongs_to_the_event_held_there_then(users):
    event = Event.objects.create(
        key="valletta-2031", title="Valletta follow-up meeting", start_date=datetime.date(2031, 3, 12),
        end_date=datetime.date(2031, 3, 13), city="Valletta", country=Country.objects.get(iso3="MLT"),
    )  # fmt: skip
    document = ingest_text(TEXT, source="news.txt", title="Meeting in Valletta", kind="news").document
    assert any(f["type"] == "date" for f in document.facts)
    html = client_for().get(document.get_absolute_url()).content.decode()
    assert f'<a href="{event.get_absolute_url()}" dir="auto">Valletta follow-up meeting</a>' in html
    assert (
        "Record it as a new event"
        not in client_for(users[Role.EDITOR]).get(document.get_absolute_url()).content.decode()
    )


def test_an_unrecorded_date_is_offered_to_an_editor_only(users):
    document = ingest_text(TEXT, source="news.txt", title="Meeting in Valletta", kind="news").document
    assert "Record it as a new event" not in client_for().get(document.get_absolute_url()).content.decode()
    html = client_for(users[Role.EDITOR]).get(document.get_absolute_url()).content.decode()
    link = unescape(re.search(r'<a href="([^"]+)">Record it as a new event</a>', html).group(1))
    assert link.startswith("/admin/events/event/add/?")
    form = client_for(users[Role.EDITOR]).get(link).content.decode()
    assert (
        'value="2031-03-12"' in form
        and 'value="2031-03-13"' in form
        and 'value="Meeting in Valletta"' in form
    )
    assert "Valletta" in form
