"""Data quality of statistics, for editors: values that jump out of their series, periods a series skips,
and series that have not been updated for longer than their periodicity allows.

Everything is read through the reader scope (`services.visible_observations`) from the current versions
of the datasets, so an editor's page shows what its reader may see and nothing an older edition held.
Queries stay bounded: outliers stream the values one series at a time, gaps and staleness start from one
aggregate query (first period, last period, number of periods per series) and fetch periods only for the
series whose count shows some are missing (one query per indicator with such series).
"""

import datetime
import heapq
import itertools
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from django.db.models import Count, Max, Min, Q

from migis.indicators.models import Indicator, Periodicity
from migis.indicators.periods import PeriodError, parse
from migis.indicators.services import visible_observations

# Iglewicz and Hoaglin: 0.6745 is the 0.75 quantile of the standard normal, so 0.6745 / MAD estimates
# 1 / sigma for normal data; 3.5 is their recommended cut-off.
MAD_SCALE = 0.6745
# When more than half the values are equal the MAD is 0; common practice (IBM SPSS, among others) then
# divides by 1.253314 times the mean absolute deviation from the median (1.253314 = sqrt(pi / 2), which
# makes it estimate sigma for normal data).
MEAN_AD_SCALE = 1.253314
THRESHOLD = 3.5
MIN_POINTS = 5  # values a series needs before its changes are judged (4 changes)
MAX_MISSING_LISTED = 10
INTERVAL = r"^[0-9]{4}-[0-9]{4}$"  # "1990-1995": UN DESA's rates of change over an interval


def modified_z_scores(values: list[float]) -> list[float]:
    """The modified z-score of each value (see `outliers`); all 0 when the values do not vary."""
    if not values:
        return []
    median = statistics.median(values)
    deviations = [abs(x - median) for x in values]
    # Spreads within rounding noise of the values (0.1 + 0.2 - 0.3) count as none.
    noise = 1e-9 * max(abs(x) for x in values)
    mad = statistics.median(deviations)
    if mad > noise:
        return [MAD_SCALE * (x - median) / mad for x in values]
    mean_ad = statistics.fmean(deviations)
    if mean_ad > noise:
        return [(x - median) / (MEAN_AD_SCALE * mean_ad) for x in values]
    return [0.0] * len(values)


def outliers(values: list[float], threshold: float = THRESHOLD) -> list[int]:
    """The indexes of the outliers among `values` by the modified z-score of Iglewicz and Hoaglin:
    M = 0.6745 (x - median) / MAD, with MAD the median absolute deviation from the median; a value is an
    outlier when |M| > threshold (3.5, as they recommend).

    The median and the MAD are not pulled by the outliers themselves, unlike the mean and the standard
    deviation, so one large value cannot hide itself (or another) by inflating the spread; this suits the
    skewed values of migration statistics. With n values mean +/- 3 sd cannot even flag anything when
    n <= 10, since no z-score exceeds (n - 1) / sqrt(n).

    When the MAD is 0 (more than half the values equal) the mean absolute deviation from the median,
    scaled by 1.253314, takes its place, as is common practice; when that is 0 too every value is the
    same and there is no outlier.

    Reference: NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.5.17 "Detection of Outliers",
    https://www.itl.nist.gov/div898/handbook/eda/section3/eda35h.htm (after B. Iglewicz and D. Hoaglin,
    "How to Detect and Handle Outliers", ASQC Quality Press, 1993).
    """
    return [i for i, m in enumerate(modified_z_scores(values)) if abs(m) > threshold]


# -- Outliers in series ------------------------------------------------------------------------------------

Row = tuple[str, str, str, str, float, str]  # indicator code, iso3, breakdown, period, value, dataset slug


def _series_rows(user, indicator: Indicator | None) -> Iterator[Row]:
    qs = visible_observations(user).filter(origin__isnull=True, value__isnull=False)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    rows = (
        qs.order_by("indicator_id", "country_id", "breakdown", "period_start")
        .values_list(
            "indicator__code", "country__iso3", "breakdown", "period", "value", "version__dataset__slug"
        )
        .iterator(chunk_size=2000)
    )
    return cast(Iterator[Row], rows)  # values are not null: filtered above


