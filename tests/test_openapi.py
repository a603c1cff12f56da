"""The OpenAPI document cannot drift from the answers: every GET endpoint's answer, as an anonymous
reader and as an official, validates against the schema the document publishes for it; and the document
states the bounds the server enforces."""

import re

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# A value for each path parameter, by name.
SAMPLES = {"iso3": "MLT", "slug": None, "key": None}
PATHS_BY_MODEL = {  # path template -> how to fill its parameter from the database
    "/api/dialogues/{slug}": ("dialogues.Dialogue", "slug"),
    "/api/projects/{slug}": ("projects.Project", "slug"),
    "/api/organisations/{slug}": ("organisations.Organisation", "slug"),
    "/api/events/{key}": ("events.Event", "key"),
    "/api/documents/{key}": ("documents.Document", "key"),
    "/api/indicators/{code}": ("indicators.Indicator", "code"),
}
QUERIES = {  # extra query strings worth validating, by path
    "/api/map": [
        "",
        "?layer=dialogue&dialogue=rabat-process",
        "?layer=organisation&index=true",
        "?layer=mentions",
        "?layer=indicator&indicator=migrant_stock&classes=quantile",
        "?layer=indicator&indicator=migrant_stock&per=capita&period=2010",
    ],
    "/api/forecasts": ["?indicator=population&country=MLT"],  # released in the test: everyone reads it
    "/api/observations": [
        "",
        "?indicator=refugees&destination=MLT,FRA&since=2010",
        "?country=MLT&breakdown=total",
    ],
    "/api/search": ["?q=Malta", "?q=Rabat+Process&country=MLT"],
    "/api/countries": ["", "?dialogue=rabat-process", "?region=002&page_size=200"],
    "/api/documents": ["", "?country=MLT&since=2019-01-01"],
}


@pytest.fixture(scope="module")
def spec(django_db_blocker):
    with django_db_blocker.unblock():
        return client_for().get("/api/openapi.json").json()


def validator(spec: dict, path: str, status: str = "200") -> Draft202012Validator:
    schema = spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    registry = Registry().with_resource("urn:openapi", Resource(contents=spec, specification=DRAFT202012))
    schema = {"$ref": "urn:openapi#" + schema["$ref"][1:]} if "$ref" in schema else schema
    return Draft202012Validator(schema, registry=registry)


def concrete(path: str) -> str:
    from django.apps import apps

    if path in PATHS_BY_MODEL:
        label, field = PATHS_BY_MODEL[path]
        value = getattr(
            apps.get_model(label).objects.filter(visibility="public").order_by("pk").first(), field
        )
        return re.sub(r"\{\w+\}", value, path)
    return path.replace("{iso3}", SAMPLES["iso3"])


def get_paths(spec) -> list[str]:
    return [
        p for p, ops in spec["paths"].items() if "get" in ops and p not in ("/api/openapi.json", "/api/docs")
    ]


@pytest.mark.parametrize("who", ["anonymous", "official"])
def test_every_answer_matches_the_published_schema(spec, users, who):
    from migis.geo.models import Country
    from migis.indicators.models import ForecastRelease, Indicator

    ForecastRelease.objects.get_or_create(
        indicator=Indicator.objects.get(code="population"), country=Country.objects.get(iso3="MLT")
    )
    client = client_for(None if who == "anonymous" else users["official"])
    checked = 0
    for path in get_paths(spec):
        if "200" not in spec["paths"][path]["get"]["responses"]:
            continue
        check = validator(spec, path)
        for query in QUERIES.get(path, [""]):
            url = concrete(path) + query
            response = client.get(url)
            assert response.status_code == 200, (url, response.content[:300])
            errors = sorted(check.iter_errors(response.json()), key=str)
            assert not errors, f"{url}: {errors[0].message} at {list(errors[0].absolute_path)}"
            checked += 1
    assert checked >= 15


def test_errors_match_the_published_error_schema(spec):
    check = validator(spec, "/api/projects", "400")
    for url in ("/api/projects?page=0", "/api/projects?page_size=201", "/api/documents?until=0"):
        response = client_for().get(url)
        assert response.status_code == 400
        assert not list(check.iter_errors(response.json())), url


def test_the_document_states_the_bounds_the_server_enforces(spec):
    def param(path, name):
        return next(p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == name)["schema"]

    assert param("/api/projects", "page")["minimum"] == 1
    assert (
        param("/api/projects", "page_size")["minimum"],
        param("/api/projects", "page_size")["maximum"],
    ) == (1, 200)
    assert param("/api/map", "layer")["enum"] == [
        "dialogue",
        "dialogues",
        "projects",
        "organisation",
        "mentions",
        "indicator",
        "flows",
    ]
    days = param("/api/map", "days")["anyOf"][0]
    assert (days["minimum"], days["maximum"]) == (1, 3650)
    assert param("/api/documents", "until")["anyOf"][0]["format"] == "date"
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": spec["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    assert {"bearerAuth": []} in spec["security"]
    # ... and enforces them
    for url in (
        "/api/projects?page=0",
        "/api/map?layer=weather",
        "/api/map?layer=mentions&days=0",
        "/api/map?layer=mentions&days=3651",
        "/api/documents?until=0",
        "/api/documents?since=2024-13-01",
    ):
        assert client_for().get(url).status_code == 400, url
