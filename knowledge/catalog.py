"""The loaded knowledge base: categories, profile questions and aspects, with look-ups."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from knowledge.models import (
    Aspect,
    Category,
    Condition,
    DecisionPoint,
    Option,
    ProfileQuestion,
    Rule,
    parse_option_ref,
    parse_point_ref,
)

Profile = Mapping[str, Any]
"""Answers by question id: a str (single), a list of str (multiple) or an int."""


@dataclass(frozen=True)
class RuleSite:
    """A rule with the option that carries it."""

    aspect: Aspect
    point: DecisionPoint
    option: Option
    index: int
    rule: Rule

    @property
    def option_ref(self) -> str:
        return f"{self.aspect.id}.{self.point.id}={self.option.id}"

    @property
    def rule_id(self) -> str:
        """A stable id of the rule: the option it sits on and its position."""
        return f"{self.option_ref}#{self.index}"


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the loader read, validated and cross-checked."""

    categories: tuple[Category, ...]
    questions: tuple[ProfileQuestion, ...]
    aspects: Mapping[str, Aspect]
    sources: Mapping[str, str] = field(default_factory=dict)
    """The file each aspect came from."""
    packs: tuple[str, ...] = ()
    """The pack folders applied on top of the base, in order."""
    cycles: tuple[tuple[str, ...], ...] = ()
    """Cycles in `requires` kept by a tolerant load (see load_knowledge's allow_cycles)."""

    # -- look-ups -------------------------------------------------------------------------
    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def question(self, question_id: str) -> ProfileQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def aspect(self, aspect_id: str) -> Aspect | None:
        return self.aspects.get(aspect_id)

    def point(self, ref: str) -> tuple[Aspect, DecisionPoint] | None:
        """The aspect and decision point of `aspect.decision`, or None when unknown."""
        try:
            aspect_id, decision_id = parse_point_ref(ref)
        except ValueError:
            return None
        aspect = self.aspects.get(aspect_id)
        point = aspect.decision(decision_id) if aspect else None
        return (aspect, point) if aspect and point else None

    def option(self, ref: str) -> Option | None:
        """The option of `aspect.decision=option`, or None when unknown."""
        try:
            aspect_id, decision_id, option_id = parse_option_ref(ref)
        except ValueError:
            return None
        found = self.point(f"{aspect_id}.{decision_id}")
        return found[1].option(option_id) if found else None

    def aspects_in(self, category_id: str) -> list[Aspect]:
        return [a for a in self.aspects.values() if a.category == category_id]

    def points(self) -> Iterator[tuple[Aspect, DecisionPoint]]:
        for aspect in self.aspects.values():
            for point in aspect.decisions:
                yield aspect, point

    def rules(self) -> Iterator[RuleSite]:
        for aspect, point in self.points():
            for option in point.options:
                for index, rule in enumerate(option.rules):
                    yield RuleSite(aspect, point, option, index, rule)

    def counts(self) -> dict[str, int]:
        """The size of the base, as `skeleton kb validate --json` prints it."""
        points = list(self.points())
        return {
            "categories": len(self.categories),
            "aspects": len(self.aspects),
            "decisions": len(points),
            "options": sum(len(p.options) for _, p in points),
            "rules": sum(1 for _ in self.rules()),
        }

    # -- profile ----------------------------------------------------------------------------
    def default_profile(self) -> dict[str, Any]:
        return {q.id: _copy(q.default) for q in self.questions if q.default is not None}

    def complete_profile(self, answers: Profile) -> dict[str, Any]:
        """The answers with defaults filled in for the questions not answered."""
        profile = self.default_profile()
        profile.update({k: _copy(v) for k, v in answers.items() if v is not None})
        return profile

    def effort_factor(self, profile: Profile) -> float:
        """The product of the answers' effort factors (seniority)."""
        factor = 1.0
        for question in self.questions:
            if question.kind == "integer":
                continue
            chosen = _as_list(profile.get(question.id, question.default))
            for option in question.options:
                if option.id in chosen:
                    factor *= option.effort_factor
        return factor


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def matches(condition: Condition | None, profile: Profile) -> bool:
    """Whether the profile meets every key of the condition; an absent condition always does."""
    if not condition:
        return True
    for question_id, accepted in condition.items():
        chosen = _as_list(profile.get(question_id))
        if not chosen:
            if "none" not in accepted:
                return False
        elif not set(chosen) & set(accepted):
            return False
    return True

