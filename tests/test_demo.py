"""The demo content shows restricted records to officials only."""

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_demo_has_a_restricted_event(users):
    from migis.events.models import Event

    event = Event.objects.get(visibility="restricted", title__startswith="Annual Review Meeting of National")
    url = f"/events/{event.key}/"
    assert client_for().get(url).status_code == 404
    assert client_for(users["official"]).get(url).status_code == 200


def test_createtoken_prints_a_working_token(users, capsys):
    from django.core.management import call_command

    call_command("createtoken", "user-official")
    raw = capsys.readouterr().out.rsplit(": ", 1)[1].strip()
    response = client_for().get("/api/events?page_size=200", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert "Annual Review Meeting of National" in response.content.decode()
