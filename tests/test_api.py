"""The JSON API: one error shape, paginated lists with a total count, filters shared with the pages."""

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def error_of(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert {"status", "code", "message"} <= set(body["error"])
    assert body["error"]["status"] == status
    return body["error"]


def test_unknown_country_is_a_404_in_the_error_shape():
    assert error_of(client_for().get("/api/countries/XXX"), 404)["code"] == "not_found"


def test_unknown_dialogue_project_event_organisation():
    client = client_for()
    for url in ("/api/dialogues/nope", "/api/projects/nope", "/api/events/nope", "/api/organisations/nope"):
        error_of(client.get(url), 404)


def test_unknown_endpoint_is_json_too():
    assert error_of(client_for().get("/api/no-such-thing"), 404)["code"] == "not_found"


def test_invalid_parameter_names_the_field():
    error = error_of(client_for().get("/api/projects?year=soon"), 400)
    assert error["code"] == "invalid_parameter"
    assert any(d["field"] == "year" for d in error["details"])
    error_of(client_for().get("/api/projects?region=Africa"), 400)


def test_page_past_the_end():
    assert error_of(client_for().get("/api/projects?page=999"), 400)["code"] == "invalid_page"
    error_of(client_for().get("/api/projects?page_size=100000"), 400)


def test_invalid_map_layer():
    error = error_of(client_for().get("/api/map?layer=weather"), 400)
    assert error["code"] == "invalid_parameter" and error["details"][0]["field"] == "layer"
    assert error_of(client_for().get("/api/map?layer=dialogue&dialogue=nope"), 400)["code"] == "invalid_layer"


def test_country_lookup_is_case_insensitive():
    body = client_for().get("/api/countries/mlt").json()
    assert body["iso3"] == "MLT"
    assert body["name"] == {"en": "Malta", "fr": "Malte", "ar": "مالطة"}
    assert body["subregion"]["code"] == "039"
    assert "icmpd" in [o["slug"] for o in body["organisations"]]


def test_lists_state_their_total_count_and_paginate():
    client = client_for()
    first = client.get("/api/countries?page_size=100").json()
    assert first["count"] >= 250 and len(first["results"]) == 100 and first["num_pages"] == 3
    assert first["next"].endswith("page=2") or "page=2" in first["next"]
    last = client.get("/api/countries?page_size=100&page=3").json()
    assert len(last["results"]) == first["count"] - 200 and last["next"] is None


def test_dialogue_detail_lists_members_with_roles():
    body = client_for().get("/api/dialogues/rabat-process").json()
    roles = {m["country"]["iso3"]: m["role"] for m in body["members"]}
    assert roles, "the Rabat Process has sourced members"
    assert set(roles.values()) <= {"participating", "observer", "steering_committee", "chair"}
    assert all(m["source"] for m in body["members"])


@pytest.mark.parametrize(
    "query",
    [
        "region=002",
        "country=NGA",
        "theme=trafficking-in-human-beings",
        "dialogue=rabat-process",
        "year=2020",
        "donor=european-union",
        "q=migration",
    ],
)
def test_api_and_page_filter_the_same_projects(query):
    from migis.projects.models import Project

    client = client_for()
    api = client.get(f"/api/projects?{query}&page_size=200").json()
    page = client.get(f"/projects/?{query}&page_size=200")
    assert page.status_code == 200
    slugs = {p["slug"] for p in api["results"]}
    assert api["count"] == len(slugs)
    assert page.context["page"].count == api["count"]
    assert {p.slug for p in page.context["page"].items} == slugs
    assert api["count"] < Project.objects.count() or query == "q=migration"


def test_region_filter_includes_sub_regions():
    client = client_for()
    africa = client.get("/api/projects?region=002&page_size=200").json()["count"]
    west = client.get("/api/projects?region=011&page_size=200").json()["count"]
    assert africa >= west > 0


def test_event_filters():
    client = client_for()
    all_events = client.get("/api/events?page_size=200").json()
    in_2020 = client.get("/api/events?year=2020&page_size=200").json()
    assert 0 < in_2020["count"] < all_events["count"]
    assert all(e["start_date"].startswith("2020") for e in in_2020["results"])


def test_openapi_document_describes_the_endpoints():
    doc = client_for().get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in (
        "/api/countries",
        "/api/countries/{iso3}",
        "/api/dialogues",
        "/api/dialogues/{slug}",
        "/api/projects",
        "/api/events",
        "/api/map",
    ):
        assert path in doc["paths"], path
    params = {p["name"] for p in doc["paths"]["/api/projects"]["get"]["parameters"]}
    assert {"region", "country", "theme", "donor", "dialogue", "year", "page", "page_size"} <= params


def test_interactive_docs_are_served_locally():
    html = client_for().get("/api/docs").content.decode()
    assert "swagger" in html.lower()
    assert "cdn." not in html and "https://" not in html.split("<body")[0]


def test_map_layer_with_index_maps_shapes():
    body = client_for().get("/api/map?layer=dialogues&index=true").json()
    index = {row[0]: row[1] for row in body["countries"]}
    assert index["MLT"] == "470"
    assert index["XKX"] == "" and body["shape_names"]["Kosovo"] == "XKX"
    assert body["values"]["MLT"] >= 1


def test_a_dialogue_states_its_member_list_and_its_co_chairs():
    body = client_for().get("/api/dialogues/budapest-process").json()
    assert body["member_list"]["status"] in ("complete", "partial", "none")
    assert body["name"]["en"] == "Budapest Process" and body["url"] == "/api/dialogues/budapest-process"
    chairs = {(c["country"], c["co_chair"]) for c in body["chairs"]}
    assert ("HUN", True) in chairs and ("TUR", False) in chairs
