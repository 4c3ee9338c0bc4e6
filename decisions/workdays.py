"""Working days: Monday to Friday, counted from a plan's start date (no public holidays)."""

from __future__ import annotations

import datetime as dt

WEEK = 5
"""Working days in a week."""


def first_working_day(day: dt.date) -> dt.date:
    """The day itself on a weekday; the following Monday on a Saturday or Sunday."""
    return next_monday(day) if day.weekday() >= WEEK else day


def next_monday(today: dt.date) -> dt.date:
    """The first Monday after today: a plan made this week starts on a fresh week."""
    return today + dt.timedelta(days=7 - today.weekday())


def working_day(start: dt.date, offset: int) -> dt.date:
    """The date of working day `offset` (0 is the first working day on or after `start`)."""
    first = first_working_day(start)
    weeks, day = divmod(first.weekday() + offset, WEEK)
    return first + dt.timedelta(days=weeks * 7 + day - first.weekday())


def working_days_through(start: dt.date, last: dt.date) -> int:
    """How many working days lie from `start` up to and including `last` (0 when before)."""
    first = first_working_day(start)
    if last < first:
        return 0
    weeks, rest = divmod((last - first).days, 7)
    partial = sum(1 for i in range(rest + 1) if (first.weekday() + i) % 7 < WEEK)
    return weeks * WEEK + partial
