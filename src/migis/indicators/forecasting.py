"""Honest forecasts of one statistics series: a few small models and a naive baseline, the model chosen by
how well each did on the series' own past, with those errors and the coverage of the intervals reported
next to the forecast.

The models come from statsmodels: ARIMA(0,1,0), (1,1,0) and (0,1,1) with drift, ETS(A,Ad,N) (additive
errors, damped trend) and, for quarterly and monthly series long enough, ETS(A,Ad,A) and the seasonal
ARIMA(0,1,1)(0,1,1). The baseline is the naive forecast (the last value; for a long enough quarterly,
monthly or weekly series the value of the same quarter, month or week a season before).

Each is judged by a rolling-origin backtest: refitted on the history up to each of a few origins near
the end (an expanding window) and forecasting up to `horizon` steps from there. MASE divides the mean
absolute error by the in-sample mean absolute error of the baseline on the same history (Hyndman and
Koehler 2006): below 1 is better than the naive forecast was in-sample. Coverage is the share of the
backtest's actual values inside the 80% and 95% intervals. The model with the lowest MASE forecasts;
the baseline wins ties. A model that raises, does not converge or returns NaN/inf is skipped and named.

Fewer than MIN_POINTS consecutive points give no forecast (`too_short`, with the reason). The series is
read as regular steps; for a five-yearly series (UN DESA's 1990, 1995 ... 2015, 2019) a shorter last step
counts as one step. Values stay in their units; intervals of a series never below 0 are floored at 0.
"""

import contextlib
import ctypes
import datetime
import importlib
import itertools
import math
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np

from migis.indicators import periods

MIN_POINTS = 8  # a series shorter than this is not forecast
MIN_TRAIN = 5  # the shortest history a backtest origin fits on
MAX_ORIGINS = 3  # backtest origins: each a refit of every model; 4 costs a quarter more time
FREQUENCIES = ("A", "5Y", "S", "Q", "M", "W")
HORIZONS = {"A": 3, "5Y": 3, "S": 3, "Q": 4, "M": 12, "W": 13}
SEASONS = {"Q": 4, "M": 12, "W": 52}
SEASONAL_MODELS_UP_TO = 12  # ETS and ARIMA with a 52-week season are too slow and need years of weeks
Z80 = NormalDist().inv_cdf(0.90)
Z95 = NormalDist().inv_cdf(0.975)


@dataclass
class Forecast:
    model: str  # "ETS(A,Ad,N)", "ARIMA(1,1,0) with drift", "naive", "seasonal naive"; "" if too short
    chosen_by: str  # "backtest", "fallback" (every model failed); "" if too short
    backtest: list[dict] = field(default_factory=list)  # {model, mase, mae, coverage80, coverage95, origins}
    points: list[dict] = field(default_factory=list)  # {period, start, value, low80, high80, low95, high95}
    too_short: bool = False
    reason: str = ""
    history: int = 0  # points used
    skipped: list[dict] = field(default_factory=list)  # {model, reason}: models that failed


# --- periods -------------------------------------------------------------------------------------------


def _parse(code: str, frequency: str) -> periods.Period:
    if frequency not in FREQUENCIES:
        raise ValueError(f"unknown frequency {frequency!r} (one of {', '.join(FREQUENCIES)})")
    period = periods.parse(code, today=datetime.date.max)
    if period.frequency != ("A" if frequency == "5Y" else frequency):
        raise ValueError(f"{code!r} is not a period of frequency {frequency}")
    return period


