"""The burn-up: done effort against the total scope, day by day, replayed from the history."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from decisions.effort import effort_plan, total_effort
from decisions.history import Event, replay
from decisions.workspace import Workspace
from knowledge.catalog import KnowledgeBase


@dataclass(frozen=True)
class BurnUpPoint:
    """Where the skeleton stood at the end of one day (UTC)."""

    day: dt.date
    scope: float
    """Expected person-days of every in-scope aspect that is not deferred, as if none were
    started: the total the team is heading for."""
    done: float
    """The part of `scope` already built: done aspects, and the ticked share of those in
    progress."""


def scope_and_done(kb: KnowledgeBase, workspace: Workspace) -> tuple[float, float]:
    """(total scope, done) in expected person-days, with the effort model of the plan."""
    deferred = {a: p for a, p in workspace.progress.items() if p.state == "deferred"}
    scope = total_effort(effort_plan(kb, workspace.model_copy(update={"progress": deferred})))
    remaining = total_effort(effort_plan(kb, workspace))
    return scope, max(scope - remaining, 0.0)


def burn_up(kb: KnowledgeBase, events: Sequence[Event],
            today: dt.date | None = None) -> list[BurnUpPoint]:
    """One point per day on which the history changed something, and one for `today` (the
    state then is the state at the end of that day's last event)."""
    points: list[BurnUpPoint] = []
    state = Workspace()
    for day, group in itertools.groupby(events, key=lambda e: e.at.astimezone(dt.UTC).date()):
        state = replay(group, start=state)
        points.append(BurnUpPoint(day, *scope_and_done(kb, state)))
    if today is not None and (not points or points[-1].day < today):
        points.append(BurnUpPoint(today, *scope_and_done(kb, state)))
    return points
