"""An indicator on the map: values per state for a period, classes that suit skewed data, visibility."""

import itertools

import pytest
from django.test import Client

from migis.indicators.importing import import_data
from migis.indicators.layers import value_classes
from migis.indicators.models import Dataset, Indicator

SKEWED = [1, 2, 2, 3, 3, 4, 5, 8, 13, 40, 90, 1200, 5000, 250000]


@pytest.mark.parametrize("method", ["natural", "quantile", "log"])
def test_classes_hold_every_value_in_order(method):
    classes = value_classes(SKEWED, method)
    assert 2 <= len(classes) <= 5
    assert classes[0][0] == min(SKEWED) and classes[-1][1] == max(SKEWED)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(classes))  # ordered, no overlap
    assert all(any(lo <= v <= hi for lo, hi in classes) for v in SKEWED)


def test_skewed_values_are_not_cut_in_equal_steps():
    # Equal steps of 50,000 would put 13 of the 14 values in the first class.
    for method in ("natural", "quantile", "log"):
        first = value_classes(SKEWED, method)[0]
        assert sum(first[0] <= v <= first[1] for v in SKEWED) <= 10, method
    assert value_classes([3, 3, 3]) == [[3, 3]] and value_classes([]) == []


@pytest.fixture
def stock(db, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # as commits would: the data version moves on
        _stock(tmp_path)


def _stock(tmp_path):
    Indicator.objects.create(code="zz_stock", name_en="Stock", unit="persons", source_title="t", minimum=0)
    Indicator.objects.get_or_create(
        code="population", defaults=dict(name_en="Population", unit="persons", source_title="t")
    )
    path = tmp_path / "s.csv"
    path.write_text(
        "indicator,country,year,value\nzz_stock,MLT,2019,100\nzz_stock,FRA,2019,8000\nzz_stock,FRA,2015,7000\n"
        "population,MLT,2019,500000\npopulation,FRA,2019,67000000\n"
    )
    assert import_data(path, dataset="zz-layer").status == "imported"


def test_the_layer_gives_the_latest_period_and_hides_what_the_reader_may_not_see(
    stock, django_capture_on_commit_callbacks
):
    body = Client().get("/api/map", {"layer": "indicator", "indicator": "zz_stock"}).json()
    assert body["period"] == "2019" and body["periods"] == ["2015", "2019"]
    assert body["values"] == {"MLT": 100.0, "FRA": 8000.0} and body["kind"] == "value"
    older = Client().get("/api/map", {"layer": "indicator", "indicator": "zz_stock", "period": "2015"}).json()
    assert older["values"] == {"FRA": 7000.0}
    per = Client().get("/api/map", {"layer": "indicator", "indicator": "zz_stock", "per": "capita"}).json()
    assert per["values"]["MLT"] == pytest.approx(0.2) and "per 1,000 inhabitants" in per["unit"]
    with django_capture_on_commit_callbacks(execute=True):  # the change reaches the cached layer
        Dataset.objects.filter(slug="zz-layer").update(visibility="restricted")
    hidden = Client().get("/api/map", {"layer": "indicator", "indicator": "zz_stock"}).json()
    assert hidden["values"] == {} and hidden["notice"]


def test_bad_layer_parameters_are_named(stock):
    for params, words in (
        ({}, "needs ?indicator="),
        ({"indicator": "zz_none"}, "no indicator"),
        ({"indicator": "zz_stock", "period": "1999"}, "no values for 1999"),
    ):
        body = Client().get("/api/map", {"layer": "indicator", **params}).json()
        assert words in body["error"]["message"], params
