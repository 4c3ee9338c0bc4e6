"""The plan's JSON: the shape `skeleton plan --format json` prints, identical for a fixed seed."""

from __future__ import annotations

import json

from decisions.plan import build_plan
from tests.decisions.plan_kb import START, TARGET, plan_kb, plan_workspace


def test_the_json_has_the_documented_keys():
    data = build_plan(plan_kb(), plan_workspace(), START, target=TARGET).to_json()
    assert {"team", "duration_days", "critical_path", "tasks", "forecast"} <= set(data)
    assert data["tasks"][0] == {
        "aspect": "certificate-management", "engineer": 1, "start": 0, "end": 5,
        "start_date": "2026-01-05", "end_date": "2026-01-09", "effort_days": 4.12,
        "critical": True}
    assert {"p50_weeks", "p85_weeks", "p95_weeks", "p50_date", "p85_date", "p95_date",
            "p_target"} <= set(data["forecast"])
    assert data["team"] == 2 and data["duration_days"] == 29
    assert data["forecast"]["p50_weeks"] == 5.6 and data["forecast"]["p50_date"] == "2026-02-11"


def test_a_fixed_seed_and_start_give_identical_json():
    first = build_plan(plan_kb(), plan_workspace(), START, seed=11, target=TARGET)
    second = build_plan(plan_kb(), plan_workspace(), START, seed=11, target=TARGET)
    assert json.dumps(first.to_json()) == json.dumps(second.to_json())


def test_the_team_and_trials_are_the_callers():
    data = build_plan(plan_kb(), plan_workspace(), START, team=4, trials=1_000).to_json()
    assert data["team"] == 4 and data["forecast"]["trials"] == 1_000
    assert data["forecast"]["p_target"] is None and data["forecast"]["target_date"] is None
