"""A value is visible when its indicator, its dataset and its states are: restricting any of them hides it
from every route that can show it (pages, API, exports, map), for readers without restricted access."""

import pytest

from migis.core.permissions import Role
from migis.geo.models import Country
from migis.indicators.importing import import_data
from migis.indicators.models import Dataset, Indicator
from tests.conftest import client_for

MARK = "4242421"  # a value no other record holds, looked for in every answer
ROUTES = [
    "/api/observations?indicator=zz_hidden",
    "/api/observations?indicator=zz_hidden&format=csv",
    "/api/observations?indicator=zz_hidden&format=sdmx-csv",
    "/api/observations?country=MLT",
    "/api/map?layer=indicator&indicator=zz_hidden",
    "/indicators/zz_hidden/",
    "/indicators/zz_hidden/?format=csv",
    "/indicators/zz_hidden/?chart=ranking&format=csv",
    "/?layer=indicator&indicator=zz_hidden",
    "/?layer=indicator&indicator=zz_hidden&format=csv",
    "/countries/FRA/",
    "/api/datasets",
]


@pytest.fixture
def hidden_values(db, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Indicator.objects.create(code="zz_hidden", name_en="Hidden", unit="persons", source_title="t")
        path = tmp_path / "v.csv"
        path.write_text(
            f"indicator,country,origin,year,value\nzz_hidden,MLT,,2019,{MARK}\nzz_hidden,FRA,,2019,12\n"
            f"zz_hidden,FRA,MLT,2019,{MARK}\n"
        )
        assert import_data(path, dataset="zz-visibility").status == "imported"


def shown(who) -> list[str]:
    client = client_for(who)
    return [url for url in ROUTES if MARK in client.get(url).content.decode()]


@pytest.mark.parametrize(
    "restrict",
    [
        lambda: Indicator.objects.filter(code="zz_hidden").update(visibility="restricted"),
        lambda: Dataset.objects.filter(slug="zz-visibility").update(visibility="restricted"),
        lambda: Country.objects.filter(iso3="MLT").update(visibility="restricted"),
    ],
    ids=["indicator", "dataset", "country"],
)
def test_a_restricted_indicator_dataset_or_state_hides_its_values_everywhere(
    hidden_values, users, restrict, django_capture_on_commit_callbacks
):
    assert len(shown(None)) >= 6  # the routes do show the values while everything is public
    with django_capture_on_commit_callbacks(execute=True):
        restrict()
    for who in (None, users[Role.PUBLIC]):
        assert shown(who) == [], who
    assert shown(users[Role.OFFICIAL])  # officials read restricted records
