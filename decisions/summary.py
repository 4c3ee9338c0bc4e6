"""Where a workspace stands: profile, scope, decided and open points, progress by category."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from decisions.scope import compute_scope
from decisions.stale import stale_ids
from decisions.workspace import STATES, Workspace
from knowledge.catalog import KnowledgeBase


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class ScopeCounts(_Model):
    """How many aspects are in scope, and how urgent they are."""

    in_scope: int
    """Aspects in scope."""
    out_of_scope: int
    """Aspects out of scope."""
    overridden: int
    """Aspects whose scope the team set against the profile."""
    by_priority: dict[str, int]
    """In-scope aspects by priority: must, should, could."""


class DecisionCounts(_Model):
    """The decision points of the in-scope aspects."""

    decided: list[str]
    """Points with an option in force (proposed or accepted), `aspect.decision`."""
    open: list[str]
    """Points with no option in force yet (undecided, or the live decision was rejected)."""
    by_status: dict[str, int]
    """Live decisions of in-scope points by status: proposed, accepted, rejected."""


class CategoryProgress(_Model):
    """The progress of one category's in-scope aspects."""

    category: str
    """The category id."""
    title: str
    """Its title."""
    aspects: int
    """In-scope aspects in the category."""
    states: dict[str, int]
    """Aspects by state: not-started, in-progress, done, deferred."""
    ticked: int
    """Checklist items ticked."""
    items: int
    """Checklist items in all."""


class WorkspaceStatus(_Model):
    """Everything `skeleton status` shows."""

    name: str
    """The workspace's name."""
    revision: int
    """Its revision."""
    profile: dict[str, Any]
    """The profile with defaults filled in."""
    answered: list[str]
    """The questions the team answered (the others hold their default)."""
    scope: ScopeCounts
    """Scope counts."""
    decisions: DecisionCounts
    """Decided and open points."""
    progress: list[CategoryProgress]
    """Progress by category, in walkthrough order."""
    stale: list[str]
    """Ids the knowledge base no longer has, as `where: what`."""


def workspace_status(kb: KnowledgeBase, workspace: Workspace) -> WorkspaceStatus:
    scope = compute_scope(kb, workspace)
    in_scope = [a for a in kb.aspects.values() if scope[a.id].in_scope]
    return WorkspaceStatus(
        name=workspace.name, revision=workspace.revision,
        profile=kb.complete_profile(workspace.profile), answered=sorted(workspace.profile),
        scope=ScopeCounts(
            in_scope=len(in_scope), out_of_scope=len(scope) - len(in_scope),
            overridden=sum(1 for s in scope.values() if s.overridden),
            by_priority={level: sum(1 for a in in_scope if scope[a.id].priority == level)
                         for level in ("must", "should", "could")}),
        decisions=_decisions(workspace, [f"{a.id}.{p.id}" for a in in_scope for p in a.decisions]),
        progress=[_category(kb, workspace, c.id, [a.id for a in in_scope if a.category == c.id])
                  for c in kb.categories],
        stale=[str(s) for s in stale_ids(kb, workspace)],
    )


def _decisions(workspace: Workspace, points: list[str]) -> DecisionCounts:
    live, chosen = workspace.current_decisions(), workspace.chosen()
    return DecisionCounts(
        decided=[p for p in points if p in chosen],
        open=[p for p in points if p not in chosen],
        by_status={status: sum(1 for p in points if p in live and live[p].status == status)
                   for status in ("proposed", "accepted", "rejected")})


def _category(kb: KnowledgeBase, workspace: Workspace, category_id: str,
              aspect_ids: list[str]) -> CategoryProgress:
    category = kb.category(category_id)
    progress = [workspace.progress_of(a) for a in aspect_ids]
    items = {a: len(aspect.checklist) for a in aspect_ids if (aspect := kb.aspect(a))}
    return CategoryProgress(
        category=category_id, title=category.title if category else category_id,
        aspects=len(aspect_ids),
        states={state: sum(1 for p in progress if p.state == state) for state in STATES},
        ticked=sum(len([i for i in p.ticked if i < items[a]])
                   for a, p in zip(aspect_ids, progress, strict=True)),
        items=sum(items.values()))
