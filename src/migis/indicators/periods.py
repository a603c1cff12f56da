"""Periods as publishers write them, read into one canonical form with the date each starts.

Year "2019"; half "2019-S1" (also 2019-H1, 2019S1, 2019-B1); quarter "2019-Q1" (2019Q1, 2019 Q1);
month "2019-03" (2019M03, 2019-M03; 201903 is not read); ISO week "2020-W53" (2020W53; a 53rd week
only in the years that have one); an interval of years "1990-1995" (UN DESA's rates of change over it).
A day "2019-03-31" is refused, naming the month and year forms.
"""

import datetime
import re
from dataclasses import dataclass


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    code: str  # canonical: 2019, 2019-S1, 2019-Q1, 2019-03, 2020-W53
    start: datetime.date
    frequency: str  # A, S, Q, M, W (indicators.models.Periodicity)


_FORMS = [
    (re.compile(r"^(\d{4})$"), "A"),
    (re.compile(r"^(\d{4})[- ]?[SHB]([12])$", re.I), "S"),
    (re.compile(r"^(\d{4})[- ]?Q([1-4])$", re.I), "Q"),
    (re.compile(r"^(\d{4})[- ]?M?(\d{2})$", re.I), "M"),
    (re.compile(r"^(\d{4})-?W(\d{2})$", re.I), "W"),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "D"),
    (re.compile(r"^(\d{4}) ?[-–/] ?(\d{4})$"), "I"),  # an interval: UN DESA's rates of change, 1990-1995
]
FIRST_YEAR, LAST_YEAR = 1800, 2200


def parse(text, today: datetime.date | None = None) -> Period:
    """The period `text` names; PeriodError says why not. A period that has not begun yet is refused:
    statistics report what was, forecasts are made by migis, not imported."""
    raw = str(text).strip()
    if isinstance(text, float) and text.is_integer():  # a year read from a workbook as 2019.0
        raw = str(int(text))
    for pattern, frequency in _FORMS:
        if m := pattern.match(raw):
            period = _build(m, frequency, raw)
            break
    else:
        raise PeriodError(
            f"{raw!r} is not a period (write 2019, 2019-S1, 2019-Q1, 2019-03 or 2019-W05)"
            if raw
            else "the period is empty"
        )
    if not FIRST_YEAR <= period.start.year <= LAST_YEAR:
        raise PeriodError(f"{raw!r} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
    if period.start > (today or datetime.date.today()):
        raise PeriodError(f"{raw!r} has not begun yet (a future period)")
    return period


def _build(m, frequency: str, raw: str) -> Period:
    year = int(m.group(1))
    if frequency == "A":
        return Period(str(year), datetime.date(year, 1, 1), "A")
    if frequency == "D":
        raise PeriodError(f"{raw!r} is a day; give the month (2019-03) or the year")
    if frequency == "I":
        end = int(m.group(2))
        if end <= year:
            raise PeriodError(f"{raw!r}: an interval ends after it begins")
        return Period(f"{year}-{end}", datetime.date(year, 1, 1), "I")
    number = int(m.group(2))
    if frequency == "S":
        return Period(f"{year}-S{number}", datetime.date(year, 6 * number - 5, 1), "S")
    if frequency == "Q":
        return Period(f"{year}-Q{number}", datetime.date(year, 3 * number - 2, 1), "Q")
    if frequency == "M":
        if not 1 <= number <= 12:
            raise PeriodError(f"{raw!r}: there is no month {number}")
        return Period(f"{year}-{number:02d}", datetime.date(year, number, 1), "M")
    weeks = datetime.date(year, 12, 28).isocalendar().week  # 28 December is always in the last week
    if not 1 <= number <= weeks:
        raise PeriodError(f"{raw!r}: {year} has {weeks} ISO weeks")
    return Period(f"{year}-W{number:02d}", datetime.date.fromisocalendar(year, number, 1), "W")
