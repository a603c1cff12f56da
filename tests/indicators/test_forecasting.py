"""Forecasts of a statistics series: the model chosen by a backtest against a naive baseline, intervals
that hold the forecast, series too short or too odd to model, the periods that come next."""

import datetime
import warnings

import numpy as np
import pytest

from migis.indicators import forecasting, periods
from migis.indicators.forecasting import forecast, next_periods

FAR = datetime.date(2300, 1, 1)


def annual(values, first=1990, step=1):
    return [
        (str(first + i * step), datetime.date(first + i * step, 1, 1), float(v)) for i, v in enumerate(values)
    ]


def monthly(values, first_year=2018):
    out = []
    for i, v in enumerate(values):
        year, month = divmod(i, 12)
        code = f"{first_year + year}-{month + 1:02d}"
        out.append((code, datetime.date(first_year + year, month + 1, 1), float(v)))
    return out


def rows(result):
    return {r["model"]: r for r in result.backtest}


def assert_sound(result, horizon):
    """Backtest rows with coverage in [0, 1], `horizon` points with nested finite intervals."""
    assert result.backtest and result.points
    for row in result.backtest:
        assert 0 <= row["coverage80"] <= 1 and 0 <= row["coverage95"] <= 1
        assert row["origins"] >= 3
        assert row["mase"] is None or row["mase"] >= 0
    assert len(result.points) == horizon
    for p in result.points:
        values = [p["low95"], p["low80"], p["value"], p["high80"], p["high95"]]
        assert all(np.isfinite(values))
        assert values == sorted(values), p


def test_a_trend_is_forecast_better_than_the_naive_forecast():
    rng = np.random.default_rng(0)
    result = forecast(annual(20_000 + 800 * np.arange(30) + rng.normal(0, 300, 30)), "A")
    assert_sound(result, 3)
    assert result.chosen_by == "backtest" and result.history == 30
    assert result.model not in ("naive", "")
    by = rows(result)
    assert {"naive", "ETS(A,Ad,N)", "ARIMA(0,1,0) with drift"} <= by.keys()
    assert by[result.model]["mase"] < by["naive"]["mase"]
    assert result.model in result.reason
    assert [p["period"] for p in result.points] == ["2020", "2021", "2022"]
    assert result.points[0]["start"] == datetime.date(2020, 1, 1)
    assert result.points[0]["value"] > 20_000 + 800 * 29  # the trend goes on
    assert forecast(
        annual(20_000 + 800 * np.arange(30) + np.random.default_rng(0).normal(0, 300, 30)), "A"
    ) == (result)  # deterministic


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_on_a_random_walk_the_naive_forecast_is_competitive(seed):
    rng = np.random.default_rng(seed)
    result = forecast(annual(5000 + np.cumsum(rng.normal(0, 100, 30))), "A")
    assert_sound(result, 3)
    by = rows(result)
    best = min(r["mase"] for r in result.backtest)
    assert by["naive"]["mase"] <= 1.5 * best
    assert by[result.model]["mase"] == best


def test_a_short_five_yearly_series_is_not_forecast():
    result = forecast(annual([100, 120, 150, 160, 180, 200, 230], first=1990, step=5), "5Y")
    assert result.too_short and result.history == 7
    assert result.reason == "7 points; at least 8 are needed for a backtest"
    assert result.points == [] and result.backtest == [] and result.model == ""


def test_a_five_yearly_series_steps_five_years_even_after_a_shorter_step():
    years = [1985, 1990, 1995, 2000, 2005, 2010, 2015, 2019]
    points = [(str(y), datetime.date(y, 1, 1), 1e6 + 5e4 * i) for i, y in enumerate(years)]
    result = forecast(points, "5Y")
    assert not result.too_short and result.history == 8
    assert [p["period"] for p in result.points] == ["2024", "2029", "2034"]
    assert_sound(result, 3)


def test_a_constant_series_has_a_flat_forecast():
    result = forecast(annual([42.0] * 12), "A", horizon=4)
    assert_sound(result, 4)
    for p in result.points:
        assert p["low95"] <= p["value"] == 42.0 <= p["high95"]
    assert result.model == "naive"


def test_net_migration_below_zero_is_forecast_and_not_floored():
    rng = np.random.default_rng(7)
    values = -3000 + 150 * np.arange(25) + rng.normal(0, 400, 25)  # net emigration shrinking
    assert values.min() < 0 < values.max()
    result = forecast(annual(values), "A")
    assert_sound(result, 3)
    negative = forecast(annual(-values - 5000), "A")
    assert_sound(negative, 3)
    assert all(p["high95"] < 0 for p in negative.points)


