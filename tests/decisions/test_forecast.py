"""The Monte Carlo forecast: PERT-Beta draws replayed through the schedule's order."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import half_decided, write_synthetic_base
from decisions.forecast import forecast, makespans, sample_pert, summarise
from decisions.schedule import schedule
from decisions.workspace import Progress, Workspace
from knowledge.loader import load_knowledge
from tests.decisions.memory_kb import make_aspect, make_kb
from tests.decisions.plan_kb import START, TARGET, plan_kb, plan_workspace


@pytest.fixture(scope="module")
def planned():
    return schedule(plan_kb(), plan_workspace(), START)


def test_the_same_seed_gives_the_same_forecast(planned):
    assert forecast(planned, 5_000, seed=7, target=TARGET) == forecast(planned, 5_000, seed=7,
                                                                       target=TARGET)
    assert np.array_equal(makespans(planned, 2_000, 3), makespans(planned, 2_000, 3))
    assert not np.array_equal(makespans(planned, 2_000, 3), makespans(planned, 2_000, 4))


def test_the_fixed_workspace_forecast(planned):
    outlook = forecast(planned, 10_000, seed=0, target=TARGET)
    assert outlook.days == {50: 28, 85: 33, 95: 35}
    assert outlook.weeks(50) == 5.6
    assert outlook.date(50) == dt.date(2026, 2, 11)
    assert outlook.p_target == 0.9998


def test_percentiles_grow_and_the_target_probability_matches_them(planned):
    outlook = forecast(planned, 10_000, seed=1, target=dt.date(2026, 2, 11))
    assert outlook.days[50] <= outlook.days[85] <= outlook.days[95]
    spans = makespans(planned, 10_000, 1)
    assert outlook.p_target == pytest.approx(np.mean(spans <= 28))
    assert np.mean(spans <= outlook.days[50]) >= 0.5


@pytest.mark.parametrize(("target", "p_target"), [(dt.date(2026, 1, 2), 0.0),
                                                  (dt.date(2027, 1, 1), 1.0), (None, None)])
def test_targets_before_the_start_and_far_ahead(planned, target, p_target):
    assert forecast(planned, 1_000, target=target).p_target == p_target


def test_without_uncertainty_every_trial_takes_the_planned_duration():
    kb = make_kb([make_aspect(f"a{i}", requires=[f"a{i - 1}"] if i % 3 else [],
                              effort=(i % 4 + 1,) * 3) for i in range(12)])
    plan = schedule(kb, Workspace(), START, team=2)
    assert set(makespans(plan, 1_000).tolist()) == {plan.duration_days}


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(0, 5), st.integers(0, 5)), min_size=1,
                max_size=12), st.integers(1, 4))
def test_every_trial_lies_between_the_best_and_the_worst_case(estimates, team):
    aspects = [make_aspect(f"a{i}", requires=[f"a{i - 1}"] if i % 2 else [],
                           effort=(low, low + up, low + up + more))
               for i, (low, up, more) in enumerate(estimates)]
    kb = make_kb(aspects)
    plan = schedule(kb, Workspace(), START, team)
    spans = makespans(plan, 1_000)
    best = sum(low for low, _, _ in estimates)
    worst = sum(low + up + more for low, up, more in estimates)
    chain = max(sum(e[0] for e in estimates[i:i + 2]) for i in range(0, len(estimates), 2))
    assert spans.min() >= max(chain, -(-best // team))
    assert spans.max() <= worst


def test_pert_draws_have_the_pert_mean_and_stay_in_range():
    rng = np.random.default_rng(0)
    low, mode, high = np.array([2.0, 1.0, 4.0]), np.array([3.0, 1.0, 4.0]), np.array([8.0, 9.0,
                                                                                     4.0])
    draws = sample_pert(low, mode, high, 200_000, rng)
    assert draws.shape == (3, 200_000)
    assert (draws >= low[:, None]).all() and (draws <= high[:, None]).all()
    assert draws.mean(axis=1) == pytest.approx((low + 4 * mode + high) / 6, rel=0.01)
    assert (draws[2] == 4.0).all()


def test_nothing_left_forecasts_the_start():
    workspace = Workspace(progress={a: Progress(state="done") for a in plan_kb().aspects})
    outlook = forecast(schedule(plan_kb(), workspace, START), 1_000, target=START)
    assert outlook.days == {50: 0, 85: 0, 95: 0}
    assert outlook.date(95) == START and outlook.p_target == 1.0


def test_a_forecast_needs_trials(planned):
    with pytest.raises(ValueError, match="a forecast needs at least one trial, not 0"):
        makespans(planned, 0)


def test_big_plans_are_drawn_in_batches_with_the_same_result(planned, monkeypatch):
    whole = makespans(planned, 3_000, 5)
    monkeypatch.setattr("decisions.forecast.CELLS_PER_BATCH", 7 * 1_000)
    batched = makespans(planned, 3_000, 5)
    assert batched.shape == (3_000,)
    assert abs(np.median(batched) - np.median(whole)) <= 1


def test_schedule_and_ten_thousand_trials_on_eighty_aspects_take_under_half_a_second(tmp_path:
                                                                                    Path):
    kb = load_knowledge(base=write_synthetic_base(tmp_path / "base", 80))
    workspace = half_decided(kb)
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        forecast(schedule(kb, workspace, START, 5), 10_000, target=TARGET)
        timings.append(time.perf_counter() - began)
    assert min(timings) < 0.5


def test_a_forecast_can_be_summarised_from_trials_already_run(planned):
    spans = makespans(planned, 4_000, 9)
    assert summarise(planned, spans, 9, TARGET) == forecast(planned, 4_000, 9, TARGET)


def test_estimates_err_together_so_many_tasks_do_not_average_the_risk_away():
    kb = make_kb([make_aspect(f"a{i}", effort=(2, 4, 10)) for i in range(60)])
    planned = schedule(kb, Workspace(profile={"team-size": 1}), dt.date(2026, 1, 5))
    outlook = forecast(planned, 10_000, seed=3)
    # Sixty independent draws would put P95 within about 5 % of P50.
    assert outlook.days[95] >= 1.15 * outlook.days[50]
    assert outlook.days[95] <= 60 * 10
