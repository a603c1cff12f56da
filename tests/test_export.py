"""Every list as CSV and Excel, on the page and its API twin: the filters applied, every page, the sources
in each row, nothing a reader may not see, no formula run by a spreadsheet."""

import csv
import io

import pytest
from openpyxl import load_workbook

from migis.core import export
from migis.core.permissions import Role
from migis.projects.models import Project
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # spreadsheet programs read it as UTF-8
    return list(csv.DictReader(io.StringIO(body[1:])))


def read_xlsx(response) -> list[dict]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=False)) for row in rows]


@pytest.mark.parametrize(
    "page, api",
    [
        ("/projects/", "/api/projects"),
        ("/events/", "/api/events"),
        ("/documents/", "/api/documents"),
        ("/countries/", "/api/countries"),
        ("/dialogues/", "/api/dialogues"),
        ("/organisations/", "/api/organisations"),
    ],
)
def test_every_list_downloads_whole_with_its_api_twin(page, api):
    client = client_for()
    total = client.get(api, {"page_size": 1}).json()["count"]
    from_page = read_csv(client.get(page, {"format": "csv"}))
    from_api = read_csv(client.get(api, {"format": "csv", "page_size": 1}))  # paging is ignored
    assert len(from_page) == len(from_api) == total > 0
    assert set(from_page[0]) == set(from_api[0])
    assert len(read_xlsx(client.get(page, {"format": "xlsx"}))) == total
    html = client.get(page).content.decode()
    assert "format=csv" in html and "format=xlsx" in html


def test_downloads_keep_the_filters_and_carry_names_and_sources():
    client = client_for()
    rows = read_csv(client.get("/projects/", {"country": "MLT", "format": "csv", "page": 3}))
    api = client.get("/api/projects", {"country": "MLT", "page_size": 200}).json()
    assert sorted(r["slug"] for r in rows) == sorted(p["slug"] for p in api["results"])
    dialogues = read_csv(client.get("/fr/dialogues/", {"format": "csv"}))
    rabat = next(r for r in dialogues if r["slug"] == "rabat-process")
    assert rabat["name.fr"] == "Processus de Rabat" and rabat["name.en"] == "Rabat Process"
    assert rabat["source.as_of"] and (rabat["source.url"] or rabat["source.document"])
    response = client.get("/documents/", {"format": "csv"})
    assert 'filename="migis-documents-' in response["Content-Disposition"]


def test_downloads_hold_only_what_the_reader_may_see(users):
    Project.objects.create(slug="hidden-plan", title="Hidden plan", visibility="restricted")
    assert "hidden-plan" not in {r["slug"] for r in read_csv(client_for().get("/projects/?format=csv"))}
    official = client_for(users[Role.OFFICIAL])
    assert "hidden-plan" in {r["slug"] for r in read_csv(official.get("/api/projects?format=csv"))}


def test_a_spreadsheet_never_runs_a_cell_as_a_formula():
    Project.objects.create(slug="formula", acronym="=1+1", title='=HYPERLINK("http://x","y")')
    row = next(r for r in read_csv(client_for().get("/projects/?format=csv")) if r["slug"] == "formula")
    assert row["acronym"] == "'=1+1" and row["title"].startswith("'=")
    cells = next(r for r in read_xlsx(client_for().get("/projects/?format=xlsx")) if r["slug"] == "formula")
    assert cells["acronym"] == "'=1+1"


def test_a_long_list_says_it_was_cut(monkeypatch):
    monkeypatch.setattr(export, "MAX_ROWS", 3)
    response = client_for().get("/api/countries?format=csv")
    rows = read_csv(response)
    assert response["X-Migis-Truncated"] == "3"
    assert len(rows) == 4 and "Only the first 3 rows" in next(iter(rows[-1].values()))


def test_an_unknown_format_is_refused_on_the_api_and_ignored_on_the_page():
    assert client_for().get("/api/projects?format=pdf").status_code == 400
    assert client_for().get("/projects/?format=pdf")["Content-Type"].startswith("text/html")
