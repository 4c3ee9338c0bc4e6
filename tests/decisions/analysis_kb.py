"""A small knowledge base with one rule of each kind, for the analysis tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from decisions.workspace import Decision, Progress, ScopeOverride, Workspace
from knowledge.catalog import KnowledgeBase
from knowledge.loader import load_knowledge
from tests.knowledge.kbfactory import aspect_text, write_base

RULES = """\
        rules:
          - kind: requires-aspect
            target: tokens
            severity: error
            message: Second needs tokens.
            resolution: Bring tokens into scope.
          - kind: forbids-option
            target: tokens.style=second
            severity: error
            message: Second and second clash.
            resolution: Pick one.
          - kind: requires-option
            target: tokens.style=first
            severity: warning
            message: Second wants tokens first.
            resolution: Choose tokens first.
          - kind: conflicts-with-profile
            when: {compliance: [fips]}
            severity: error
            message: Not FIPS.
            resolution: Choose first.
"""


def analysis_kb(root: Path) -> KnowledgeBase:
    """certs <- tokens <- login (identity), deploy (delivery) requires nothing; login's
    `style=second` carries one rule of each kind; tokens applies only to b2b."""
    tokens = aspect_text("tokens", requires="certs").replace(
        "priority:", "applies_when:\n  - {market: [b2b, both]}\npriority:")
    aspects = {
        "identity/certs.yaml": aspect_text("certs"),
        "identity/tokens.yaml": tokens,
        "identity/login.yaml": aspect_text("login", requires="tokens") + RULES,
        "delivery/deploy.yaml": aspect_text("deploy", "delivery").replace(
            "default: must", "default: could"),
    }
    return load_knowledge(base=write_base(root, aspects))


def decision(point: str, option: str, number: int = 1, status: str = "accepted") -> Decision:
    return Decision(id=number, point=point, option=option, status=status,
                    date=dt.date(2026, 10, 1), rationale="because", deciders=["Ana"])


def workspace(*decisions: Decision, profile: dict | None = None,
              progress: dict[str, str] | None = None,
              scope: dict[str, bool] | None = None) -> Workspace:
    return Workspace(
        profile=profile or {"market": "b2b"},
        decisions=list(decisions),
        progress={a: Progress(state=s, note="why") for a, s in (progress or {}).items()},
        scope={a: ScopeOverride(in_scope=v, reason="team said so")
               for a, v in (scope or {}).items()},
    )
