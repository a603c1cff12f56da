"""Data quality of statistics: robust outliers, jumps in series, missing periods, stale series, and all of
it through the reader scope."""

import datetime
import math
import statistics

import pytest

from migis.core.permissions import Role
from migis.indicators.importing import import_data
from migis.indicators.models import Dataset, Indicator, Periodicity
from migis.indicators.quality import gaps_and_stale, outliers, series_outliers

TODAY = datetime.date(2025, 6, 1)


def three_sigma(values: list[float]) -> list[int]:
    mean, sd = statistics.fmean(values), statistics.pstdev(values)
    return [i for i, x in enumerate(values) if abs(x - mean) > 3 * sd]


def test_the_median_rule_finds_an_outlier_the_mean_and_sd_miss_in_skewed_data():
    skewed = [3, 4, 4, 5, 5, 6, 7, 9, 60]  # the 60 inflates the sd it is measured against
    assert three_sigma(skewed) == []
    assert outliers(skewed) == [8]
    masked = [12, 14, 15, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25, 26, 27, 28, 30, 31, 33, 35, 900, 950, 1000]
    assert three_sigma(masked) == []  # large values hide each other from mean +/- 3 sd
    assert outliers(masked) == [20, 21, 22]


def test_a_heavy_tailed_but_regular_sample_flags_nothing():
    # Quantiles of a Laplace distribution: tails heavier than the normal, nothing out of place.
    laplace = [
        (1 if p > 0.5 else -1) * -math.log(1 - 2 * abs(p - 0.5)) for p in ((i + 0.5) / 20 for i in range(20))
    ]
    assert outliers(laplace) == []


def test_when_most_values_are_equal_the_mean_absolute_deviation_takes_over():
    assert outliers([5, 5, 5, 5, 5, 5, 9]) == [6]  # MAD is 0; 9 is still found
    assert outliers([5, 5, 5, 5]) == [] and outliers([]) == []
    assert outliers([5, 5, 5, 5, 5, 5, 9], threshold=10) == []
    assert outliers([0.3] * 5 + [0.1 + 0.2]) == []  # 0.30000000000000004: rounding noise, not a spread


def _years(code: str, iso3: str, values: dict[int, float]) -> str:
    return "".join(f"{code},{iso3},{year},{value}\n" for year, value in values.items())


SMOOTH = {2005 + i: 1000 + 50 * i + (3, -2, 1, -3, 2, 0, -1, 3, -2, 1, 0, -3, 2, 1, -1)[i] for i in range(15)}
JUMP = dict(SMOOTH) | {2012: SMOOTH[2012] + 4000}


@pytest.fixture
def quality(db, tmp_path):
    for code, periodicity in (
        ("zz_q_jump", Periodicity.ANNUAL),
        ("zz_q_smooth", Periodicity.ANNUAL),
        ("zz_q_gap", Periodicity.ANNUAL),
        ("zz_q_old", Periodicity.ANNUAL),
        ("zz_q_secret", Periodicity.ANNUAL),
    ):
        Indicator.objects.create(
            code=code, name_en=code, unit="persons", source_title="t", periodicity=periodicity
        )
    public = tmp_path / "quality.csv"
    public.write_text(
        "indicator,country,year,value\n"
        + _years("zz_q_jump", "FRA", JUMP)
        + _years("zz_q_smooth", "FRA", SMOOTH)
        + _years("zz_q_gap", "MLT", {2015: 1, 2016: 2, 2018: 4, 2019: 5})
        + _years("zz_q_old", "MLT", {2006: 1, 2007: 2, 2008: 3, 2009: 4, 2010: 5})
        + _years("zz_q_old", "FRA", {2020: 1, 2021: 2, 2022: 3, 2023: 4, 2024: 5})
    )
    assert import_data(public, dataset="zz-quality").status == "imported"
    secret = tmp_path / "secret.csv"
    secret.write_text(
        "indicator,country,year,value\n"
        + _years("zz_q_secret", "FRA", JUMP)
        + _years("zz_q_secret", "MLT", {2001: 1, 2003: 3, 2004: 4})
    )
    assert import_data(secret, dataset="zz-quality-secret").status == "imported"
    Dataset.objects.filter(slug="zz-quality-secret").update(visibility="restricted")


def mine(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["indicator"].startswith("zz_q_")]


