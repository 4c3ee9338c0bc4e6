"""A small knowledge base and workspace with every kind of progress, for plan tests and goldens."""

from __future__ import annotations

import datetime as dt

from decisions.workspace import Decision, Progress, ScopeOverride, Workspace
from knowledge.catalog import KnowledgeBase
from knowledge.models import Aspect, Category
from tests.decisions.memory_kb import make_aspect, make_kb

START = dt.date(2026, 1, 5)
"""A Monday."""
TARGET = dt.date(2026, 2, 27)


def _with_factors(aspect: Aspect, slow: float, fast: float) -> Aspect:
    """The aspect with its two options `x` and `y` costing `slow` and `fast` times the estimate."""
    point = aspect.decisions[0]
    options = [point.options[0].model_copy(update={"effort_factor": slow}),
               point.options[1].model_copy(update={"effort_factor": fast})]
    return aspect.model_copy(update={"decisions": [point.model_copy(update={"options": options})]})


def plan_kb() -> KnowledgeBase:
    """Identity (certificates <- tokens <- login), delivery (pipelines <- rollouts, which also
    needs login) and observability (logs <- tracing, alerts; audit)."""
    aspects = [
        make_aspect("certificate-management", "identity", effort=(2, 3, 5)),
        _with_factors(make_aspect("token-management", "identity", ["certificate-management"],
                                  effort=(3, 5, 9)), 1.5, 0.6),
        make_aspect("authentication", "identity", ["token-management"], effort=(4, 6, 12),
                    checklist=4),
        make_aspect("build-pipelines", "delivery", effort=(2, 4, 8)),
        make_aspect("rollouts", "delivery", ["build-pipelines", "authentication"],
                    effort=(3, 5, 10)),
        make_aspect("logging", "observability", effort=(1, 2, 4)),
        make_aspect("tracing", "observability", ["logging"], effort=(2, 3, 6)),
        make_aspect("alerts", "observability", ["logging", "rollouts"], effort=(1, 2, 3)),
        make_aspect("audit-log", "observability", ["logging"], effort=(3, 4, 6)),
        make_aspect("error-budgets", "observability", ["alerts"], effort=(2, 2, 2)),
    ]
    aspects = [a.model_copy(update={"title": a.id.replace("-", " ").capitalize()})
               for a in aspects]
    aspects[7] = aspects[7].model_copy(update={"title": "Alerts: on-call & paging #1"})
    kb = make_kb(aspects)
    categories = (
        Category(id="identity", title="Identity and access", summary="s"),
        Category(id="delivery", title="Build and delivery", summary="s"),
        Category(id="observability", title="Observability and audit", summary="s"),
    )
    return KnowledgeBase(categories=categories, questions=kb.questions, aspects=kb.aspects)


def plan_workspace() -> Workspace:
    """A team of two, mixed seniority, mid-way: logging done, login half built, tracing
    deferred, the audit log left out; tokens decided for the faster option."""
    return Workspace(
        name="Acme: billing platform",
        profile={"market": "b2b", "team-size": 2, "seniority": "mixed"},
        decisions=[Decision(id=1, point="token-management.d", option="y", status="accepted",
                            date=dt.date(2025, 12, 1))],
        progress={"logging": Progress(state="done"),
                  "authentication": Progress(state="in-progress", ticked=[0, 2]),
                  "tracing": Progress(state="deferred", note="after launch")},
        scope={"audit-log": ScopeOverride(in_scope=False, reason="no regulated customers yet")},
    )