def _jumps(rows: list[Row], threshold: float) -> Iterator[dict]:
    """The values of one series (one dataset, oldest first) whose change from the previous value is an
    outlier among the series' changes."""
    if len(rows) < MIN_POINTS:
        return
    changes = [b[4] - a[4] for a, b in itertools.pairwise(rows)]
    scores = modified_z_scores(changes)
    flagged = {i for i, m in enumerate(scores) if abs(m) > threshold}
    for i in sorted(flagged):
        # A spike (a jump and a jump back) makes two outlying changes of opposite sign in a row: the value
        # at fault is the first one, so the way back is not reported as a second outlier.
        if i - 1 in flagged and scores[i - 1] * scores[i] < 0:
            flagged.discard(i)
            continue
        code, iso3, breakdown, period, value, dataset = rows[i + 1]
        yield {
            "indicator": code,
            "country": iso3,
            "breakdown": breakdown,
            "period": period,
            "value": value,
            "change": changes[i],
            "score": round(scores[i], 2),
            "dataset": dataset,
        }


def series_outliers(
    user, indicator: Indicator | None = None, limit: int = 200, threshold: float = THRESHOLD
) -> list[dict]:
    """Values that break their series, largest |score| first, at most `limit`:
    {indicator, country, breakdown, period, value, change, score, dataset}.

    A series is the values of one indicator for one country and breakdown (origin none) in the current
    versions `user` may see, oldest period first; values of different datasets are separate series (two
    publishers' figures side by side are not a jump). Levels of a series usually trend (a growing stock
    of migrants), so the modified z-score is taken of the period-over-period changes, not of the levels:
    the value reported is the one the outlying change arrived at. A series needs at least 5 values.

    The values come from one query ordered by series and period, streamed; memory holds one series and
    the `limit` largest findings.
    """
    return heapq.nlargest(limit, _all_jumps(user, indicator, threshold), key=lambda f: abs(f["score"]))


def _all_jumps(user, indicator: Indicator | None, threshold: float) -> Iterator[dict]:
    for _key, group in itertools.groupby(_series_rows(user, indicator), key=lambda r: r[:3]):
        by_dataset: dict[str, list[Row]] = {}
        for row in group:
            by_dataset.setdefault(row[5], []).append(row)
        for rows in by_dataset.values():
            yield from _jumps(rows, threshold)


# -- Gaps and stale series ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    months: int = 0
    days: int = 0


STEPS = {
    Periodicity.ANNUAL: Step(months=12),
    Periodicity.FIVE_YEARLY: Step(months=60),
    Periodicity.HALF_YEARLY: Step(months=6),
    Periodicity.QUARTERLY: Step(months=3),
    Periodicity.MONTHLY: Step(months=1),
    Periodicity.WEEKLY: Step(days=7),
}

# How old the start of a series' last period may be before the series counts as stale. These are choices
# (publication lags), not a standard: an annual series is stale when its last year began more than 2
# years before the current year did (in 2025, a series ending 2022 is stale, one ending 2023 is not);
# five-yearly 6 years, likewise from the current year's start (a census round may come late); half-yearly
# 1 year, quarterly 9 months, monthly 4 months and weekly 6 weeks, counted back from today.
STALE_AFTER = {
    Periodicity.ANNUAL: Step(months=24),
    Periodicity.FIVE_YEARLY: Step(months=72),
    Periodicity.HALF_YEARLY: Step(months=12),
    Periodicity.QUARTERLY: Step(months=9),
    Periodicity.MONTHLY: Step(months=4),
    Periodicity.WEEKLY: Step(days=42),
}
YEARLY = {Periodicity.ANNUAL, Periodicity.FIVE_YEARLY}