@pytest.mark.django_db
def test_a_planted_jump_is_found_and_a_smooth_series_is_not(quality, users):
    found = mine(series_outliers(users[Role.OFFICIAL], limit=10_000))
    jump = [r for r in found if r["indicator"] == "zz_q_jump"]
    assert [(r["country"], r["period"], r["value"], r["dataset"]) for r in jump] == [
        ("FRA", "2012", JUMP[2012], "zz-quality")
    ]  # the way back down in 2013 is the same spike, not a second finding
    assert jump[0]["score"] > 3.5
    assert not [r for r in found if r["indicator"] == "zz_q_smooth"]
    only = series_outliers(users[Role.OFFICIAL], indicator=Indicator.objects.get(code="zz_q_jump"))
    assert [r["period"] for r in only] == ["2012"]
    scores = [abs(r["score"]) for r in series_outliers(users[Role.OFFICIAL], limit=3)]
    assert len(scores) <= 3 and scores == sorted(scores, reverse=True)


@pytest.mark.django_db
def test_gaps_name_the_missing_period_and_stale_series_are_flagged(quality, users):
    report = gaps_and_stale(users[Role.OFFICIAL], today=TODAY)
    gaps = {(g["indicator"], g["country"]): g for g in mine(report["gaps"])}
    assert gaps[("zz_q_gap", "MLT")]["missing"] == ["2017"]
    assert gaps[("zz_q_gap", "MLT")]["periods"] == 4 and gaps[("zz_q_gap", "MLT")]["expected"] == 5
    assert ("zz_q_jump", "FRA") not in gaps and ("zz_q_old", "MLT") not in gaps
    stale = {(s["indicator"], s["country"]): s for s in mine(report["stale"])}
    assert stale[("zz_q_old", "MLT")]["last"] == "2010"
    assert stale[("zz_q_old", "MLT")]["age_days"] == (TODAY - datetime.date(2010, 1, 1)).days
    assert ("zz_q_old", "FRA") not in stale  # ends 2024, the year before TODAY
    assert ("zz_q_jump", "FRA") in stale  # ends 2019: more than 2 years before 2025 began


@pytest.mark.django_db
def test_a_restricted_dataset_stays_out_of_the_quality_reports_for_anonymous_readers(quality, users):
    for reader, sees in ((None, False), (users[Role.PUBLIC], False), (users[Role.OFFICIAL], True)):
        report = gaps_and_stale(reader, today=TODAY)
        shown = [
            r["indicator"]
            for r in series_outliers(reader, limit=10_000) + report["gaps"] + report["stale"]
            if r["indicator"] == "zz_q_secret"
        ]
        assert bool(shown) is sees, reader
    official = gaps_and_stale(users[Role.OFFICIAL], today=TODAY)
    assert [g["missing"] for g in official["gaps"] if g["indicator"] == "zz_q_secret"] == [["2002"]]


@pytest.mark.django_db
def test_gaps_follow_the_indicator_periodicity_and_skip_intervals(db, tmp_path, users):
    for code, periodicity in (
        ("zz_q_quarterly", Periodicity.QUARTERLY),
        ("zz_q_five", Periodicity.FIVE_YEARLY),
        ("zz_q_monthly", Periodicity.MONTHLY),
        ("zz_q_rates", Periodicity.ANNUAL),
    ):
        Indicator.objects.create(
            code=code, name_en=code, unit="persons", source_title="t", periodicity=periodicity
        )
    path = tmp_path / "periods.csv"
    path.write_text(
        "indicator,country,period,value\n"
        "zz_q_quarterly,MLT,2023-Q3,1\nzz_q_quarterly,MLT,2024-Q1,1\nzz_q_quarterly,MLT,2024-Q2,1\n"
        "zz_q_five,MLT,2000,1\nzz_q_five,MLT,2010,1\nzz_q_five,MLT,2015,1\n"
        "zz_q_monthly,MLT,2025-01,1\nzz_q_monthly,MLT,2025-03,1\n"
        "zz_q_rates,MLT,1990-1995,1\nzz_q_rates,MLT,2005-2010,1\n"
    )
    assert import_data(path, dataset="zz-quality-periods").status == "imported"
    report = gaps_and_stale(users[Role.OFFICIAL], today=TODAY)
    gaps = {g["indicator"]: g["missing"] for g in mine(report["gaps"])}
    assert gaps == {"zz_q_quarterly": ["2023-Q4"], "zz_q_five": ["2005"], "zz_q_monthly": ["2025-02"]}
    stale = {s["indicator"] for s in mine(report["stale"])}
    # 2024-Q2 began more than 9 months before 1 June 2025, 2015 more than 6 years before 2025 began
    assert stale == {"zz_q_quarterly", "zz_q_five"}
