"""The forecast: Monte Carlo over the three-point estimates, replaying the schedule's order.

Each trial draws every task's effort from a PERT-Beta distribution over its (optimistic,
likely, pessimistic) person-days, rounds it up to whole days as the schedule does, and replays
the schedule's dispatch order with those durations (decisions.schedule.propagate): prerequisites
and engineers' availability both hold in every trial. All tasks x trials are drawn at once and
all trials advance together, one task at a time, so 10,000 trials cost a few numpy operations
per task.

Why PERT-Beta rather than triangular: the knowledge base's three points are a practitioner's
best case, most likely case and realistic worst case, which is what PERT was made for. Its
mean, (o + 4m + p) / 6, is the figure estimators know and the one the schedule plans with, so
the forecast and the plan agree; the triangular distribution puts a third of its weight
between the mode and the far end, inflating every task by a tail the estimators did not mean.

Two simplifications, both stated so that the numbers are read for what they are:
- A trial keeps the planned dispatch order instead of re-running list scheduling with its own
  durations (which would cost a Python loop per trial). A team that re-plans as it goes usually
  ends a little earlier than such a trial, where another order would have used an idle engineer.

Estimates err together: a team that underestimated one aspect has usually underestimated the
others (one team, one estimator, one set of surprises). Drawn independently, some eighty tasks
average out and the forecast looks falsely certain (P50 to P95 within a week on the shipped
base). So each trial also draws one shared pessimism z ~ N(0, 1), and every task's position
within its own [optimistic, pessimistic] range, b in [0, 1], becomes b ** exp(-SHARED_SPREAD * z):
a pessimistic trial pushes every task towards its worst case, an optimistic one towards its
best, and no task ever leaves its three-point range.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from decisions.effort import AspectEffort
from decisions.schedule import Schedule, propagate
from decisions.workdays import WEEK, working_day, working_days_through

DEFAULT_TRIALS = 10_000
DEFAULT_SEED = 0
MIN_TRIALS = 1_000
MAX_TRIALS = 1_000_000
PERCENTILES = (50, 85, 95)
SHARED_SPREAD = 0.5
"""How strongly one trial's shared pessimism moves every task within its range."""
CELLS_PER_BATCH = 4_000_000
"""Tasks x trials drawn at once: bounds memory (about 32 MB per array) on big plans."""


@dataclass(frozen=True)
class Forecast:
    """When the skeleton will be done: percentiles of the makespan over many trials."""

    trials: int
    seed: int
    start_date: dt.date
    """The plan's first working day."""
    days: dict[int, int]
    """Working days by percentile: {50: ..., 85: ..., 95: ...}."""
    target: dt.date | None
    p_target: float | None
    """The share of trials that end on or before `target` (None without a target)."""

    def weeks(self, percentile: int) -> float:
        """The percentile in weeks of five working days."""
        return self.days[percentile] / WEEK

    def date(self, percentile: int) -> dt.date:
        """The last working day at that percentile."""
        return working_day(self.start_date, max(self.days[percentile] - 1, 0))


def forecast(plan: Schedule, trials: int = DEFAULT_TRIALS, seed: int = DEFAULT_SEED,
             target: dt.date | None = None) -> Forecast:
    """Monte Carlo forecast of the schedule's end; the same seed gives the same forecast."""
    return summarise(plan, makespans(plan, trials, seed), seed, target)


def summarise(plan: Schedule, spans: np.ndarray, seed: int = DEFAULT_SEED,
              target: dt.date | None = None) -> Forecast:
    """The forecast of trials already run (`makespans`), so that a caller who also shows the
    distribution simulates once. Percentiles are trial values (inverted CDF): at P50, at least
    half the trials have finished."""
    days = {p: int(np.percentile(spans, p, method="inverted_cdf")) for p in PERCENTILES}
    p_target = None
    if target is not None:
        p_target = float(np.mean(spans <= working_days_through(plan.start_date, target)))
    return Forecast(len(spans), seed, plan.start_date, days, target, p_target)


def makespans(plan: Schedule, trials: int = DEFAULT_TRIALS,
              seed: int = DEFAULT_SEED) -> np.ndarray:
    """The working days each trial takes (one value per trial, 0 when nothing is left)."""
    if trials < 1:
        raise ValueError(f"a forecast needs at least one trial, not {trials}")
    if not plan.tasks:
        return np.zeros(trials, dtype=np.int64)
    slot = {t.aspect_id: i for i, t in enumerate(plan.tasks)}
    needs = [np.array(sorted(slot[p] for p in plan.prerequisites[t.aspect_id]), dtype=np.intp)
             for t in plan.tasks]
    low, mode, high = _three_points([plan.efforts[t.aspect_id] for t in plan.tasks])
    rng = np.random.default_rng(seed)
    batch = max(CELLS_PER_BATCH // len(plan.tasks), 1)
    spans = []
    for first in range(0, trials, batch):
        size = min(batch, trials - first)
        pessimism = np.exp(-SHARED_SPREAD * rng.standard_normal(size))
        draws = sample_pert(low, mode, high, size, rng, pessimism)
        durations = np.maximum(np.ceil(draws - 1e-9), 1.0)
        spans.append(propagate(durations, needs, plan.team).max(axis=0))
    return np.concatenate(spans).astype(np.int64)


def _three_points(efforts: Sequence[AspectEffort]) -> tuple[np.ndarray, ...]:
    return tuple(np.array([getattr(e, f) for e in efforts], dtype=np.float64)
                 for f in ("optimistic", "likely", "pessimistic"))


def sample_pert(low: np.ndarray, mode: np.ndarray, high: np.ndarray, trials: int,
                rng: np.random.Generator, pessimism: np.ndarray | None = None) -> np.ndarray:
    """(tasks, trials) draws from PERT-Beta(low, mode, high) with the classic shape 4:
    alpha = 1 + 4 (mode - low) / (high - low), beta = 1 + 4 (high - mode) / (high - low).
    With `pessimism` (one exponent per trial), each draw's position b within the range becomes
    b ** pessimism, correlating the tasks of a trial. A task whose three points coincide
    always takes that long."""
    spread = high - low
    width = np.where(spread > 0, spread, 1.0)
    alpha = 1 + 4 * (mode - low) / width
    beta = 1 + 4 * (high - mode) / width
    draws = rng.beta(alpha[:, None], beta[:, None], size=(len(low), trials))
    if pessimism is not None:
        draws = draws ** pessimism[None, :]
    return low[:, None] + spread[:, None] * draws