def _months(a: datetime.date, b: datetime.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _add(day: datetime.date, step: Step, times: int = 1) -> datetime.date:
    if step.days:
        return day + datetime.timedelta(days=step.days * times)
    month = day.month - 1 + step.months * times
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def _expected(first: datetime.date, last: datetime.date, step: Step) -> int:
    """Periods from `first` to `last` included, one every `step`."""
    if step.days:
        return (last - first).days // step.days + 1
    return _months(first, last) // step.months + 1


def _code(day: datetime.date, periodicity: str) -> str:
    if periodicity in YEARLY:
        return str(day.year)
    if periodicity == Periodicity.HALF_YEARLY:
        return f"{day.year}-S{(day.month - 1) // 6 + 1}"
    if periodicity == Periodicity.QUARTERLY:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if periodicity == Periodicity.MONTHLY:
        return f"{day.year}-{day.month:02d}"
    week = day.isocalendar()
    return f"{week.year}-W{week.week:02d}"


def _series_summary(user):
    """One aggregate query: per (indicator, country) series with a value, its first and last period start,
    its number of distinct periods and how many of its periods are intervals."""
    return (
        visible_observations(user)
        .filter(value__isnull=False)
        .values("indicator_id", "indicator__code", "indicator__periodicity", "country_id", "country__iso3")
        .annotate(
            first=Min("period_start"),
            last=Max("period_start"),
            periods=Count("period_start", distinct=True),
            intervals=Count("pk", filter=Q(period__regex=INTERVAL)),
        )
        .order_by("indicator__code", "indicator_id", "country__iso3")
    )


def _held(user, indicator_id: int, countries: list[int]) -> dict[int, list[tuple[str, datetime.date]]]:
    """The distinct periods (code, start) with a value of one indicator's series in `countries`."""
    held: dict[int, list[tuple[str, datetime.date]]] = {}
    rows = (
        visible_observations(user)
        .filter(indicator_id=indicator_id, country_id__in=countries, value__isnull=False)
        .values_list("country_id", "period", "period_start")
        .distinct()
        .iterator(chunk_size=2000)
    )
    for country, code, start in rows:
        held.setdefault(country, []).append((code, start))
    return held


def _missing(s: dict, periods: list[tuple[str, datetime.date]]) -> list[str] | None:
    """The periods the series skips (at most MAX_MISSING_LISTED), or None when its periods are not of its
    indicator's periodicity (then the count says nothing)."""
    periodicity = s["indicator__periodicity"]
    frequency = "A" if periodicity in YEARLY else periodicity
    starts = set()
    for code, start in periods:
        try:
            if parse(code, today=datetime.date.max).frequency != frequency:
                return None
        except PeriodError:
            return None
        starts.add(start)
    step = STEPS[periodicity]
    missing = []
    for n in range(_expected(s["first"], s["last"], step)):
        day = _add(s["first"], step, n)
        if day not in starts:
            missing.append(_code(day, periodicity))
            if len(missing) == MAX_MISSING_LISTED:
                break
    return missing


def gaps_and_stale(user, today: datetime.date | None = None) -> dict[str, list[dict]]:
    """Series with holes and series left behind, for the current versions `user` may see.

    A series is the values of one indicator for one country (any breakdown or origin: a period is held
    when any value for it is); a period whose value the publisher marked missing is not held.

    - `gaps`: series that skip periods between their first and last given the indicator's periodicity
      (A every year, 5Y every five years from the first, S, Q, M and W by their steps):
      {indicator, country, first, last, periods, expected, missing} with up to 10 missing period codes.
      The count of periods is compared with the number expected first; only the series short of periods
      have their periods fetched, in one query per indicator. Irregular indicators and series holding
      intervals ("1990-1995") or periods of another frequency are skipped.
    - `stale`: series whose last period began longer ago than the periodicity allows (STALE_AFTER):
      {indicator, country, last, age_days, allowed}.

    Queries: one aggregate (first, last and number of periods per series) and one per indicator with
    gaps; memory holds the summary rows of one indicator and the periods of its short series.
    """
    today = today or datetime.date.today()
    year_start = datetime.date(today.year, 1, 1)
    gaps: list[dict] = []
    stale: list[dict] = []
    for indicator_id, group in itertools.groupby(_series_summary(user), key=lambda s: s["indicator_id"]):
        short: list[tuple[dict, int]] = []
        for s in group:
            periodicity = s["indicator__periodicity"]
            step = STEPS.get(periodicity)
            if step is None or s["intervals"]:
                continue
            allowed = STALE_AFTER[periodicity]
            if s["last"] < _back(year_start if periodicity in YEARLY else today, allowed):
                stale.append(
                    {
                        "indicator": s["indicator__code"],
                        "country": s["country__iso3"],
                        "last": _code(s["last"], periodicity),
                        "age_days": (today - s["last"]).days,
                        "allowed": _describe(allowed),
                    }
                )
            expected = _expected(s["first"], s["last"], step)
            if s["periods"] < expected:
                short.append((s, expected))
        if not short:
            continue
        held = _held(user, indicator_id, [s["country_id"] for s, _ in short])
        for s, expected in short:
            missing = _missing(s, held.get(s["country_id"], []))
            if missing:
                periodicity = s["indicator__periodicity"]
                gaps.append(
                    {
                        "indicator": s["indicator__code"],
                        "country": s["country__iso3"],
                        "first": _code(s["first"], periodicity),
                        "last": _code(s["last"], periodicity),
                        "periods": s["periods"],
                        "expected": expected,
                        "missing": missing,
                    }
                )
    return {"gaps": gaps, "stale": stale}


def _back(day: datetime.date, step: Step) -> datetime.date:
    """`day` less `step` (a month step keeps the day of the month, clamped to the month's end)."""
    if step.days:
        return day - datetime.timedelta(days=step.days)
    month = day.month - 1 - step.months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _describe(step: Step) -> str:
    if step.days:
        return f"{step.days // 7} weeks"
    if step.months % 12 == 0:
        return f"{step.months // 12} years"
    return f"{step.months} months"
