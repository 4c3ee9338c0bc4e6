"""Pydantic models of the knowledge base: categories, aspects, decisions, options, rules."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _kebab(value: str) -> str:
    if not _KEBAB.match(value):
        raise ValueError(f"{value!r} is not a kebab-case id (lowercase letters, digits, dashes)")
    return value


Id = Annotated[str, AfterValidator(_kebab)]
"""A kebab-case identifier: `token-management`, `signing-algorithm`, `eddsa`."""

Text = Annotated[str, Field(min_length=1)]
"""Non-empty prose."""

Severity = Literal["error", "warning", "info"]
PriorityLevel = Literal["must", "should", "could"]
RiskLevel = Literal["high", "medium"]
QuestionKind = Literal["single", "multiple", "integer"]
RuleKind = Literal["requires-aspect", "requires-option", "forbids-option", "conflicts-with-profile"]

Condition = dict[Id, list[Id]]
"""Profile condition: every named question must match (AND); a question matches when its
answer is one of the listed ids (a multiple-choice answer matches when any chosen id is listed;
the special id `none` matches an empty multiple-choice answer)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Category(_Model):
    """A group of aspects shown together (identity, observability, delivery, ...)."""

    id: Id
    """Kebab-case id; also the folder name under knowledge/base/."""
    title: Text
    """Human title."""
    summary: Text
    """One or two sentences on what the category covers."""


class ProfileOption(_Model):
    """One answer to a profile question."""

    id: Id
    """Kebab-case id of the answer."""
    label: Text
    """Human label."""
    effort_factor: float = Field(default=1.0, gt=0, le=5)
    """Multiplier on every aspect's effort when this answer is given (seniority uses it)."""


class ProfileQuestion(_Model):
    """A scoping question whose answers decide which aspects apply and how urgently."""

    id: Id
    """Kebab-case id, used in conditions (`market`, `compliance`, ...)."""
    question: Text
    """The question as asked in the workshop."""
    help: str = ""
    """Why the question matters."""
    kind: QuestionKind
    """single choice, multiple choice, or an integer."""
    options: list[ProfileOption] = []
    """The answers for single and multiple choice questions."""
    default: str | int | list[str] | None = None
    """The answer assumed until the team gives one."""
    minimum: int | None = None
    """Lowest accepted value of an integer question."""
    maximum: int | None = None
    """Highest accepted value of an integer question."""

    @model_validator(mode="after")
    def _options_match_kind(self) -> ProfileQuestion:
        if self.kind != "integer" and not self.options:
            raise ValueError(f"a {self.kind}-choice question needs options")
        if self.kind == "integer" and self.options:
            raise ValueError("an integer question takes no options")
        return self

    def option_ids(self) -> list[str]:
        return [option.id for option in self.options]


class Rule(_Model):
    """A consequence of choosing an option: what it requires or what it rules out."""

    kind: RuleKind
    """requires-aspect: the target aspect must be in scope. requires-option: the target
    decision point must not be decided with another option. forbids-option: the target option
    must not be chosen. conflicts-with-profile: the option does not fit a profile that matches
    `when`."""
    target: str | None = None
    """An aspect id (requires-aspect) or `aspect.decision=option` (requires-/forbids-option)."""
    when: Condition | None = None
    """Profile condition under which the rule holds; always when omitted (required for
    conflicts-with-profile)."""
    severity: Severity
    """How bad a violation is: error, warning or info."""
    message: Text
    """Why this is a problem, in the words a team needs."""
    resolution: Text
    """What to change to resolve it."""

    @model_validator(mode="after")
    def _target_matches_kind(self) -> Rule:
        if self.kind == "conflicts-with-profile":
            if self.when is None:
                raise ValueError("a conflicts-with-profile rule needs `when`")
            if self.target is not None:
                raise ValueError("a conflicts-with-profile rule takes no target")
        elif not self.target:
            raise ValueError(f"a {self.kind} rule needs a target")
        elif self.kind == "requires-aspect":
            _kebab(self.target)
        else:
            parse_option_ref(self.target)
        return self


