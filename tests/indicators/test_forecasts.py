"""Forecasts on the pages and the API: officials read them, the public once an editor releases them."""

import pytest

from migis.core.permissions import Role
from migis.indicators.importing import import_data
from migis.indicators.models import ForecastRelease, Indicator
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/api/forecasts?indicator=zz_trend&country=MLT"


@pytest.fixture
def trend(tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Indicator.objects.create(
            code="zz_trend", name_en="Trend", unit="persons", source_title="t", minimum=0
        )
        lines = ["indicator,country,year,value"]
        lines += [
            f"zz_trend,MLT,{year},{1000 + 40 * (year - 1995) + (year * 37) % 23}"
            for year in range(1995, 2025)
        ]
        lines += ["zz_trend,FRA,2020,5", "zz_trend,FRA,2021,6"]
        path = tmp_path / "t.csv"
        path.write_text("\n".join(lines) + "\n")
        assert import_data(path, dataset="zz-trend").status == "imported"


def test_officials_read_a_forecast_with_its_backtest(trend, users):
    body = client_for(users[Role.OFFICIAL]).get(URL).json()
    assert not body["too_short"] and body["history"] == 30 and body["released"] is False
    models = {b["model"]: b for b in body["backtest"]}
    assert "naive" in models and models[body["model"]]["mase"] < models["naive"]["mase"]
    first = body["points"][0]
    assert (
        first["period"] == "2025"
        and first["low95"] <= first["low80"] <= first["value"] <= first["high80"] <= first["high95"]
    )


def test_the_public_reads_it_once_an_editor_releases_it(trend, users, django_capture_on_commit_callbacks):
    assert client_for().get(URL).status_code == 404
    page = "/indicators/zz_trend/forecast/MLT/"
    assert client_for().get(page).status_code == 404
    assert client_for(users[Role.OFFICIAL]).post(page, {"release": "yes"}).status_code == 403
    assert not ForecastRelease.objects.exists()  # only editors release
    with django_capture_on_commit_callbacks(execute=True):
        client_for(users[Role.EDITOR]).post(page, {"release": "yes"})
    assert client_for().get(URL).json()["released"] is True
    html = client_for().get(page).content.decode()
    assert 'id="chart-forecast"' in html and "MASE" in html
    assert "forecast" in client_for().get("/countries/MLT/").content.decode().split('id="data"')[1]


def test_a_short_series_says_so(trend, users):
    body = client_for(users[Role.OFFICIAL]).get("/api/forecasts?indicator=zz_trend&country=FRA").json()
    assert body["too_short"] and "at least" in body["reason"] and body["points"] == []
