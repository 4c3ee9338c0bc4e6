"""Working days: Monday to Friday from a plan's start."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from decisions.workdays import first_working_day, next_monday, working_day, working_days_through

days = st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))


@pytest.mark.parametrize(("today", "monday"), [
    (dt.date(2026, 1, 5), dt.date(2026, 1, 12)),   # a Monday: the next one
    (dt.date(2026, 1, 7), dt.date(2026, 1, 12)),
    (dt.date(2026, 1, 11), dt.date(2026, 1, 12)),  # a Sunday: tomorrow
])
def test_next_monday_is_the_first_monday_after_today(today, monday):
    assert next_monday(today) == monday


@pytest.mark.parametrize(("start", "offset", "day"), [
    (dt.date(2026, 1, 5), 0, dt.date(2026, 1, 5)),
    (dt.date(2026, 1, 5), 4, dt.date(2026, 1, 9)),
    (dt.date(2026, 1, 5), 5, dt.date(2026, 1, 12)),
    (dt.date(2026, 1, 9), 1, dt.date(2026, 1, 12)),
    (dt.date(2026, 1, 10), 0, dt.date(2026, 1, 12)),  # a Saturday start rolls to Monday
])
def test_working_day_skips_weekends(start, offset, day):
    assert working_day(start, offset) == day


@given(days, st.integers(0, 2_000))
def test_working_day_agrees_with_numpy_business_days(start, offset):
    expected = np.busday_offset(np.datetime64(start), offset, roll="forward")
    assert working_day(start, offset).isoformat() == str(expected)


@given(days, st.integers(-10, 400))
def test_working_days_through_counts_both_ends(start, later):
    last = start + dt.timedelta(days=later)
    counted = working_days_through(start, last)
    expected = int(np.busday_count(np.datetime64(start), np.datetime64(last + dt.timedelta(1))))
    assert counted == max(expected, 0)
    if counted:
        assert working_day(start, counted - 1) <= last < working_day(start, counted)


@given(days)
def test_first_working_day_is_a_weekday_within_two_days(day):
    first = first_working_day(day)
    assert first.weekday() < 5 and 0 <= (first - day).days <= 2
