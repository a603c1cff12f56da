"""Periods and numbers as publishers write them: read into one form, or refused with the reason."""

import datetime

import pytest

from migis.indicators import periods, values

TODAY = datetime.date(2026, 11, 30)


@pytest.mark.parametrize(
    "text, code, start",
    [
        ("2019", "2019", "2019-01-01"),
        (2019.0, "2019", "2019-01-01"),
        ("2019-S2", "2019-S2", "2019-07-01"),
        ("2019H1", "2019-S1", "2019-01-01"),
        ("2019-Q3", "2019-Q3", "2019-07-01"),
        ("2019 q4", "2019-Q4", "2019-10-01"),
        ("2019-03", "2019-03", "2019-03-01"),
        ("2019M11", "2019-11", "2019-11-01"),
        ("2020-W53", "2020-W53", "2020-12-28"),
        ("2015W01", "2015-W01", "2014-12-29"),
        ("1990-1995", "1990-1995", "1990-01-01"),
    ],
)
def test_periods_are_read_into_one_form(text, code, start):
    period = periods.parse(text, today=TODAY)
    assert (period.code, period.start.isoformat()) == (code, start)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("2021-W53", "2021 has 52 ISO weeks"),
        ("2019-13", "there is no month 13"),
        ("2019-03-31", "is a day"),
        ("2030", "has not begun yet"),
        ("1750", "outside the years"),
        ("last year", "is not a period"),
        ("", "the period is empty"),
        ("1995-1990", "ends after it begins"),
    ],
)
def test_a_period_that_is_not_one_is_refused_with_its_reason(text, reason):
    with pytest.raises(periods.PeriodError, match=reason):
        periods.parse(text, today=TODAY)


@pytest.mark.parametrize(
    "text, number",
    [
        ("1234.5", 1234.5),
        ("1,234,567.5", 1234567.5),
        ("1.234.567,5", 1234567.5),
        ("1 234 567", 1234567.0),
        ("1\u202f234,5", 1234.5),
        ("12,5", 12.5),
        ("-3", -3.0),
        ("2.5e3", 2500.0),
        (7, 7.0),
        ("..", None),
        ("-", None),
        ("", None),
        ("NaN", None),
        (float("nan"), None),
    ],
)
def test_numbers_are_read_as_written(text, number):
    assert values.parse(text) == number


@pytest.mark.parametrize(
    "text, reason",
    [
        ("1,234", "ambiguous"),
        ("=SUM(A1:A3)", "formula"),
        ("12 apples", "not a number"),
        ("1e999", "too large"),
        (True, "not a number"),
    ],
)
def test_a_value_that_is_not_a_number_is_refused(text, reason):
    with pytest.raises(values.NotANumber, match=reason):
        values.parse(text)
