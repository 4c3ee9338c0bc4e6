"""Findings: conflicts, missing prerequisites, order, risks and stale ids in a workspace."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from decisions.scope import AspectScope, compute_scope
from decisions.workspace import Decision, Workspace
from knowledge.catalog import KnowledgeBase, RuleSite, matches
from knowledge.models import Severity, parse_option_ref

FindingKind = Literal["rule", "missing-prerequisite", "order", "risk", "stale", "cycle"]
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
RISK_SEVERITY: dict[str, Severity] = {"high": "warning", "medium": "info"}


@dataclass(frozen=True)
class Finding:
    """One thing the team should look at, with why and how to resolve it."""

    id: str
    severity: Severity
    kind: FindingKind
    aspects: tuple[str, ...]
    message: str
    resolution: str
    points: tuple[str, ...] = ()
    options: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("aspects", "points", "options"):
            data[key] = list(data[key])
        return data


@dataclass(frozen=True)
class _Context:
    kb: KnowledgeBase
    workspace: Workspace
    profile: Mapping[str, Any]
    scope: Mapping[str, AspectScope]
    chosen: Mapping[str, Decision]

    def in_scope(self, aspect_id: str) -> bool:
        scope = self.scope.get(aspect_id)
        return bool(scope and scope.in_scope)

    def title(self, aspect_id: str) -> str:
        aspect = self.kb.aspect(aspect_id)
        return aspect.title if aspect else aspect_id


def analyse(kb: KnowledgeBase, workspace: Workspace) -> list[Finding]:
    """Every finding, most severe first, in a deterministic order."""
    ctx = _Context(kb, workspace, kb.complete_profile(workspace.profile),
                   compute_scope(kb, workspace), workspace.chosen())
    found = [*_rule_findings(ctx), *_prerequisite_findings(ctx), *_order_findings(ctx),
             *_risk_findings(ctx), *_stale_findings(ctx), *_cycle_findings(ctx)]
    unique = {f.id: f for f in found}
    return sorted(unique.values(), key=lambda f: (SEVERITY_RANK[f.severity], f.kind, f.id))


def findings_for(findings: list[Finding], aspect_id: str) -> list[Finding]:
    """The findings that involve one aspect."""
    return [f for f in findings if aspect_id in f.aspects]


def exceeds(findings: list[Finding], threshold: Severity) -> bool:
    """Whether any finding is at or above the threshold severity (for CI gates)."""
    return any(SEVERITY_RANK[f.severity] <= SEVERITY_RANK[threshold] for f in findings)


# -- rule violations ------------------------------------------------------------------------

def _rule_findings(ctx: _Context) -> Iterator[Finding]:
    for site in ctx.kb.rules():
        decision = ctx.chosen.get(f"{site.aspect.id}.{site.point.id}")
        if decision is None or decision.option != site.option.id:
            continue
        if not matches(site.rule.when, ctx.profile):
            continue
        finding = _check_rule(ctx, site)
        if finding:
            yield finding


def _check_rule(ctx: _Context, site: RuleSite) -> Finding | None:
    rule = site.rule
    if rule.kind == "conflicts-with-profile":
        return _rule_finding(site, (site.aspect.id,), (), rule.severity)
    if rule.kind == "requires-aspect":
        target = rule.target or ""
        if ctx.in_scope(target):
            return None
        return _rule_finding(site, (site.aspect.id, target), (), rule.severity)
    aspect_id, decision_id, option_id = parse_option_ref(rule.target or "")
    other = ctx.chosen.get(f"{aspect_id}.{decision_id}")
    target_ref = f"{aspect_id}.{decision_id}={option_id}"
    involved = (site.aspect.id, aspect_id)
    if rule.kind == "forbids-option":
        if other and other.option == option_id:
            return _rule_finding(site, involved, (target_ref,), rule.severity)
        return None
    if other is None:
        return _open_requirement(ctx, site, target_ref, involved)
    if other.option != option_id:
        return _rule_finding(site, involved, (target_ref, other.option_ref), rule.severity)
    return None


def _rule_finding(site: RuleSite, aspects: tuple[str, ...], others: tuple[str, ...],
                  severity: Severity) -> Finding:
    points = tuple(dict.fromkeys(ref.partition("=")[0] for ref in (site.option_ref, *others)))
    return Finding(
        id=f"rule:{site.rule_id}", severity=severity, kind="rule",
        aspects=tuple(dict.fromkeys(aspects)), points=points,
        options=(site.option_ref, *others), message=site.rule.message,
        resolution=site.rule.resolution,
    )


def _open_requirement(ctx: _Context, site: RuleSite, target_ref: str,
                      aspects: tuple[str, ...]) -> Finding:
    point = target_ref.partition("=")[0]
    label = ctx.kb.option(target_ref)
    return Finding(
        id=f"rule:{site.rule_id}:open", severity="info", kind="rule",
        aspects=tuple(dict.fromkeys(aspects)), points=(site.option_ref.partition("=")[0], point),
        options=(site.option_ref, target_ref),
        message=f"{site.rule.message} ({point} is still open.)",
        resolution=f"Decide {point}; this choice needs "
                   f"{label.label if label else target_ref}.",
    )


# -- prerequisites and order ----------------------------------------------------------------

def _prerequisite_findings(ctx: _Context) -> Iterator[Finding]:
    for aspect in ctx.kb.aspects.values():
        if not ctx.in_scope(aspect.id):
            continue
        for required in aspect.requires:
            if not ctx.in_scope(required):
                yield _missing(ctx, aspect.id, required, "out of scope", "error",
                               f"Bring {ctx.title(required)} into scope, or take "
                               f"{ctx.title(aspect.id)} out of scope.")
            elif ctx.workspace.progress_of(required).state == "deferred":
                yield _missing(ctx, aspect.id, required, "deferred", "warning",
                               f"Resume {ctx.title(required)}, or defer "
                               f"{ctx.title(aspect.id)} with it.")


def _missing(ctx: _Context, aspect_id: str, required: str, why: str, severity: Severity,
             resolution: str) -> Finding:
    return Finding(
        id=f"missing-prerequisite:{aspect_id}->{required}", severity=severity,
        kind="missing-prerequisite", aspects=(aspect_id, required),
        message=f"{ctx.title(aspect_id)} builds on {ctx.title(required)}, which is {why}.",
        resolution=resolution,
    )


def _order_findings(ctx: _Context) -> Iterator[Finding]:
    for aspect in ctx.kb.aspects.values():
        state = ctx.workspace.progress_of(aspect.id).state
        if not ctx.in_scope(aspect.id) or state not in ("in-progress", "done"):
            continue
        for required in aspect.requires:
            if ctx.in_scope(required) and \
                    ctx.workspace.progress_of(required).state == "not-started":
                yield Finding(
                    id=f"order:{aspect.id}->{required}", severity="warning", kind="order",
                    aspects=(aspect.id, required),
                    message=f"{ctx.title(aspect.id)} is {state} while its prerequisite "
                            f"{ctx.title(required)} has not started.",
                    resolution=f"Start {ctx.title(required)} first, or check that "
                               f"{ctx.title(aspect.id)} does not rest on guesses about it.",
                )


# -- risks, stale ids and cycles ------------------------------------------------------------

def _risk_findings(ctx: _Context) -> Iterator[Finding]:
    for point_ref, decision in ctx.chosen.items():
        found = ctx.kb.point(point_ref)
        if found is None:
            continue
        aspect, point = found
        option = point.option(decision.option)
        if option is None or not option.risk or point.recommended == option.id:
            continue
        recommended = point.option(point.recommended or "")
        if recommended is None:
            why = f"{option.label} carries a {option.risk} risk: {option.risk_reason}"
            fix = "Compare it with the other options, or record in the rationale why the " \
                  "risk is acceptable."
        else:
            why = (f"{option.label} was chosen against the recommendation "
                   f"({option.risk} risk): {option.risk_reason}")
            fix = f"Choose {recommended.label}, or record in the rationale why the risk is " \
                  "acceptable."
        yield Finding(
            id=f"risk:{decision.option_ref}", severity=RISK_SEVERITY[option.risk], kind="risk",
            aspects=(aspect.id,), points=(point_ref,), options=(decision.option_ref,),
            message=why, resolution=fix,
        )


def _stale_findings(ctx: _Context) -> Iterator[Finding]:
    for point_ref, decision in ctx.workspace.current_decisions().items():
        found = ctx.kb.point(point_ref)
        if found is None:
            yield _stale(point_ref.partition(".")[0], f"decision {point_ref}",
                         f"The decision on {point_ref} refers to a decision point the knowledge "
                         "base no longer has.", (point_ref,))
        elif found[1].option(decision.option) is None:
            yield _stale(found[0].id, f"option {decision.option_ref}",
                         f"{decision.option_ref} refers to an option the knowledge base no "
                         "longer has.", (point_ref,))
    for section in ("scope", "progress"):
        for aspect_id in sorted(getattr(ctx.workspace, section)):
            if ctx.kb.aspect(aspect_id) is None:
                yield _stale(aspect_id, f"{section} {aspect_id}",
                             f"The {section} entry for {aspect_id} refers to an aspect the "
                             "knowledge base no longer has.", ())


def _stale(aspect_id: str, what: str, message: str, points: tuple[str, ...]) -> Finding:
    return Finding(
        id=f"stale:{what.replace(' ', ':')}", severity="warning", kind="stale",
        aspects=(aspect_id,), points=points, message=message,
        resolution="Map it to the renamed id, restore the pack that defined it, or remove the "
                   "entry; it is kept until you do.",
    )


def _cycle_findings(ctx: _Context) -> Iterator[Finding]:
    for cycle in ctx.kb.cycles:
        chain = " -> ".join([*cycle, cycle[0]])
        yield Finding(
            id=f"cycle:{'->'.join(cycle)}", severity="error", kind="cycle", aspects=tuple(cycle),
            message=f"The prerequisites form a cycle: {chain}; no order can satisfy it.",
            resolution="Remove one `requires` entry of the cycle in the pack that added it.",
        )