def test_counts_never_below_zero_have_intervals_floored_at_zero():
    rng = np.random.default_rng(3)
    values = np.maximum(0.0, 900 - 90 * np.arange(12) + rng.normal(0, 60, 12))  # refugees returning home
    result = forecast(annual(values), "A", horizon=5)
    assert_sound(result, 5)
    assert all(p["low95"] >= 0 and p["value"] >= 0 for p in result.points)


def test_a_monthly_seasonal_series_is_judged_against_the_seasonal_naive_forecast():
    rng = np.random.default_rng(1)
    t = np.arange(48)
    values = 2000 + 10 * t + 400 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 40, 48)
    result = forecast(monthly(values), "M")
    assert_sound(result, 12)
    by = rows(result)
    assert "seasonal naive" in by and "naive" not in by
    assert result.backtest[0]["model"] == "seasonal naive"
    assert by[result.model]["mase"] <= by["seasonal naive"]["mase"]
    assert [p["period"] for p in result.points][:2] == ["2022-01", "2022-02"]


def test_a_gap_leaves_the_older_points_out():
    values = list(range(100, 130))
    points = [p for p in annual(values) if p[0] != "1995"]
    result = forecast(points, "A")
    assert result.history == 24  # 1996-2019
    assert "5 earlier points before a gap" in result.reason


@pytest.mark.parametrize(
    "last, frequency, expected",
    [
        ("2024", "A", ["2025", "2026"]),
        ("2019", "5Y", ["2024", "2029"]),
        ("2024-S1", "S", ["2024-S2", "2025-S1"]),
        ("2024-Q4", "Q", ["2025-Q1", "2025-Q2"]),
        ("2024-12", "M", ["2025-01", "2025-02"]),
        ("2024-W52", "W", ["2025-W01", "2025-W02"]),  # 2024 has 52 ISO weeks
        ("2020-W52", "W", ["2020-W53", "2021-W01"]),  # 2020 has 53
        ("2024Q3", "Q", ["2024-Q4", "2025-Q1"]),  # any form periods.parse reads
    ],
)
def test_next_periods(last, frequency, expected):
    codes = next_periods(last, frequency, 2)
    assert codes == expected
    assert [periods.parse(c, today=FAR).code for c in codes] == codes  # canonical


def test_next_periods_refuses_a_code_of_another_frequency():
    with pytest.raises(ValueError, match="frequency"):
        next_periods("2024-Q1", "M", 1)
    with pytest.raises(ValueError, match="unknown frequency"):
        forecast(annual(range(10)), "D")


def _raises(*args, **kwargs):
    def fit(y, steps, start):
        raise RuntimeError("broken on purpose")

    return fit


def test_a_model_that_fails_is_skipped(monkeypatch):
    monkeypatch.setattr(forecasting, "_ets", _raises)
    rng = np.random.default_rng(0)
    result = forecast(annual(1000 + 30 * np.arange(20) + rng.normal(0, 20, 20)), "A")
    assert_sound(result, 3)
    assert "ETS(A,Ad,N)" not in rows(result)
    assert result.skipped == [{"model": "ETS(A,Ad,N)", "reason": "RuntimeError: broken on purpose"}]
    assert "ETS(A,Ad,N)" in result.reason and result.chosen_by == "backtest"


def test_non_convergence_and_nan_skip_a_model(monkeypatch):
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    def warns(*args, **kwargs):
        def fit(y, steps, start):
            warnings.warn("no luck", ConvergenceWarning, stacklevel=1)
            return forecasting._naive(1)(y, steps, start)

        return fit

    def nan(*args, **kwargs):
        def fit(y, steps, start):
            path, _ = forecasting._naive(1)(y, steps, start)
            path.mean[:] = np.nan
            return path, None

        return fit

    monkeypatch.setattr(forecasting, "_ets", warns)
    monkeypatch.setattr(forecasting, "_arima", nan)
    result = forecast(annual(np.arange(10) ** 1.5), "A")
    assert_sound(result, 3)
    reasons = {s["model"]: s["reason"] for s in result.skipped}
    assert reasons["ETS(A,Ad,N)"] == "did not converge"
    assert reasons["ARIMA(1,1,0) with drift"] == "returned NaN or inf"
    assert result.model == "naive" and result.chosen_by == "fallback"
    assert result.reason.startswith("every model failed")
    assert [r["model"] for r in result.backtest] == ["naive"]


def test_the_backtest_has_at_least_three_origins_on_the_shortest_series():
    result = forecast(annual([3.0, 5, 4, 6, 8, 7, 9, 11]), "A")
    assert_sound(result, 3)
    assert all(r["origins"] == 3 for r in result.backtest)
