"""Effort per aspect: the three-point estimate scaled by the chosen options, seniority and progress.

An aspect costs `estimate x product of its chosen options' effort factors x the profile's
effort factor (seniority) x the share of its work that remains`:

- out of scope: nothing; the profile or the team left it out of the skeleton.
- done: nothing; it is built.
- deferred: nothing. The team decided to build it after the skeleton, so its work belongs to a
  later plan; counting it here would push the skeleton's end date past work nobody will do
  before then. Its dependents do not wait for it (the findings report the gap).
- in progress: the share of its checklist items not yet ticked (5 items, 2 ticked: 60 %); with
  every item ticked nothing is left, and it is not scheduled.
- not started: all of it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from decisions.scope import compute_scope
from decisions.workspace import Progress, Workspace
from knowledge.catalog import KnowledgeBase
from knowledge.models import Aspect


@dataclass(frozen=True)
class AspectEffort:
    """What is left to build of one aspect, in person-days, with why it costs that."""

    aspect_id: str
    optimistic: float
    likely: float
    pessimistic: float
    state: str
    """`out-of-scope`, else the progress state: `done`, `deferred`, `in-progress`, `not-started`."""
    reason: str
    """Why it costs that: `out of scope`, `done`, `deferred`, `not started` or
    `in progress, 2 of 5 checklist items ticked`."""

    @property
    def expected(self) -> float:
        """The PERT mean, (optimistic + 4 x likely + pessimistic) / 6: what the plan uses."""
        return (self.optimistic + 4 * self.likely + self.pessimistic) / 6

    @property
    def costs(self) -> bool:
        """Whether any work remains, so that the aspect belongs in the schedule."""
        return self.pessimistic > 0

    @property
    def days(self) -> int:
        """Working days one engineer spends on it: the expected effort rounded up to whole days
        (at least one while any work is left), so that every task starts and ends on a day."""
        return max(math.ceil(self.expected - 1e-9), 1) if self.costs else 0


def option_factors(kb: KnowledgeBase, workspace: Workspace) -> dict[str, float]:
    """Per aspect, the product of the effort factors of the options chosen in its decision points
    (proposed or accepted); an aspect with no choice, or an option the knowledge base no longer
    knows, counts as 1."""
    factors: dict[str, float] = {}
    for decision in workspace.chosen().values():
        option = kb.option(decision.option_ref)
        if option is not None:
            aspect_id = decision.aspect_id
            factors[aspect_id] = factors.get(aspect_id, 1.0) * option.effort_factor
    return factors


def remaining_share(aspect: Aspect, progress: Progress) -> float:
    """The share of the aspect's work left: none when done, all when not started, else the share
    of its checklist items not ticked (ticks of items that no longer exist are ignored)."""
    if progress.state == "done":
        return 0.0
    if progress.state != "in-progress":
        return 1.0
    return 1 - len(_ticked(aspect, progress)) / len(aspect.checklist)


def _ticked(aspect: Aspect, progress: Progress) -> set[int]:
    return {i for i in progress.ticked if i < len(aspect.checklist)}


def effort_plan(kb: KnowledgeBase, workspace: Workspace) -> dict[str, AspectEffort]:
    """Every aspect's remaining effort, in knowledge-base order (see the module's docstring)."""
    scope = compute_scope(kb, workspace)
    seniority = kb.effort_factor(kb.complete_profile(workspace.profile))
    factors = option_factors(kb, workspace)
    return {aspect.id: _effort(aspect, workspace.progress_of(aspect.id), scope[aspect.id].in_scope,
                               seniority * factors.get(aspect.id, 1.0))
            for aspect in kb.aspects.values()}


def _effort(aspect: Aspect, progress: Progress, in_scope: bool, factor: float) -> AspectEffort:
    if not in_scope:
        return AspectEffort(aspect.id, 0.0, 0.0, 0.0, "out-of-scope", "out of scope")
    if progress.state in ("done", "deferred"):
        return AspectEffort(aspect.id, 0.0, 0.0, 0.0, progress.state, progress.state)
    scale = factor * remaining_share(aspect, progress)
    reason = "not started"
    if progress.state == "in-progress":
        reason = (f"in progress, {len(_ticked(aspect, progress))} of {len(aspect.checklist)} "
                  "checklist items ticked")
    estimate = aspect.effort
    return AspectEffort(aspect.id, estimate.optimistic * scale, estimate.likely * scale,
                        estimate.pessimistic * scale, progress.state, reason)


def total_effort(efforts: Mapping[str, AspectEffort]) -> float:
    """The expected person-days of everything left."""
    return sum(e.expected for e in efforts.values())


def effort_by_category(kb: KnowledgeBase, efforts: Mapping[str, AspectEffort]) -> dict[str, float]:
    """Expected person-days per category, in the knowledge base's category order."""
    split = {c.id: 0.0 for c in kb.categories}
    for aspect_id, effort in efforts.items():
        category = kb.aspects[aspect_id].category
        split[category] = split.get(category, 0.0) + effort.expected
    return split
