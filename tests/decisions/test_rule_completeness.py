"""Every rule of the shipped knowledge base fires on a workspace built to break it."""

from __future__ import annotations

import datetime as dt

import pytest

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
