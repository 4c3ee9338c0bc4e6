"""Milestones: a named snapshot of the workspace, and what changed since one was taken."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from decisions.history import Change, apply_changes, as_json
from decisions.scope import compute_scope
from decisions.workspace import Milestone, Workspace
from knowledge.catalog import KnowledgeBase
from knowledge.errors import UsageError


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class AnswerChange(_Model):
    """A profile answer that differs from the milestone's."""

    question: str
    """The question id."""
    before: Any = None
    """The answer then; None when unanswered."""
    after: Any = None
    """The answer now; None when unanswered."""


class DecisionChange(_Model):
    """A decision point whose live decision differs from the milestone's."""

    point: str
    """The decision point, `aspect.decision`."""
    change: str
    """added, changed or removed."""
    before: str | None = None
    """`option (status)` then."""
    after: str | None = None
    """`option (status)` now."""


class ProgressChange(_Model):
    """An aspect whose progress moved since the milestone."""

    aspect: str
    """The aspect id."""
    before: str
    """The state then."""
    after: str
    """The state now."""
    ticked_before: int
    """Checklist items ticked then."""
    ticked_after: int
    """Checklist items ticked now."""


class MilestoneComparison(_Model):
    """What changed between a milestone and the current state."""

    name: str
    """The milestone."""
    taken_at: dt.datetime
    """When it was taken."""
    revision: int
    """The revision it captured."""
    profile: list[AnswerChange] = []
    """Profile answers that changed."""
    entered_scope: list[str] = []
    """Aspects in scope now that were not then."""
    left_scope: list[str] = []
    """Aspects in scope then that are not now."""
    decisions: list[DecisionChange] = []
    """Decisions added, changed or removed."""
    progress: list[ProgressChange] = []
    """Progress that moved."""

    @property
    def unchanged(self) -> bool:
        return not (self.profile or self.entered_scope or self.left_scope or self.decisions
                    or self.progress)


def snapshot(kb: KnowledgeBase, workspace: Workspace) -> dict[str, Any]:
    """What a milestone keeps: profile, in-scope aspects, live decisions and progress."""
    scope = compute_scope(kb, workspace)
    return {
        "profile": as_json(dict(workspace.profile)),
        "scope": [aspect_id for aspect_id, s in scope.items() if s.in_scope],
        "decisions": {point: {"id": d.id, "option": d.option, "status": d.status}
                      for point, d in workspace.current_decisions().items()},
        "progress": {aspect_id: {"state": p.state, "ticked": list(p.ticked)}
                     for aspect_id, p in workspace.progress.items()},
    }


def take_milestone(kb: KnowledgeBase, workspace: Workspace, name: str,
                   at: dt.datetime) -> tuple[Workspace, list[Change]]:
    """Record a named snapshot of the current state."""
    name = name.strip()
    if not name:
        raise UsageError("a milestone needs a name")
    existing = workspace.milestone(name)
    if existing is not None:
        raise UsageError(f"a milestone named {name!r} already exists (taken "
                         f"{existing.taken_at:%Y-%m-%d}); choose another name")
    milestone = Milestone(name=name, taken_at=at.astimezone(dt.UTC), revision=workspace.revision,
                          snapshot=snapshot(kb, workspace))
    changes = [Change(kind="milestone", target=name, new=as_json(milestone))]
    return apply_changes(workspace, changes), changes


def compare_milestone(kb: KnowledgeBase, workspace: Workspace, name: str) -> MilestoneComparison:
    """What changed since the milestone: profile, scope, decisions and progress."""
    milestone = workspace.milestone(name)
    if milestone is None:
        known = ", ".join(m.name for m in workspace.milestones) or "none yet"
        raise UsageError(f"no milestone named {name!r} (milestones: {known})")
    then, now = milestone.snapshot, snapshot(kb, workspace)
    then_scope, now_scope = then.get("scope", []), now["scope"]
    return MilestoneComparison(
        name=milestone.name, taken_at=milestone.taken_at, revision=milestone.revision,
        profile=_profile_changes(then.get("profile", {}), now["profile"]),
        entered_scope=[a for a in now_scope if a not in then_scope],
        left_scope=[a for a in then_scope if a not in now_scope],
        decisions=_decision_changes(then.get("decisions", {}), now["decisions"]),
        progress=_progress_changes(then.get("progress", {}), now["progress"]),
    )


def _profile_changes(then: dict[str, Any], now: dict[str, Any]) -> list[AnswerChange]:
    return [AnswerChange(question=key, before=then.get(key), after=now.get(key))
            for key in sorted(then.keys() | now.keys()) if then.get(key) != now.get(key)]


def _label(decision: dict[str, Any] | None) -> str | None:
    if not isinstance(decision, dict):
        return None
    return f"{decision.get('option', '?')} ({decision.get('status', '?')})"


def _decision_changes(then: dict[str, Any], now: dict[str, Any]) -> list[DecisionChange]:
    changes = []
    for point in sorted(then.keys() | now.keys()):
        before, after = _label(then.get(point)), _label(now.get(point))
        if before != after:
            change = "added" if before is None else "removed" if after is None else "changed"
            changes.append(DecisionChange(point=point, change=change, before=before, after=after))
    return changes


def _progress_changes(then: dict[str, Any], now: dict[str, Any]) -> list[ProgressChange]:
    empty = {"state": "not-started", "ticked": []}
    changes = []
    for aspect_id in sorted(then.keys() | now.keys()):
        before, after = {**empty, **then.get(aspect_id, {})}, {**empty, **now.get(aspect_id, {})}
        if before != after:
            changes.append(ProgressChange(
                aspect=aspect_id, before=str(before["state"]), after=str(after["state"]),
                ticked_before=len(before["ticked"]), ticked_after=len(after["ticked"])))
    return changes
