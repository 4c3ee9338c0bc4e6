"""Scope: which aspects are in the skeleton for a profile, how urgent, and why."""

from __future__ import annotations

from dataclasses import dataclass

from decisions.workspace import Workspace
from knowledge.catalog import KnowledgeBase, Profile, matches
from knowledge.models import Aspect, Condition, PriorityLevel

PRIORITY_RANK: dict[str, int] = {"must": 0, "should": 1, "could": 2}


@dataclass(frozen=True)
class AspectScope:
    """Whether one aspect is in scope, with its priority and the reason."""

    aspect_id: str
    in_scope: bool
    priority: PriorityLevel
    reason: str
    overridden: bool = False


def describe(condition: Condition) -> str:
    """`{market: [b2b, both], scale: [large]}` -> `market is b2b or both and scale is large`."""
    return " and ".join(f"{key} is {' or '.join(values)}" for key, values in condition.items())


def aspect_scope(aspect: Aspect, profile: Profile) -> AspectScope:
    """The scope the profile gives an aspect, before any override."""
    priority = aspect.priority.default
    for override in aspect.priority.overrides:
        if matches(override.when, profile):
            priority = override.level
            break
    if not aspect.applies_when:
        return AspectScope(aspect.id, True, priority, "applies to every profile")
    met = next((c for c in aspect.applies_when if matches(c, profile)), None)
    if met is not None:
        return AspectScope(aspect.id, True, priority, f"applies because {describe(met)}")
    needed = "; or ".join(describe(c) for c in aspect.applies_when)
    return AspectScope(aspect.id, False, priority, f"applies only when {needed}")


def compute_scope(kb: KnowledgeBase, workspace: Workspace) -> dict[str, AspectScope]:
    """Every aspect's scope for the workspace's profile and overrides, in knowledge-base order."""
    profile = kb.complete_profile(workspace.profile)
    result = {}
    for aspect in kb.aspects.values():
        scope = aspect_scope(aspect, profile)
        override = workspace.scope.get(aspect.id)
        if override is not None:
            verb = "included" if override.in_scope else "left out"
            scope = AspectScope(aspect.id, override.in_scope, scope.priority,
                                f"{verb} by the team: {override.reason}", overridden=True)
        result[aspect.id] = scope
    return result
