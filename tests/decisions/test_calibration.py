"""Calibration on the shipped knowledge base: a senior team of five builds a full B2B skeleton in
four to six months, and a lean profile needs far less.

These pin the knowledge base's estimates, not the planner: when one fails, tune the estimates of
the aspects whose work is mis-sized (see the per-category split in the failure message) rather
than a global factor."""

from __future__ import annotations

import datetime as dt

import pytest

from decisions.effort import effort_by_category, effort_plan, total_effort
from decisions.plan import build_plan
from decisions.workspace import Workspace
from knowledge.catalog import KnowledgeBase
from knowledge.loader import load_knowledge

START = dt.date(2026, 1, 5)
FULL_B2B = {"market": "b2b", "compliance": ["gdpr", "soc2"], "residency": "multi-jurisdiction",
            "scale": "medium", "stage": "post-pmf", "funding": "funded", "seniority": "senior",
            "team-size": 5}
LEAN = {"market": "b2c", "compliance": [], "residency": "single-jurisdiction", "scale": "small",
        "stage": "pre-pmf", "funding": "bootstrapped"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def _split(kb: KnowledgeBase, profile: dict) -> str:
    split = effort_by_category(kb, effort_plan(kb, Workspace(profile=profile)))
    return ", ".join(f"{category} {days:.0f}" for category, days in split.items())


def test_a_senior_team_of_five_builds_the_full_b2b_skeleton_in_16_to_26_weeks(kb):
    plan = build_plan(kb, Workspace(profile=FULL_B2B), START, trials=10_000, seed=0)
    p50 = plan.forecast.weeks(50)
    assert 16 <= p50 <= 26, (f"P50 is {p50:.1f} weeks; person-days by category: "
                             f"{_split(kb, FULL_B2B)}")


def test_the_lean_profile_needs_at_least_40_percent_less_effort(kb):
    full = total_effort(effort_plan(kb, Workspace(profile=FULL_B2B)))
    lean = total_effort(effort_plan(kb, Workspace(profile=LEAN)))
    assert lean <= 0.6 * full, (f"lean {lean:.0f} vs full {full:.0f} person-days "
                                f"({1 - lean / full:.0%} less); lean by category: "
                                f"{_split(kb, LEAN)}")