class Option(_Model):
    """One possible answer to a decision point."""

    id: Id
    """Kebab-case id, unique within its decision point."""
    label: Text
    """Short human label."""
    summary: Text
    """What choosing it means."""
    pros: list[Text] = Field(min_length=1)
    """What speaks for it."""
    cons: list[Text] = Field(min_length=1)
    """What speaks against it."""
    fits_when: str = ""
    """The situation it suits best."""
    effort_factor: float = Field(default=1.0, gt=0, le=5)
    """Multiplier on the aspect's effort when chosen (a managed IdP builds faster)."""
    risk: RiskLevel | None = None
    """The risk taken when this option is chosen against the recommendation."""
    risk_reason: str = ""
    """Why it is risky."""
    rules: list[Rule] = []
    """What choosing it requires or rules out."""

    @model_validator(mode="after")
    def _risk_has_reason(self) -> Option:
        if self.risk and not self.risk_reason.strip():
            raise ValueError("an option with a risk needs a risk_reason")
        return self


class DecisionPoint(_Model):
    """A question inside an aspect that the team answers by choosing one option."""

    id: Id
    """Kebab-case id, unique within its aspect."""
    question: Text
    """The question."""
    guidance: Text
    """How to think about it; opinionated where the evidence is."""
    options: list[Option] = Field(min_length=1)
    """The choices."""
    recommended: Id | None = None
    """The id of the recommended option, where there is one."""

    @model_validator(mode="after")
    def _recommended_is_an_option(self) -> DecisionPoint:
        ids = [option.id for option in self.options]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate option ids: {', '.join(duplicates)}")
        if self.recommended is not None and self.recommended not in ids:
            raise ValueError(f"recommended option {self.recommended!r} is not one of {ids}")
        return self

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


class PriorityOverride(_Model):
    """A priority that replaces the default when the profile matches."""

    when: Condition
    """Profile condition."""
    level: PriorityLevel
    """The priority when it matches."""


class Priority(_Model):
    """How urgent an aspect is, by profile: the first matching override wins."""

    default: PriorityLevel
    """The priority when no override matches."""
    overrides: list[PriorityOverride] = []
    """Profile-specific priorities, tried in order."""


class Estimate(_Model):
    """A three-point effort estimate in person-days for a senior engineer."""

    optimistic: float = Field(gt=0)
    """Best case, person-days."""
    likely: float = Field(gt=0)
    """Most likely, person-days."""
    pessimistic: float = Field(gt=0)
    """Worst realistic case, person-days."""

    @model_validator(mode="after")
    def _ordered(self) -> Estimate:
        if not self.optimistic <= self.likely <= self.pessimistic:
            raise ValueError("needs optimistic <= likely <= pessimistic")
        return self


class Reference(_Model):
    """Further reading."""

    title: Text
    """What it is."""
    url: str = ""
    """Where to find it."""


class Aspect(_Model):
    """One system-wide concern of the walking skeleton."""

    id: Id
    """Kebab-case id; the file is named `<id>.yaml`."""
    title: Text
    """Human title."""
    category: Id
    """The category id; the file lives in the folder of that name."""
    summary: Text
    """What the aspect is about, in a few sentences."""
    why: Text
    """Why it belongs in the skeleton rather than later."""
    skipping_cost: Text
    """What it costs to skip it or add it later."""
    applies_when: list[Condition] = []
    """Profile conditions for the aspect to be in scope: any one matching is enough; always in
    scope when empty."""
    priority: Priority
    """Priority by profile."""
    requires: list[Id] = []
    """Aspects that must be in place before this one."""
    related: list[Id] = []
    """Aspects worth reading alongside (no ordering)."""
    decisions: list[DecisionPoint] = Field(min_length=1)
    """The decision points."""
    checklist: list[Text] = Field(min_length=1)
    """Concrete deliverables that say what done means."""
    effort: Estimate
    """Three-point effort estimate in person-days."""
    references: list[Reference] = []
    """Further reading."""

    def decision(self, decision_id: str) -> DecisionPoint | None:
        return next((d for d in self.decisions if d.id == decision_id), None)


def parse_option_ref(ref: str) -> tuple[str, str, str]:
    """Split `aspect.decision=option` into its three ids, validating each."""
    point, sep, option = ref.partition("=")
    aspect, dot, decision = point.partition(".")
    if not sep or not dot:
        raise ValueError(f"{ref!r} is not of the form aspect.decision=option")
    return _kebab(aspect), _kebab(decision), _kebab(option)


def parse_point_ref(ref: str) -> tuple[str, str]:
    """Split `aspect.decision` into its two ids, validating each."""
    aspect, dot, decision = ref.partition(".")
    if not dot:
        raise ValueError(f"{ref!r} is not of the form aspect.decision")
    return _kebab(aspect), _kebab(decision)
