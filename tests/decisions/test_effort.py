"""Effort per aspect: estimate x chosen options x seniority x the share left."""

from __future__ import annotations

import datetime as dt

import pytest

from decisions.effort import (
    AspectEffort,
    effort_by_category,
    effort_plan,
    option_factors,
    remaining_share,
    total_effort,
)
from decisions.workspace import Decision, Progress, ScopeOverride, Workspace
from tests.decisions.plan_kb import plan_kb, plan_workspace

PERT = {  # (optimistic + 4 likely + pessimistic) / 6 of plan_kb's estimates
    "certificate-management": 19 / 6, "token-management": 32 / 6, "authentication": 40 / 6,
    "build-pipelines": 26 / 6, "rollouts": 33 / 6,
}


def decision(number: int, point: str, option: str, status: str = "accepted") -> Decision:
    return Decision(id=number, point=point, option=option, status=status,
                    date=dt.date(2025, 12, 1))


def expected(workspace: Workspace, aspect_id: str) -> float:
    return effort_plan(plan_kb(), workspace)[aspect_id].expected


def test_an_aspect_not_started_costs_its_whole_estimate_for_a_senior_team():
    effort = effort_plan(plan_kb(), Workspace())["certificate-management"]
    assert (effort.optimistic, effort.likely, effort.pessimistic) == (2, 3, 5)
    assert effort.expected == pytest.approx(19 / 6)
    assert (effort.state, effort.reason) == ("not-started", "not started")


@pytest.mark.parametrize(("seniority", "factor"), [("senior", 1.0), ("mixed", 1.3),
                                                    ("junior", 1.7)])
def test_seniority_scales_every_aspect(seniority, factor):
    workspace = Workspace(profile={"seniority": seniority})
    for aspect_id, pert in PERT.items():
        assert expected(workspace, aspect_id) == pytest.approx(pert * factor)


@pytest.mark.parametrize(("decisions", "factor"), [
    ([decision(1, "token-management.d", "x")], 1.5),
    ([decision(1, "token-management.d", "y")], 0.6),
    ([decision(1, "token-management.d", "y", "proposed")], 0.6),
    ([decision(1, "token-management.d", "y", "rejected")], 1.0),
    ([decision(1, "token-management.d", "x"), decision(2, "token-management.d", "y")], 0.6),
    ([decision(1, "token-management.d", "gone")], 1.0),
    ([], 1.0),
])
def test_the_chosen_options_scale_their_aspect(decisions, factor):
    workspace = Workspace(decisions=decisions)
    assert expected(workspace, "token-management") == pytest.approx(PERT["token-management"]
                                                                    * factor)
    assert expected(workspace, "certificate-management") == pytest.approx(
        PERT["certificate-management"])


def test_option_factors_multiply_over_an_aspects_decision_points():
    kb = plan_kb()
    assert option_factors(kb, Workspace(decisions=[decision(1, "token-management.d", "y")])) == {
        "token-management": pytest.approx(0.6)}


@pytest.mark.parametrize(("progress", "share"), [
    (Progress(), 1.0),
    (Progress(state="in-progress"), 1.0),
    (Progress(state="in-progress", ticked=[0]), 0.75),
    (Progress(state="in-progress", ticked=[0, 2]), 0.5),
    (Progress(state="in-progress", ticked=[2, 2, 0]), 0.5),
    (Progress(state="in-progress", ticked=[0, 9]), 0.75),
    (Progress(state="in-progress", ticked=[0, 1, 2, 3]), 0.0),
    (Progress(state="done"), 0.0),
    (Progress(state="done", ticked=[0]), 0.0),
])
def test_remaining_share_counts_the_unticked_checklist_items(progress, share):
    assert remaining_share(plan_kb().aspects["authentication"], progress) == share


@pytest.mark.parametrize(("workspace", "state", "reason"), [
    (Workspace(scope={"authentication": ScopeOverride(in_scope=False, reason="r")}),
     "out-of-scope", "out of scope"),
    (Workspace(progress={"authentication": Progress(state="done")}), "done", "done"),
    (Workspace(progress={"authentication": Progress(state="deferred")}), "deferred", "deferred"),
    (Workspace(progress={"authentication": Progress(state="in-progress", ticked=[0, 1, 2, 3])}),
     "in-progress", "in progress, 4 of 4 checklist items ticked"),
])
def test_aspects_with_nothing_left_cost_nothing(workspace, state, reason):
    effort = effort_plan(plan_kb(), workspace)["authentication"]
    assert effort == AspectEffort("authentication", 0.0, 0.0, 0.0, state, reason)
    assert not effort.costs and effort.days == 0


def test_an_aspect_in_progress_costs_its_remaining_share():
    workspace = Workspace(progress={"authentication": Progress(state="in-progress",
                                                               ticked=[1])})
    effort = effort_plan(plan_kb(), workspace)["authentication"]
    assert effort.expected == pytest.approx(PERT["authentication"] * 0.75)
    assert effort.reason == "in progress, 1 of 4 checklist items ticked"


def test_an_aspect_out_of_scope_by_profile_costs_nothing():
    kb = plan_kb()
    gated = kb.aspects["rollouts"].model_copy(update={"applies_when": [{"market": ["b2c"]}]})
    kb = type(kb)(kb.categories, kb.questions, {**kb.aspects, "rollouts": gated})
    assert effort_plan(kb, Workspace(profile={"market": "b2b"}))["rollouts"].reason == \
        "out of scope"
    assert effort_plan(kb, Workspace(profile={"market": "b2c"}))["rollouts"].costs


@pytest.mark.parametrize(("likely", "days"), [(3.0, 3), (3.000001, 4), (0.2, 1), (7.5, 8)])
def test_days_round_the_expected_effort_up_to_whole_days(likely, days):
    assert AspectEffort("a", likely, likely, likely, "not-started", "not started").days == days


def test_totals_and_the_split_by_category_add_up():
    kb = plan_kb()
    efforts = effort_plan(kb, plan_workspace())
    split = effort_by_category(kb, efforts)
    assert list(split) == ["identity", "delivery", "observability"]
    assert sum(split.values()) == pytest.approx(total_effort(efforts))
    assert split["identity"] == pytest.approx(1.3 * (19 / 6 + 0.6 * 32 / 6 + 0.5 * 40 / 6))
