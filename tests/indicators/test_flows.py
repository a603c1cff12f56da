"""Flows of a bilateral indicator: to or from a state, or between a dialogue's members; map and table."""

import pytest

from migis.indicators.importing import import_data
from migis.indicators.models import Indicator
from tests.conftest import client_for

CSV = """indicator,origin,destination,year,value
zz_moves,MAR,ESP,2019,700
zz_moves,SEN,ESP,2019,300
zz_moves,MAR,FRA,2019,900
zz_moves,ESP,MAR,2019,20
"""


@pytest.fixture
def moves(db, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Indicator.objects.create(
            code="zz_moves", name_en="Moves", unit="persons", kind="bilateral", source_title="t"
        )
        path = tmp_path / "m.csv"
        path.write_text(CSV)
        assert import_data(path, dataset="zz-moves").status == "imported"


def layer(**params):
    return client_for().get("/api/map", {"layer": "flows", "indicator": "zz_moves", **params}).json()


def test_flows_to_and_from_a_state(moves):
    to_spain = layer(country="ESP")
    assert to_spain["values"] == {"MAR": 700.0, "SEN": 300.0} and to_spain["focus"] == "ESP"
    assert to_spain["flows"] == [["MAR", "ESP", 700.0], ["SEN", "ESP", 300.0]]
    from_morocco = layer(country="MAR", direction="out")
    assert from_morocco["values"] == {"FRA": 900.0, "ESP": 700.0}


def test_flows_between_the_members_of_a_dialogue(moves):
    rabat = layer(dialogue="rabat-process")  # Morocco, Senegal, Spain and France are partners
    assert {tuple(f[:2]) for f in rabat["flows"]} == {
        ("MAR", "FRA"),
        ("MAR", "ESP"),
        ("SEN", "ESP"),
        ("ESP", "MAR"),
    }
    assert rabat["values"]["ESP"] == 1000.0  # what each member receives from the others


def test_the_flows_page_lists_them_and_downloads_the_table(moves):
    html = client_for().get("/flows/", {"indicator": "zz_moves", "country": "ESP"}).content.decode()
    assert "Moves to Spain (2019)" in html and html.index("Morocco") < html.index("Senegal")
    csv = client_for().get("/flows/", {"indicator": "zz_moves", "country": "ESP", "format": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Origin,Destination,Value") and lines[1].startswith("Morocco,Spain,700")


def test_bad_flow_requests_are_named(moves):
    assert "needs ?country" in layer()["error"]["message"]
    assert "no state" in layer(country="XYZ")["error"]["message"]
