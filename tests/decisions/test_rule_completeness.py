"""Every rule of the shipped knowledge base fires on a workspace built to break it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decisions.findings import analyse
from decisions.workspace import Decision, ScopeOverride, Workspace
from knowledge.catalog import KnowledgeBase, RuleSite
from knowledge.loader import load_knowledge
from knowledge.models import parse_option_ref

KB = load_knowledge()


def _profile(kb: KnowledgeBase, site: RuleSite) -> dict:
    profile: dict = {}
    for question_id, answers in (site.rule.when or {}).items():
        question = kb.question(question_id)
        if question and question.kind == "multiple":
            profile[question_id] = [a for a in answers if a != "none"][:1]
        else:
            profile[question_id] = answers[0]
    return profile


def breaking_workspace(kb: KnowledgeBase, site: RuleSite) -> Workspace:
    """The option chosen, the profile matching the rule's condition, and its target broken."""
    day = dt.date(2026, 10, 1)
    decisions = [Decision(id=1, point=f"{site.aspect.id}.{site.point.id}", option=site.option.id,
                          status="accepted", date=day)]
    scope = {}
    rule = site.rule
    if rule.kind == "requires-aspect":
        scope[rule.target] = ScopeOverride(in_scope=False, reason="to break the rule")
    elif rule.kind in ("requires-option", "forbids-option"):
        aspect_id, decision_id, option_id = parse_option_ref(rule.target)
        point = kb.aspect(aspect_id).decision(decision_id)
        if rule.kind == "requires-option":
            option_id = next(o.id for o in point.options if o.id != option_id)
        decisions.append(Decision(id=2, point=f"{aspect_id}.{decision_id}", option=option_id,
                                  status="accepted", date=day))
    return Workspace(profile=_profile(kb, site), decisions=decisions, scope=scope)


SITES = list(KB.rules())


def test_the_shipped_base_has_rules_to_check():
    assert len(SITES) >= 60


@pytest.mark.parametrize("site", SITES, ids=[s.rule_id for s in SITES])
def test_shipped_rule_fires_when_broken(site):
    if site.rule.kind in ("requires-option", "forbids-option"):
        target_point = site.rule.target.partition("=")[0]
        assert target_point != f"{site.aspect.id}.{site.point.id}", "a rule on its own point"
    found = {f.id: f for f in analyse(KB, breaking_workspace(KB, site))}
    finding = found.get(f"rule:{site.rule_id}")
    assert finding is not None, sorted(found)
    assert finding.severity == site.rule.severity
    assert finding.message == site.rule.message


@st.composite
def choices(draw):
    """Random decisions on up to 60 decision points of the shipped base, under a random profile."""
    points = list(KB.points())
    picked = draw(st.lists(st.sampled_from(range(len(points))), unique=True, max_size=60))
    day = dt.date(2026, 10, 1)
    decisions = [Decision(id=n + 1, point=f"{points[i][0].id}.{points[i][1].id}", status="accepted",
                          option=draw(st.sampled_from([o.id for o in points[i][1].options])),
                          date=day) for n, i in enumerate(picked)]
    profile = {"market": draw(st.sampled_from(["b2b", "b2c", "both"])),
               "compliance": draw(st.lists(st.sampled_from(["gdpr", "hipaa", "pci-dss", "soc2",
                                                            "fips"]), unique=True, max_size=3)),
               "scale": draw(st.sampled_from(["small", "medium", "large"]))}
    return Workspace(profile=profile, decisions=decisions)


@settings(max_examples=200, deadline=None)
@given(choices())
def test_withdrawing_the_choice_behind_a_finding_removes_it(workspace):
    findings = [f for f in analyse(KB, workspace) if f.kind in ("rule", "risk")]
    for finding in findings:
        cause = finding.options[0].partition("=")[0]
        kept = [d for d in workspace.decisions if d.point != cause]
        fixed = workspace.model_copy(update={"decisions": kept})
        assert finding.id not in {f.id for f in analyse(KB, fixed)}
