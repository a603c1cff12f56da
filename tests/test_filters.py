"""Filters pick records by name, several at once, and a bad value is named in the reader's language."""

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def slugs(url: str, **params) -> set[str]:
    body = client_for().get(url, {**params, "page_size": 200}).json()
    return {r.get("slug") or r.get("key") for r in body["results"]}


@pytest.fixture
def hosted():
    """A project in and an event hosted by each of Malta and Senegal: both filters find something."""
    import datetime

    from migis.events.models import Event
    from migis.geo.models import Country
    from migis.projects.models import Project

    for iso3 in ("MLT", "SEN"):
        project = Project.objects.create(slug=f"project-{iso3.lower()}", title=f"A project in {iso3}")
        project.countries.add(Country.objects.get(iso3=iso3))
        Event.objects.create(
            key=f"meeting-{iso3.lower()}", title=f"Meeting in {iso3}", start_date=datetime.date(2024, 5, 1),
            country=Country.objects.get(iso3=iso3),
        )  # fmt: skip


@pytest.mark.parametrize("url", ["/api/projects", "/api/events"])
def test_several_states_at_once(url, hosted):
    malta, senegal = slugs(url, country="MLT"), slugs(url, country="SEN")
    assert malta and senegal and malta != senegal
    both = client_for().get(url, {"country": ["MLT", "SEN"], "page_size": 200}).json()
    assert {r.get("slug") or r.get("key") for r in both["results"]} == malta | senegal
    assert slugs(url, country="MLT,SEN") == malta | senegal  # the same, comma-separated


def test_several_dialogues_on_documents():
    rabat = slugs("/api/documents", dialogue="rabat-process")
    prague = slugs("/api/documents", dialogue="prague-process")
    assert slugs("/api/documents", dialogue="rabat-process,prague-process") == rabat | prague


def test_the_form_offers_names_and_only_the_filters_that_apply():
    projects = client_for().get("/fr/projects/").content.decode()
    assert '<select name="country" multiple' in projects and '<option value="MLT">Malte</option>' in projects
    assert 'name="donor"' in projects
    events = client_for().get("/events/").content.decode()
    assert 'name="donor"' not in events and 'name="kind"' in events
    assert 'name="country" size' not in events and 'maxlength="3"' not in events  # no free ISO3 box
    chosen = client_for().get("/projects/", {"country": ["MLT", "SEN"]}).content.decode()
    assert '<option value="MLT" selected>' in chosen and '<option value="SEN" selected>' in chosen


def test_a_bad_value_is_named_and_the_rest_applies():
    response = client_for().get("/projects/", {"country": ["MALTA", "SEN"], "year": "soon"})
    problems = response.content.decode().split('class="problems"')[1].split("</div>")[0]
    assert "State: “MALTA” is not a valid code, and was ignored." in problems
    assert "Year: “soon” is not a whole number, and was ignored." in problems
    assert "String should match" not in problems
    assert response.context["filters"].country == []  # the whole filter is ignored, never half of it


def test_api_errors_name_the_parameter():
    body = client_for().get("/api/projects", {"country": "MALTA"}).json()
    assert body["error"]["code"] == "invalid_parameter"
    assert "country" in body["error"]["details"][0]["field"]


def test_the_message_is_in_the_readers_language():
    french = client_for().get("/fr/projects/", {"country": "MALTA"}).content.decode()
    assert "« MALTA » n’est pas un code valide ; ce filtre a été ignoré." in french
    arabic = client_for().get("/ar/projects/", {"country": "MALTA"}).content.decode()
    assert "«MALTA» ليس رمزًا صالحًا، ولذلك تم تجاهله." in arabic
