"""The schedule: the aspects left to build, on the team's engineers, critical-path-first.

The heuristic is critical-path-first list scheduling (Graham's list scheduling with the
"longest remaining path" priority, as in HLFET): whenever an engineer is free, they take the
ready aspect (every scheduled prerequisite finished) whose longest chain of remaining work to
the end of the plan is longest; ties go to the aspect that comes first in the walk order. An
engineer never waits while an aspect is ready. Durations are whole working days (the expected
effort rounded up): a task starts on a day and ends on a day, so calendar dates stay honest.

The resulting dispatch order is then replayed by `propagate`: each aspect, in that order, goes
to the engineer who is free first and starts when that engineer and its prerequisites are
free. For the planned durations the replay gives exactly the list schedule; for sampled
durations it is how the forecast moves the same plan through an uncertain future.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from decisions.effort import AspectEffort, effort_plan
from decisions.graph import requirement_pairs, walk_order
from decisions.workdays import first_working_day, working_day
from decisions.workspace import Workspace
from knowledge.catalog import KnowledgeBase

TEAM_QUESTION = "team-size"


@dataclass(frozen=True)
class Task:
    """One aspect on the schedule."""

    aspect_id: str
    engineer: int
    """Who builds it, 1 to the team's size."""
    start: int
    """The working day it starts on; 0 is the plan's first working day."""
    end: int
    """The working day after its last one: a dependent can start on `end`."""
    start_date: dt.date
    end_date: dt.date
    """The last working day spent on it."""
    effort_days: float
    """Expected person-days (the PERT mean of the adjusted three-point estimate)."""
    critical: bool
    """Whether delaying it delays the end of the plan (zero float, given prerequisites and the
    order of work on each engineer)."""

    @property
    def days(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Schedule:
    """The aspects left to build, on `team` engineers, from `start_date`."""

    team: int
    start_date: dt.date
    """The first working day of the plan."""
    tasks: tuple[Task, ...]
    """In dispatch order: by start day, then by priority."""
    prerequisites: Mapping[str, tuple[str, ...]]
    """The scheduled prerequisites of each task."""
    critical_path: tuple[str, ...]
    """One chain of tasks, first to last, whose every delay delays the end."""
    efforts: Mapping[str, AspectEffort]
    """What is left of every aspect of the knowledge base, scheduled or not."""

    @property
    def duration_days(self) -> int:
        """Working days from the start to the end of the last task (the makespan)."""
        return max((t.end for t in self.tasks), default=0)

    @property
    def end_date(self) -> dt.date:
        """The last working day of the plan (the start date when nothing is left)."""
        return working_day(self.start_date, max(self.duration_days - 1, 0))

    def task(self, aspect_id: str) -> Task | None:
        return next((t for t in self.tasks if t.aspect_id == aspect_id), None)


def team_size(kb: KnowledgeBase, workspace: Workspace) -> int:
    """The profile's team size (its default when unanswered), at least 1."""
    size = kb.complete_profile(workspace.profile).get(TEAM_QUESTION, 1)
    return max(int(size), 1) if isinstance(size, int) else 1


def schedule(kb: KnowledgeBase, workspace: Workspace, start: dt.date,
             team: int | None = None) -> Schedule:
    """Schedule every in-scope aspect with work left on `team` engineers (the profile's team size
    when None) from the first working day on or after `start`."""
    team = team_size(kb, workspace) if team is None else team
    if team < 1:
        raise ValueError(f"a team needs at least one engineer, not {team}")
    efforts = effort_plan(kb, workspace)
    work = [a for a in walk_order(kb, workspace) if efforts[a].costs]
    position = {a: i for i, a in enumerate(work)}
    prerequisites: list[list[int]] = [[] for _ in work]
    for before, after in requirement_pairs(kb, work):
        prerequisites[position[after]].append(position[before])
    days = [efforts[a].days for a in work]
    order = dispatch_order(days, prerequisites, team)
    first = first_working_day(start)
    tasks = _timed_tasks(work, order, days, prerequisites, team, efforts, first)
    names = {a: tuple(work[p] for p in prerequisites[position[a]]) for a in work}
    return Schedule(team, first, tasks, names, _critical_chain(tasks, names), efforts)


def dispatch_order(days: Sequence[int], prerequisites: Sequence[Sequence[int]],
                   team: int) -> list[int]:
    """The order in which list scheduling starts the tasks (indexes into `days`; a lower index
    wins a tie): whenever engineers are free they take the ready tasks with the longest remaining
    path first. Every duration must be at least one day."""
    successors = _successors(prerequisites)
    rank = _remaining_path(days, successors)
    waiting = [len(needs) for needs in prerequisites]
    ready = [(-rank[t], t) for t in range(len(days)) if not waiting[t]]
    heapq.heapify(ready)
    running: list[tuple[int, int]] = []
    order: list[int] = []
    now = 0
    while ready or running:
        while ready and len(running) < team:
            task = heapq.heappop(ready)[1]
            heapq.heappush(running, (now + days[task], task))
            order.append(task)
        now = running[0][0]
        while running and running[0][0] == now:
            for nxt in successors[heapq.heappop(running)[1]]:
                waiting[nxt] -= 1
                if not waiting[nxt]:
                    heapq.heappush(ready, (-rank[nxt], nxt))
    return order


def _successors(prerequisites: Sequence[Sequence[int]]) -> list[list[int]]:
    successors: list[list[int]] = [[] for _ in prerequisites]
    for task, needs in enumerate(prerequisites):
        for need in needs:
            successors[need].append(task)
    return successors


def _remaining_path(days: Sequence[int], successors: Sequence[Sequence[int]]) -> list[int]:
    """Per task, the longest chain of work from its start to the end, itself included."""
    waiting = [0] * len(days)
    for nexts in successors:
        for nxt in nexts:
            waiting[nxt] += 1
    order = [t for t in range(len(days)) if not waiting[t]]
    for task in order:
        for nxt in successors[task]:
            waiting[nxt] -= 1
            if not waiting[nxt]:
                order.append(nxt)
    rank = list(days)
    for task in reversed(order):
        rank[task] = days[task] + max((rank[n] for n in successors[task]), default=0)
    return rank


def propagate(durations: np.ndarray, prerequisites: Sequence[np.ndarray], team: int,
              engineers: np.ndarray | None = None) -> np.ndarray:
    """The end of every task in every trial, replaying a dispatch order.

    `durations` is (tasks, trials) with the tasks in dispatch order; `prerequisites[t]` holds
    the (earlier) positions task t waits for. Each task goes to the engineer who is free first
    (the lowest-numbered on a tie) and starts when that engineer and its prerequisites are free.
    All trials move at once, one task at a time. When given, `engineers` (tasks, trials) receives
    the 0-based engineer of each task."""
    tasks, trials = durations.shape
    free = np.zeros((max(min(team, tasks), 1), trials), dtype=durations.dtype)
    ends = np.empty_like(durations)
    columns = np.arange(trials)
    for task in range(tasks):
        who = free.argmin(axis=0)
        start = free[who, columns]
        if len(prerequisites[task]):
            start = np.maximum(start, ends[prerequisites[task]].max(axis=0))
        ends[task] = start + durations[task]
        free[who, columns] = ends[task]
        if engineers is not None:
            engineers[task] = who
    return ends


def _timed_tasks(work: list[str], order: list[int], days: list[int],
                 prerequisites: list[list[int]], team: int,
                 efforts: Mapping[str, AspectEffort], first: dt.date) -> tuple[Task, ...]:
    slot = {task: i for i, task in enumerate(order)}
    needs = [np.array(sorted(slot[p] for p in prerequisites[t]), dtype=np.intp) for t in order]
    durations = np.array([[days[t]] for t in order], dtype=np.int64).reshape(len(order), 1)
    engineers = np.zeros_like(durations)
    ends = propagate(durations, needs, team, engineers)[:, 0].tolist()
    starts = [end - days[t] for end, t in zip(ends, order, strict=True)]
    who = engineers[:, 0].tolist()
    critical = _zero_float(starts, ends, needs, who)
    tasks = []
    for i, t in enumerate(order):
        aspect_id = work[t]
        tasks.append(Task(aspect_id, who[i] + 1, starts[i], ends[i], working_day(first, starts[i]),
                          working_day(first, ends[i] - 1), efforts[aspect_id].expected,
                          critical[i]))
    return tuple(tasks)


def _zero_float(starts: list[int], ends: list[int], needs: list[np.ndarray],
                who: list[int]) -> list[bool]:
    """Which tasks cannot slip without moving the end: a backward pass over the prerequisite
    edges and, per engineer, the edge from each task to the next one they build."""
    makespan = max(ends, default=0)
    latest_start = [0] * len(starts)
    latest_end = [makespan] * len(starts)
    following: dict[int, int] = {}
    for task in reversed(range(len(starts))):
        after = following.get(who[task])
        if after is not None:
            latest_end[task] = min(latest_end[task], latest_start[after])
        latest_start[task] = latest_end[task] - (ends[task] - starts[task])
        following[who[task]] = task
        for need in needs[task].tolist():
            latest_end[need] = min(latest_end[need], latest_start[task])
    return [latest_start[t] == starts[t] for t in range(len(starts))]


def _critical_chain(tasks: tuple[Task, ...], prerequisites: Mapping[str, tuple[str, ...]]
                    ) -> tuple[str, ...]:
    """Walk back from the first task that ends last through tasks that end exactly when the
    next one starts: a prerequisite when one does, else the engineer's previous task."""
    if not tasks:
        return ()
    by_id = {t.aspect_id: t for t in tasks}
    by_engineer_end = {(t.engineer, t.end): t for t in tasks}
    makespan = max(t.end for t in tasks)
    current = next(t for t in tasks if t.end == makespan)
    chain = [current]
    while current.start > 0:
        tight = [by_id[n] for n in prerequisites[current.aspect_id]
                 if by_id[n].end == current.start]
        current = tight[0] if tight else by_engineer_end[(current.engineer, current.start)]
        chain.append(current)
    return tuple(t.aspect_id for t in reversed(chain))