def _shift(period: periods.Period, frequency: str, k: int) -> periods.Period:
    """The period `k` steps after `period`."""
    start = period.start
    if frequency in ("A", "5Y"):
        year = start.year + k * (5 if frequency == "5Y" else 1)
        return periods.Period(str(year), datetime.date(year, 1, 1), "A")
    if frequency == "W":
        day = start + datetime.timedelta(weeks=k)
        iso = day.isocalendar()
        return periods.Period(f"{iso.year}-W{iso.week:02d}", day, "W")
    per_year = {"S": 2, "Q": 4, "M": 12}[frequency]
    months = 12 // per_year
    year, index = divmod(start.year * per_year + (start.month - 1) // months + k, per_year)
    begins = datetime.date(year, index * months + 1, 1)
    code = {"S": f"{year}-S{index + 1}", "Q": f"{year}-Q{index + 1}", "M": f"{year}-{index + 1:02d}"}
    return periods.Period(code[frequency], begins, frequency)


def next_periods(last_code: str, frequency: str, n: int) -> list[str]:
    """The codes of the `n` periods after `last_code`, written as periods.parse writes them: 2025,
    2025-S1, 2025-Q1, 2025-01, 2025-W01. A five-yearly series steps five years."""
    last = _parse(last_code, frequency)
    return [_shift(last, frequency, k).code for k in range(1, n + 1)]


def _regular_tail(
    points: Sequence[tuple[str, datetime.date, float]], frequency: str
) -> tuple[list[tuple[periods.Period, float]], str]:
    """The longest run of consecutive finite values ending with the newest one, and what was left out."""
    read = sorted(
        ((_parse(code, frequency), math.nan if value is None else float(value)) for code, _, value in points),
        key=lambda p: p[0].start,
    )
    for (a, _), (b, _) in itertools.pairwise(read):
        if a.code == b.code:
            raise ValueError(f"two values for {a.code}")
    tail: list[tuple[periods.Period, float]] = []
    for period, value in reversed(read):
        if not math.isfinite(value):
            break
        if tail and not _follows(period, tail[-1][0], frequency):
            break
        tail.append((period, value))
    tail.reverse()
    left = len(read) - len(tail)
    if not left:
        return tail, ""
    after = tail[0][0].code if tail else read[-1][0].code
    return (
        tail,
        f"{left} earlier point{'s' if left > 1 else ''} before a gap or a missing value ({after}) not used",
    )


def _follows(earlier: periods.Period, later: periods.Period, frequency: str) -> bool:
    if frequency == "5Y":  # UN DESA: 1990, 1995 ... 2015, 2019, or an edition in between
        return 0 < later.start.year - earlier.start.year <= 6
    return _shift(earlier, frequency, 1).code == later.code


# --- models --------------------------------------------------------------------------------------------


class ModelFailed(Exception):
    """A model did not fit: no convergence, NaN or inf, too little history."""


@dataclass(frozen=True)
class Prediction:
    """A forecast of the next steps: the point forecast and the bounds of the 80% and 95% intervals."""

    mean: np.ndarray
    low80: np.ndarray
    high80: np.ndarray
    low95: np.ndarray
    high95: np.ndarray


# (history, steps, parameters to start from or None) -> (forecast, fitted parameters to start the next fit)
Fitter = Callable[[np.ndarray, int, Any], tuple[Prediction, Any]]


@dataclass(frozen=True)
class _Model:
    name: str
    fit: Fitter


def _from_sd(mean: np.ndarray, sd: np.ndarray) -> Prediction:
    return Prediction(mean, mean - Z80 * sd, mean + Z80 * sd, mean - Z95 * sd, mean + Z95 * sd)


def _naive(season: int) -> Fitter:
    """The last value (a season ago for `season` > 1); intervals from the spread of the in-sample naive
    errors, widening with the square root of the steps (of the seasons ahead, for a seasonal naive)."""

    def fit(y: np.ndarray, steps: int, start: Any) -> tuple[Prediction, Any]:
        if len(y) <= season:
            raise ModelFailed(f"{len(y)} points are not a season of {season}")
        resid = y[season:] - y[:-season]
        sigma = math.sqrt(float(np.mean(resid**2)))
        h = np.arange(steps)
        mean = y[len(y) - season + h % season]
        return _from_sd(mean, sigma * np.sqrt(h // season + 1.0)), None

    return fit


def _converged(res: Any) -> None:
    retvals = getattr(getattr(res, "mlefit", None), "mle_retvals", None) or {}
    if not retvals.get("converged", True):
        raise ModelFailed("did not converge")


def _arima(order: tuple[int, int, int], seasonal: tuple[int, int, int, int] = (0, 0, 0, 0)) -> Fitter:
    """ARIMA by state-space maximum likelihood; with drift unless seasonal."""
    trend = "n" if seasonal[3] else "t"  # with d = 1, "t" is the drift (a constant in the differences)

    def fit(y: np.ndarray, steps: int, start: Any) -> tuple[Prediction, Any]:
        from statsmodels.tsa.arima.model import ARIMA

        model = ARIMA(y, order=order, seasonal_order=seasonal, trend=trend, concentrate_scale=True)
        res = model.fit(start_params=start, cov_type="none")
        _converged(res)
        fc = res.get_forecast(steps)
        ci80, ci95 = np.asarray(fc.conf_int(alpha=0.2)), np.asarray(fc.conf_int(alpha=0.05))
        path = Prediction(np.asarray(fc.predicted_mean), ci80[:, 0], ci80[:, 1], ci95[:, 0], ci95[:, 1])
        return path, np.asarray(res.params)

    return fit


def _ets(season: int = 0) -> Fitter:
    """ETS with additive errors and a damped additive trend (and additive seasons), by maximum
    likelihood; the intervals are the model's exact ones."""

    def fit(y: np.ndarray, steps: int, start: Any) -> tuple[Prediction, Any]:
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        pd = importlib.import_module("pandas")  # by name: this project has no pandas stubs for mypy
        model = ETSModel(
            pd.Series(y),  # a plain array fails in ETSResults.get_prediction (statsmodels 0.15)
            error="add",
            trend="add",
            damped_trend=True,
            seasonal="add" if season else None,
            seasonal_periods=season or None,
        )
        res = model.fit(start_params=start, disp=False)
        _converged(res)
        pred = res.get_prediction(start=len(y), end=len(y) + steps - 1, method="exact")
        f80, f95 = pred.summary_frame(alpha=0.2), pred.summary_frame(alpha=0.05)
        path = Prediction(
            f80["mean"].to_numpy(),
            f80["pi_lower"].to_numpy(),
            f80["pi_upper"].to_numpy(),
            f95["pi_lower"].to_numpy(),
            f95["pi_upper"].to_numpy(),
        )
        return path, np.asarray(res.params)

    return fit


def _models(season: int, first_train: int) -> list[_Model]:
    """The baseline first (it wins ties), then the models worth fitting on a history of `first_train`."""
    models = [_Model("seasonal naive" if season > 1 else "naive", _naive(season))]
    models += [
        _Model("ARIMA(0,1,0) with drift", _arima((0, 1, 0))),
        _Model("ARIMA(1,1,0) with drift", _arima((1, 1, 0))),
        _Model("ARIMA(0,1,1) with drift", _arima((0, 1, 1))),
        _Model("ETS(A,Ad,N)", _ets()),
    ]
    if 1 < season <= SEASONAL_MODELS_UP_TO and first_train >= 3 * season:
        models += [
            _Model("ETS(A,Ad,A)", _ets(season)),
            _Model(f"ARIMA(0,1,1)(0,1,1)[{season}]", _arima((0, 1, 1), (0, 1, 1, season))),
        ]
    return models


@dataclass(frozen=True)
class _Series:
    y: np.ndarray
    loc: float  # models fit (y - loc) / scale: the same forecasts, better conditioned optimisation
    scale: float
    floor: bool  # never below 0: intervals are floored at 0


def _predict(model: _Model, s: _Series, n: int, steps: int, start: Any) -> tuple[Prediction, Any]:
    """`model` fitted on the first `n` values, forecasting `steps`; ModelFailed when it fails in any way.
    A fit started from the parameters of the previous one is tried again from the model's own start."""
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    z = (s.y[:n] - s.loc) / s.scale
    failure: Exception = ModelFailed("not fitted")
    for begin in (start, None) if start is not None else (None,):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")  # statsmodels' notes on start parameters, frequencies ...
                warnings.simplefilter("error", ConvergenceWarning)
                path, params = model.fit(z, steps, begin)
            return _tidy(path, s, steps), params
        except Exception as e:  # noqa: BLE001 -- whatever a model raises skips the model, not the forecast
            failure = e
    raise ModelFailed(_describe(failure)) from failure


def _describe(e: Exception) -> str:
    if isinstance(e, ModelFailed):
        return str(e)
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    if isinstance(e, ConvergenceWarning):
        return "did not converge"
    return f"{type(e).__name__}: {e}"[:200]


def _tidy(path: Prediction, s: _Series, steps: int) -> Prediction:
    """Back in the series' units; finite, `steps` long, intervals nested around the point forecast,
    floored at 0 for a series never below 0."""
    parts = [np.asarray(a, dtype=float) * s.scale + s.loc for a in (path.mean, path.low80, path.high80)]
    parts += [np.asarray(a, dtype=float) * s.scale + s.loc for a in (path.low95, path.high95)]
    if any(a.shape != (steps,) or not np.all(np.isfinite(a)) for a in parts):
        raise ModelFailed("returned NaN or inf")
    mean, low80, high80, low95, high95 = parts
    if s.floor:
        mean, low80, low95 = (np.maximum(a, 0.0) for a in (mean, low80, low95))
    low80, high80 = np.minimum(low80, mean), np.maximum(high80, mean)
    return Prediction(mean, low80, high80, np.minimum(low95, low80), np.maximum(high95, high80))


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """The OpenBLAS libraries loaded (scipy's, which statsmodels' Kalman filter and L-BFGS-B call on
    matrices of a few rows) set to one thread while the block runs, and back after. Their threads cost
    there, five times the time on two busy cores, and make the last digits depend on the machine. This is
    what threadpoolctl does, and as its limits this one holds for the whole process while it lasts; a
    no-op where /proc/self/maps or the OpenBLAS symbols are missing."""
    restore = []
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        maps = ""
    for path in sorted(set(re.findall(r"(/\S*openblas\S*\.so\S*)$", maps, re.M))):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix in (("", ""), ("", "64_"), ("scipy_", ""), ("scipy_", "64_")):
            setter = getattr(lib, f"{prefix}openblas_set_num_threads{suffix}", None)
            getter = getattr(lib, f"{prefix}openblas_get_num_threads{suffix}", None)
            if setter is not None and getter is not None:
                restore.append((setter, getter()))
                setter(1)
                break
    try:
        yield
    finally:
        for setter, threads in restore:
            setter(threads)


# --- backtest and forecast -----------------------------------------------------------------------------


def _origins(n: int, horizon: int) -> list[int]:
    """Up to MAX_ORIGINS consecutive history lengths, as late as lets each forecast `horizon` steps, the
    first at least MIN_TRAIN long."""
    k = min(MAX_ORIGINS, n - MIN_TRAIN)
    last = max(MIN_TRAIN + k - 1, n - horizon)
    return list(range(last - k + 1, last + 1))


def _scale(y: np.ndarray, season: int) -> float:
    """The in-sample mean absolute error of the (seasonal) naive forecast: what MASE divides by."""
    return float(np.mean(np.abs(y[season:] - y[:-season]))) if len(y) > season else 0.0


def _backtest(model: _Model, s: _Series, origins: list[int], horizon: int, season: int) -> tuple[dict, Any]:
    n = len(s.y)
    whole = _scale(s.y, season)
    errors: list[float] = []
    scaled: list[float] = []
    hits80 = hits95 = 0
    params = None
    for o in origins:
        steps = min(horizon, n - o)
        path, params = _predict(model, s, o, steps, params)
        actual = s.y[o : o + steps]
        err = np.abs(actual - path.mean)
        errors += err.tolist()
        scale = _scale(s.y[:o], season) or whole  # a flat history: the whole series' scale
        scaled += (err / scale).tolist() if scale else [math.nan] * steps
        hits80 += int(np.sum((path.low80 <= actual) & (actual <= path.high80)))
        hits95 += int(np.sum((path.low95 <= actual) & (actual <= path.high95)))
    mase = float(np.mean(scaled))
    row = {
        "model": model.name,
        "mase": mase if math.isfinite(mase) else None,
        "mae": float(np.mean(errors)),
        "coverage80": hits80 / len(errors),
        "coverage95": hits95 / len(errors),
        "origins": len(origins),
    }
    return row, params


def forecast(
    points: Sequence[tuple[str, datetime.date, float]], frequency: str, horizon: int | None = None
) -> Forecast:
    """Forecast `horizon` periods after the last of `points` ((period code, start, value), any order; the
    start is read from the code). ValueError for an unknown frequency, a code of another frequency or two
    values for one period; a model that fails is skipped, never raised."""
    if frequency not in FREQUENCIES:
        raise ValueError(f"unknown frequency {frequency!r} (one of {', '.join(FREQUENCIES)})")
    horizon = HORIZONS[frequency] if horizon is None else horizon
    if horizon < 1:
        raise ValueError(f"the horizon must be at least one period, not {horizon}")
    tail, left_out = _regular_tail(points, frequency)
    n = len(tail)
    if n < MIN_POINTS:
        reason = f"{n} point{'' if n == 1 else 's'}; at least {MIN_POINTS} are needed for a backtest"
        return Forecast("", "", too_short=True, reason=_join(reason, left_out), history=n)

    # statsmodels takes seconds to import: not with this module but here, before _one_blas_thread looks
    # for the OpenBLAS its scipy loads
    import statsmodels.tsa.arima.model
    import statsmodels.tsa.exponential_smoothing.ets  # noqa: F401

    with _one_blas_thread():
        return _forecast(tail, frequency, horizon, left_out)


def _forecast(
    tail: list[tuple[periods.Period, float]], frequency: str, horizon: int, left_out: str
) -> Forecast:
    n = len(tail)
    y = np.array([v for _, v in tail], dtype=float)
    spread = float(np.std(y))
    s = _Series(y, float(np.mean(y)), spread if spread > 0 else 1.0, bool(np.all(y >= 0)))
    origins = _origins(n, horizon)
    season = SEASONS.get(frequency, 1)
    season = season if origins[0] >= 2 * season else 1  # a seasonal naive needs two seasons to start from
    rows: list[dict] = []
    fitted: dict[str, tuple[_Model, Any]] = {}
    skipped: list[dict] = []
    for model in _models(season, origins[0]):
        try:
            row, params = _backtest(model, s, origins, horizon, season)
        except ModelFailed as e:
            skipped.append({"model": model.name, "reason": str(e)})
            continue
        rows.append(row)
        fitted[model.name] = (model, params)

    by_mase = all(r["mase"] is not None for r in rows)
    ranked = sorted(
        range(len(rows)), key=lambda i: (round(rows[i]["mase" if by_mase else "mae"], 9), i)
    )  # the baseline (first) wins ties
    future = [_shift(tail[-1][0], frequency, k) for k in range(1, horizon + 1)]
    for i in ranked:
        model, params = fitted[rows[i]["model"]]
        try:
            path, _ = _predict(model, s, n, horizon, params)
        except ModelFailed as e:
            skipped.append({"model": model.name, "reason": f"failed on the whole series: {e}"})
            continue
        chosen_by = "backtest" if len(rows) > 1 else "fallback"
        reason = _why(rows, i, by_mase, skipped, chosen_by)
        return Forecast(
            model=model.name,
            chosen_by=chosen_by,
            backtest=rows,
            points=_points(future, path),
            reason=_join(reason, left_out),
            history=n,
            skipped=skipped,
        )
    raise AssertionError("the naive baseline cannot fail on a series of MIN_POINTS")  # pragma: no cover


def _points(future: list[periods.Period], path: Prediction) -> list[dict]:
    return [
        {
            "period": p.code,
            "start": p.start,
            "value": float(path.mean[k]),
            "low80": float(path.low80[k]),
            "high80": float(path.high80[k]),
            "low95": float(path.low95[k]),
            "high95": float(path.high95[k]),
        }
        for k, p in enumerate(future)
    ]


def _why(rows: list[dict], chosen: int, by_mase: bool, skipped: list[dict], chosen_by: str) -> str:
    failed = "; ".join(f"{s['model']}: {s['reason']}" for s in skipped)
    if chosen_by == "fallback":
        return f"every model failed ({failed}); the {rows[chosen]['model']} forecast is shown"
    metric, key = ("MASE", "mase") if by_mase else ("mean absolute error", "mae")
    base, best = rows[0], rows[chosen]
    origins = base["origins"]
    if chosen == 0:
        rival = min(rows[1:], key=lambda r: r[key])
        text = (
            f"no model did better than the {base['model']} forecast over {origins} backtest origins "
            f"({metric} {base[key]:.3g}; best model {rival['model']} {rival[key]:.3g})"
        )
    else:
        among = "" if all(best[key] <= r[key] for r in rows) else " of those that fitted the whole series"
        text = (
            f"{best['model']} had the lowest {metric}{among} over {origins} backtest origins "
            f"({best[key]:.3g}; {base['model']} {base[key]:.3g})"
        )
    if not by_mase:
        text += "; the history does not change, so errors are not scaled"
    return _join(text, f"skipped {failed}" if failed else "")


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)
