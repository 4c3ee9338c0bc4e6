"""The schedule: critical-path-first list scheduling on the team, in whole working days."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decisions.graph import critical_chain_length
from decisions.schedule import Schedule, dispatch_order, propagate, schedule, team_size
from decisions.workdays import working_day
from decisions.workspace import Progress, ScopeOverride, Workspace
from tests.decisions.memory_kb import make_aspect, make_kb
from tests.decisions.plan_kb import START, plan_kb, plan_workspace

STATES = ["not-started", "not-started", "in-progress", "done", "deferred"]


@st.composite
def projects(draw):
    """A random dependency graph with random estimates, progress, scope and team."""
    n = draw(st.integers(1, 20))
    aspects = []
    for i in range(n):
        requires = draw(st.lists(st.integers(0, i - 1), unique=True, max_size=3)) if i else []
        low = draw(st.integers(1, 6))
        likely = low + draw(st.integers(0, 6))
        aspects.append(make_aspect(f"a{i}", category=f"c{i % 3}",
                                   requires=[f"a{j}" for j in requires],
                                   effort=(low, likely, likely + draw(st.integers(0, 10))),
                                   checklist=4))
    progress = {}
    for i in range(n):
        state = draw(st.sampled_from(STATES))
        ticked = draw(st.lists(st.integers(0, 3), max_size=4)) if state == "in-progress" else []
        progress[f"a{i}"] = Progress(state=state, ticked=ticked)
    out = draw(st.sets(st.integers(0, n - 1), max_size=n // 3))
    workspace = Workspace(progress=progress,
                          scope={f"a{i}": ScopeOverride(in_scope=False, reason="r") for i in out})
    start = dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 13)))
    return make_kb(aspects), workspace, draw(st.integers(1, 6)), start


def _prerequisite_pairs(plan: Schedule):
    for task in plan.tasks:
        for need in plan.prerequisites[task.aspect_id]:
            yield plan.task(need), task


@settings(max_examples=200, deadline=None)
@given(projects())
def test_no_engineer_works_on_two_aspects_at_once(project):
    kb, workspace, team, start = project
    plan = schedule(kb, workspace, start, team)
    for engineer in range(1, team + 1):
        own = sorted((t.start, t.end) for t in plan.tasks if t.engineer == engineer)
        assert all(a[1] <= b[0] for a, b in zip(own, own[1:], strict=False))
    assert all(1 <= t.engineer <= team for t in plan.tasks)


@settings(max_examples=200, deadline=None)
@given(projects())
def test_every_aspect_starts_after_its_prerequisites_end(project):
    kb, workspace, team, start = project
    plan = schedule(kb, workspace, start, team)
    scheduled = {t.aspect_id for t in plan.tasks}
    for task in plan.tasks:
        needed = [r for r in kb.aspects[task.aspect_id].requires if r in scheduled]
        assert sorted(plan.prerequisites[task.aspect_id]) == sorted(needed)
    for before, after in _prerequisite_pairs(plan):
        assert before.end <= after.start


@settings(max_examples=200, deadline=None)
@given(projects())
def test_duration_lies_between_the_critical_chain_and_the_sum_of_all_work(project):
    kb, workspace, team, start = project
    plan = schedule(kb, workspace, start, team)
    days = {t.aspect_id: t.days for t in plan.tasks}
    chain = critical_chain_length(kb, days, days)
    assert chain <= plan.duration_days <= sum(days.values())
    if team == 1:
        assert plan.duration_days == sum(days.values())


@settings(max_examples=200, deadline=None)
@given(projects())
def test_no_engineer_idles_while_an_aspect_is_ready(project):
    """The list-scheduling law: between the moment an aspect is ready and its start, every
    engineer is busy."""
    kb, workspace, team, start = project
    plan = schedule(kb, workspace, start, team)
    for task in plan.tasks:
        ready = max((plan.task(n).end for n in plan.prerequisites[task.aspect_id]), default=0)
        for day in range(ready, task.start):
            busy = {t.engineer for t in plan.tasks if t.start <= day < t.end}
            assert len(busy) == team, (task.aspect_id, day)


@settings(max_examples=200, deadline=None)
@given(projects())
def test_the_schedule_holds_exactly_the_work_left_in_scope(project):
    kb, workspace, team, start = project
    plan = schedule(kb, workspace, start, team)
    left = {a for a, e in plan.efforts.items() if e.costs}
    assert {t.aspect_id for t in plan.tasks} == left
    for aspect_id in left:
        assert aspect_id not in workspace.scope
        assert workspace.progress_of(aspect_id).state in ("not-started", "in-progress")
        assert plan.task(aspect_id).days == plan.efforts[aspect_id].days >= 1


@settings(max_examples=200, deadline=None)
@given(projects())
def test_the_critical_path_is_a_chain_from_the_start_to_the_end(project):
    kb, workspace, team, start = project
    plan = schedule(kb, workspace, start, team)
    chain = [plan.task(a) for a in plan.critical_path]
    if not plan.tasks:
        assert chain == []
        return
    assert chain[0].start == 0 and chain[-1].end == plan.duration_days
    assert all(a.end == b.start for a, b in zip(chain, chain[1:], strict=False))
    assert all(t.critical for t in chain)


@settings(max_examples=200, deadline=None)
@given(projects())
def test_dates_are_the_working_days_of_the_task(project):
    kb, workspace, team, start = project
    plan = schedule(kb, workspace, start, team)
    assert plan.start_date.weekday() < 5 and plan.start_date >= start
    for task in plan.tasks:
        assert task.start_date == working_day(plan.start_date, task.start)
        assert task.end_date == working_day(plan.start_date, task.end - 1)
        assert task.start_date.weekday() < 5 and task.end_date.weekday() < 5


def test_the_fixed_workspace_is_scheduled_critical_path_first():
    plan = schedule(plan_kb(), plan_workspace(), START)
    rows = [(t.aspect_id, t.engineer, t.start, t.end, t.critical) for t in plan.tasks]
    assert rows == [
        ("certificate-management", 1, 0, 5, True),
        ("build-pipelines", 2, 0, 6, False),
        ("token-management", 1, 5, 10, True),
        ("authentication", 2, 10, 15, True),
        ("rollouts", 1, 15, 23, True),
        ("alerts", 2, 23, 26, True),
        ("error-budgets", 1, 26, 29, True),
    ]
    assert plan.team == 2 and plan.duration_days == 29
    assert plan.end_date == dt.date(2026, 2, 12)
    assert plan.critical_path == ("certificate-management", "token-management", "authentication",
                                  "rollouts", "alerts", "error-budgets")


def test_the_longest_remaining_path_goes_first():
    """With one engineer free, the short aspect that unlocks a long chain beats a longer
    aspect that unlocks nothing, though the walk order puts the longer one first."""
    kb = make_kb([make_aspect("long-alone", effort=(5, 5, 5)),
                  make_aspect("short-head", effort=(1, 1, 1)),
                  make_aspect("tail", requires=["short-head"], effort=(6, 6, 6))])
    plan = schedule(kb, Workspace(), START, team=1)
    assert [t.aspect_id for t in plan.tasks] == ["short-head", "tail", "long-alone"]


def test_an_aspect_waits_for_a_prerequisite_that_is_in_progress_but_not_for_one_done():
    kb = make_kb([make_aspect("base", effort=(4, 4, 4), checklist=4),
                  make_aspect("top", requires=["base"], effort=(2, 2, 2))])
    half = Workspace(progress={"base": Progress(state="in-progress", ticked=[0, 1])})
    assert [(t.aspect_id, t.start) for t in schedule(kb, half, START, 3).tasks] == [
        ("base", 0), ("top", 2)]
    done = Workspace(progress={"base": Progress(state="done")})
    assert [(t.aspect_id, t.start) for t in schedule(kb, done, START, 3).tasks] == [("top", 0)]


def test_a_weekend_start_moves_to_monday():
    plan = schedule(plan_kb(), plan_workspace(), dt.date(2026, 1, 3))
    assert plan.start_date == dt.date(2026, 1, 5)


def test_nothing_left_gives_an_empty_schedule_ending_on_the_start():
    workspace = Workspace(progress={a: Progress(state="done") for a in plan_kb().aspects})
    plan = schedule(plan_kb(), workspace, START)
    assert plan.tasks == () and plan.critical_path == ()
    assert plan.duration_days == 0 and plan.end_date == START


@pytest.mark.parametrize(("profile", "team"), [({}, 5), ({"team-size": 3}, 3),
                                               ({"team-size": 0}, 1)])
def test_team_size_comes_from_the_profile(profile, team):
    assert team_size(plan_kb(), Workspace.model_construct(profile=profile)) == team


def test_the_team_can_be_overridden_but_not_emptied():
    assert schedule(plan_kb(), plan_workspace(), START, team=3).team == 3
    with pytest.raises(ValueError, match="a team needs at least one engineer, not 0"):
        schedule(plan_kb(), plan_workspace(), START, team=0)


def test_dispatch_order_breaks_ties_by_position():
    assert dispatch_order([2, 2, 2], [[], [], []], 1) == [0, 1, 2]
    assert dispatch_order([1, 3, 2], [[], [], []], 2) == [1, 2, 0]


def test_propagate_moves_every_trial_at_once():
    durations = np.array([[2.0, 5.0], [3.0, 1.0], [1.0, 1.0]])
    needs = [np.array([], dtype=np.intp), np.array([], dtype=np.intp), np.array([0, 1])]
    engineers = np.zeros(durations.shape, dtype=np.intp)
    ends = propagate(durations, needs, 2, engineers)
    assert ends.tolist() == [[2.0, 5.0], [3.0, 1.0], [4.0, 6.0]]
    assert engineers.tolist() == [[0, 0], [1, 1], [0, 1]]
