"""The workshop report in Markdown: profile, scope, decisions with rationale, findings, plan.

A pure function of its inputs (the date it names is a parameter), so that the same workspace
gives the same bytes. Every piece of text from the team or a pack goes through
`markdown_safe.inline`: it adds words to the report, never structure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from decisions.findings import Finding
from decisions.forecast import PERCENTILES
from decisions.plan import Plan
from decisions.scope import compute_scope
from decisions.workspace import Decision, Workspace
from exporters.markdown_safe import inline
from knowledge.catalog import KnowledgeBase
from knowledge.models import Aspect, ProfileQuestion

MINUTES_PER_ASPECT = 5
"""Reading the aspect's summary and why it matters, before its decision points."""
MINUTES_PER_POINT = 10
"""Discussing one decision point and writing down why."""
LONGEST_TIME_BOX = 45
SEVERITY_TITLES = (("error", "Errors"), ("warning", "Warnings"), ("info", "Notes"))


def time_box(aspect: Aspect) -> int:
    """Minutes to give an aspect in a workshop: a few to read it, ten per decision point,
    never more than three quarters of an hour (split a longer one over two sessions)."""
    minutes = MINUTES_PER_ASPECT + MINUTES_PER_POINT * len(aspect.decisions)
    return min(minutes, LONGEST_TIME_BOX)


def workshop_report(kb: KnowledgeBase, workspace: Workspace, findings: Sequence[Finding],
                    generated: dt.date, plan: Plan | None = None) -> str:
    """The report as Markdown text, ending with one newline."""
    title = inline(workspace.name) if workspace.name.strip() else "Walking skeleton"
    lines = [f"# {title}: workshop report", "",
             f"Generated on {generated.isoformat()} from revision {workspace.revision} of "
             "the workspace.", ""]
    lines += _profile(kb, workspace)
    lines += _scope(kb, workspace)
    lines += _decisions(kb, workspace)
    lines += _findings(findings)
    lines += _plan(kb, plan)
    return "\n".join(lines).rstrip("\n") + "\n"


# -- sections --------------------------------------------------------------------------------

def _profile(kb: KnowledgeBase, workspace: Workspace) -> list[str]:
    lines = ["## Profile", "", "| Question | Answer |", "| --- | --- |"]
    completed = kb.complete_profile(workspace.profile)
    for question in kb.questions:
        answer = _answer(question, completed.get(question.id))
        if question.id not in workspace.profile:
            answer += " (default)"
        lines.append(f"| {inline(question.question)} | {answer} |")
    return [*lines, ""]


def _answer(question: ProfileQuestion, value: Any) -> str:
    if value is None:
        return "not answered"
    if question.kind == "integer":
        return str(value)
    labels = {o.id: o.label for o in question.options}
    chosen = value if isinstance(value, list) else [value]
    return ", ".join(inline(labels.get(str(v), str(v))) for v in chosen) or "none"


def _scope(kb: KnowledgeBase, workspace: Workspace) -> list[str]:
    scope = compute_scope(kb, workspace)
    inside = [a for a, s in scope.items() if s.in_scope]
    by_priority = {level: sum(1 for a in inside if scope[a].priority == level)
                   for level in ("must", "should", "could")}
    lines = ["## Scope", "",
             f"{len(inside)} of {len(scope)} aspects are in scope: {by_priority['must']} must, "
             f"{by_priority['should']} should, {by_priority['could']} could.", ""]
    overridden = [s for s in scope.values() if s.overridden]
    if overridden:
        lines += ["Set by the team against the profile:", ""]
        lines += [f"- {inline(kb.aspects[s.aspect_id].title)}: {inline(s.reason)}"
                  for s in overridden]
        lines.append("")
    return lines


def _decisions(kb: KnowledgeBase, workspace: Workspace) -> list[str]:
    lines = ["## Decisions", ""]
    live = workspace.current_decisions()
    if not live:
        return [*lines, "No decision has been recorded yet.", ""]
    for aspect in kb.aspects.values():
        recorded = [(p.question, live[f"{aspect.id}.{p.id}"]) for p in aspect.decisions
                    if f"{aspect.id}.{p.id}" in live]
        if recorded:
            lines += [f"### {inline(aspect.title)}", ""]
            for question, decision in recorded:
                lines += _decision(kb, inline(question), decision)
    unknown = [d for point, d in sorted(live.items()) if kb.point(point) is None]
    if unknown:
        lines += ["### Decision points the knowledge base no longer has", ""]
        for decision in unknown:
            lines += _decision(kb, inline(decision.point), decision)
    return lines


def _decision(kb: KnowledgeBase, question: str, decision: Decision) -> list[str]:
    option = kb.option(decision.option_ref)
    choice = inline(option.label) if option else inline(decision.option)
    who = f"; {inline(', '.join(decision.deciders))}" if decision.deciders else ""
    lines = [f"- **{question}** {choice} ({decision.status}, {decision.date.isoformat()}{who})"]
    rationale = " ".join(inline(line) for line in decision.rationale.splitlines() if line.strip())
    lines.append(f"  - Why: {rationale}" if rationale else "  - Why: no rationale recorded.")
    return [*lines, ""]


def _findings(findings: Sequence[Finding]) -> list[str]:
    lines = ["## Findings", ""]
    if not findings:
        return [*lines, "No conflicts, missing prerequisites or risks.", ""]
    for severity, title in SEVERITY_TITLES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines += [f"### {title} ({len(group)})", ""]
        for finding in group:
            lines.append(f"- {inline(finding.message)}")
            lines.append(f"  - Resolution: {inline(finding.resolution)}")
        lines.append("")
    return lines


def _plan(kb: KnowledgeBase, made: Plan | None) -> list[str]:
    lines = ["## Plan", ""]
    if made is None:
        return [*lines, "No plan was made.", ""]
    plan, forecast = made.schedule, made.forecast
    if not plan.tasks:
        return [*lines, "Nothing is left to build: every in-scope aspect is done or deferred.",
                ""]
    people = f"{plan.team} engineer{'s' if plan.team != 1 else ''}"
    lines += [f"- {len(plan.tasks)} aspects left, {sum(t.effort_days for t in plan.tasks):.0f} "
              f"person-days expected, on {people} from {plan.start_date.isoformat()}.",
              f"- Planned end: {plan.end_date.isoformat()} ({plan.duration_days} working days)."]
    dates = ", ".join(f"P{p} {forecast.date(p).isoformat()}" for p in PERCENTILES)
    lines.append(f"- Forecast ({forecast.trials} trials): {dates}.")
    if forecast.target is not None and forecast.p_target is not None:
        lines.append(f"- Chance of being done by {forecast.target.isoformat()}: "
                     f"{forecast.p_target:.0%}.")
    chain = " → ".join(inline(kb.aspects[a].title) if a in kb.aspects else inline(a)
                       for a in plan.critical_path)
    lines.append(f"- Critical path: {chain}.")
    return [*lines, ""]
