"""The statistics pages: the catalogue, an indicator's ranking with its chart and downloads, the map
layer's page, the profile's Data section, and the editors' import and quality pages."""

import pytest

from migis.core.permissions import Role
from migis.indicators.models import DatasetVersion, Observation
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ILLUSTRATIVE = "illustrative, not real"


def test_the_catalogue_lists_every_indicator_with_what_is_held():
    html = client_for().get("/indicators/").content.decode()
    assert "International migrant stock" in html and "Net migration" in html
    assert "2000–2024" in html or "2000\u20132024" in html  # population: the demo's annual series
    assert ILLUSTRATIVE in html


def test_an_indicator_page_ranks_states_with_sources_chart_and_downloads():
    client = client_for()
    html = client.get("/indicators/migrant_stock/").content.decode()
    assert "States ranked, 2020" in html and 'id="chart-ranking"' in html and ILLUSTRATIVE in html
    older = client.get("/indicators/migrant_stock/", {"period": "2005"}).content.decode()
    assert "States ranked, 2005" in older
    assert client.get("/indicators/migrant_stock/", {"period": "1900"}).status_code == 404
    csv = client.get("/indicators/migrant_stock/", {"format": "csv"}).content.decode("utf-8-sig")
    rows = csv.splitlines()
    assert rows[0].startswith("indicator,country.iso3") and len(rows) == 1 + 193
    chart = client.get("/indicators/migrant_stock/", {"chart": "ranking", "format": "csv"})
    assert chart.status_code == 200 and len(chart.content.decode("utf-8-sig").splitlines()) == 1 + 193
    assert client.get("/indicators/migrant_stock/", {"format": "xlsx"})["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert (
        client.get("/fr/indicators/").status_code == 200
        and client.get("/ar/indicators/migrant_stock/").status_code == 200
    )


def test_the_map_page_shows_an_indicator_with_its_source():
    html = client_for().get("/", {"layer": "indicator", "indicator": "population"}).content.decode()
    assert "Population" in html and ILLUSTRATIVE in html and 'name="period"' in html
    csv = client_for().get("/", {"layer": "indicator", "indicator": "population", "format": "csv"})
    assert ILLUSTRATIVE in csv.content.decode("utf-8-sig").splitlines()[1]


def test_the_profile_data_section_compares_with_region_and_dialogue_partners():
    html = client_for().get("/countries/MLT/").content.decode()
    section = html[html.index('id="data"') :]
    assert "median of Southern Europe" in section and "members of its dialogues" in section
    assert 'class="sparkline"' in section and ILLUSTRATIVE in section


def test_editors_import_a_file_from_the_page(tmp_path, users):
    path = tmp_path / "page.csv"
    path.write_text("indicator,country,year,value\npopulation,MLT,2001,400000\n")
    assert client_for().get("/indicators/import/").status_code in (302, 403)
    assert client_for(users[Role.OFFICIAL]).get("/indicators/import/").status_code == 403
    editor = client_for(users[Role.EDITOR])
    with path.open("rb") as f:
        html = editor.post(
            "/indicators/import/", {"file": f, "dataset": "zz-page", "dry_run": "on"}
        ).content.decode()
    assert "dry run" in html and not DatasetVersion.objects.filter(dataset__slug="zz-page").exists()
    with path.open("rb") as f:
        html = editor.post("/indicators/import/", {"file": f, "dataset": "zz-page"}).content.decode()
    assert "imported" in html
    assert Observation.objects.get(version__dataset__slug="zz-page").value == 400000.0


def test_the_quality_page_is_for_editors(users):
    assert client_for(users[Role.OFFICIAL]).get("/indicators/quality/").status_code == 403
    html = client_for(users[Role.EDITOR]).get("/indicators/quality/").content.decode()
    assert "Outlying changes" in html and "Gaps" in html and "Stale series" in html
