"""The plan of one workspace: its schedule, its forecast, and the JSON `skeleton plan` prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from decisions.forecast import DEFAULT_SEED, DEFAULT_TRIALS, PERCENTILES, Forecast, forecast
from decisions.schedule import Schedule, schedule
from decisions.workspace import Workspace
from knowledge.catalog import KnowledgeBase


@dataclass(frozen=True)
class Plan:
    """A workspace's schedule with its forecast."""

    name: str
    """The workspace's name (may be empty)."""
    schedule: Schedule
    forecast: Forecast

    def to_json(self) -> dict[str, Any]:
        """Plain JSON values; the same workspace, start and seed give the same JSON.

        A task's `start` and `end` are working days from the plan's first one (`end` is the day
        after its last, so a dependent may start on it); `start_date` and `end_date` are the
        calendar dates of its first and last working day. Weeks are five working days."""
        plan, outlook = self.schedule, self.forecast
        numbers: dict[str, Any] = {}
        for p in PERCENTILES:
            numbers[f"p{p}_weeks"] = round(outlook.weeks(p), 1)
        for p in PERCENTILES:
            numbers[f"p{p}_date"] = outlook.date(p).isoformat()
        numbers["p_target"] = None if outlook.p_target is None else round(outlook.p_target, 3)
        numbers["target_date"] = outlook.target.isoformat() if outlook.target else None
        numbers["trials"] = outlook.trials
        numbers["seed"] = outlook.seed
        return {
            "team": plan.team,
            "start_date": plan.start_date.isoformat(),
            "duration_days": plan.duration_days,
            "critical_path": list(plan.critical_path),
            "tasks": [{"aspect": t.aspect_id, "engineer": t.engineer, "start": t.start,
                       "end": t.end, "start_date": t.start_date.isoformat(),
                       "end_date": t.end_date.isoformat(), "effort_days": round(t.effort_days, 2),
                       "critical": t.critical} for t in plan.tasks],
            "forecast": numbers,
        }


def build_plan(kb: KnowledgeBase, workspace: Workspace, start: dt.date, *,
               team: int | None = None, trials: int = DEFAULT_TRIALS, seed: int = DEFAULT_SEED,
               target: dt.date | None = None) -> Plan:
    """Schedule the workspace from `start` on `team` engineers (the profile's team size when
    None) and forecast its end over `trials` Monte Carlo trials."""
    planned = schedule(kb, workspace, start, team)
    return Plan(workspace.name, planned, forecast(planned, trials, seed, target))
