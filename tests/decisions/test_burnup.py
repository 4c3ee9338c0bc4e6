"""The burn-up: done effort against the total scope, one point per day of history."""

from __future__ import annotations

import datetime as dt

import pytest

from decisions.burnup import BurnUpPoint, burn_up, scope_and_done
from decisions.operations import set_progress, set_scope
from decisions.store import WorkspaceStore
from decisions.workspace import Workspace
from tests.conftest import START, Clock

EACH = (2 + 4 * 3 + 6) / 6
"""The expected effort of every aspect of the tiny base (2 / 3 / 6 person-days)."""
DAY1 = START.date()


@pytest.fixture
def daily(tmp_path) -> WorkspaceStore:
    """A store whose every write happens one day after the previous one."""
    store = WorkspaceStore(tmp_path / "w", clock=Clock(step=dt.timedelta(days=1)))
    store.init()
    return store


def write(store: WorkspaceStore, kb, operation) -> None:
    store.apply(store.revision(), lambda ws: operation(kb, ws), who="Ana", via="cli")


def test_scope_counts_every_in_scope_aspect_as_if_none_were_started(tiny_kb):
    scope, done = scope_and_done(tiny_kb, Workspace())
    assert (scope, done) == (pytest.approx(4 * EACH), 0)


@pytest.mark.parametrize(("state", "ticked", "scope", "done"), [
    ("done", [0, 1, 2], 4 * EACH, EACH),
    ("in-progress", [0], 4 * EACH, EACH / 3),
    ("deferred", [], 3 * EACH, 0),
    ("not-started", [0, 1], 4 * EACH, 0),
])
def test_done_follows_the_state_and_the_ticks(tiny_kb, state, ticked, scope, done):
    workspace, _ = set_progress(tiny_kb, Workspace(), "certificates", state, tick=ticked)
    assert scope_and_done(tiny_kb, workspace) == (pytest.approx(scope), pytest.approx(done))


def test_an_empty_history_has_no_point_until_today(tiny_kb):
    assert burn_up(tiny_kb, []) == []
    assert burn_up(tiny_kb, [], DAY1) == [BurnUpPoint(DAY1, pytest.approx(4 * EACH), 0.0)]


def test_one_point_per_day_of_history_and_one_for_today(tiny_kb, daily):
    write(daily, tiny_kb, lambda kb, ws: set_progress(kb, ws, "certificates", "done",
                                                      tick=[0, 1, 2]))
    write(daily, tiny_kb, lambda kb, ws: set_scope(kb, ws, "logging", False, "later"))
    write(daily, tiny_kb, lambda kb, ws: set_progress(kb, ws, "tokens", "in-progress",
                                                      tick=[0, 1]))
    first = daily.history()[0].at.date()
    points = burn_up(tiny_kb, daily.history(), first + dt.timedelta(days=10))
    assert [(p.day - first).days for p in points] == [0, 1, 2, 10]
    assert [p.scope for p in points] == pytest.approx([4 * EACH, 3 * EACH, 3 * EACH, 3 * EACH])
    assert [p.done for p in points] == pytest.approx([EACH, EACH, 1.5 * EACH, 1.5 * EACH])


def test_events_of_one_day_make_one_point(tiny_kb, store):
    for index in range(3):
        write(store, tiny_kb, lambda kb, ws, i=index: set_progress(kb, ws, "tokens",
                                                                   "in-progress", tick=[i]))
    points = burn_up(tiny_kb, store.history())
    assert len(points) == 1 and points[0].done == pytest.approx(0.75 * EACH)
