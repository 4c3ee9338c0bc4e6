"""The workshop report: every section, decisions with their rationale, findings with their
resolution, the plan's summary; deterministic; user text adds words, never structure."""

from __future__ import annotations

import datetime as dt

import pytest

from decisions.findings import analyse
from decisions.operations import decide, set_profile, set_scope
from decisions.plan import build_plan
from decisions.workspace import Workspace
from exporters.adr_outline import markdown
from exporters.report import LONGEST_TIME_BOX, time_box, workshop_report
from knowledge.catalog import KnowledgeBase

DAY = dt.date(2026, 9, 1)
MD = markdown()


def decided(kb: KnowledgeBase, name: str = "Acme", rationale: str = "Short keys.") -> Workspace:
    workspace = Workspace(name=name)
    workspace, _ = set_profile(kb, workspace, {"market": "b2c", "team-size": 3})
    workspace, _ = set_scope(kb, workspace, "logging", False, "later")
    workspace, _ = decide(kb, workspace, "tokens.signing-algorithm", "rsa", rationale=rationale,
                          deciders=["Ana", "Ben"], on=DAY)
    workspace, _ = decide(kb, workspace, "tokens.lifetime", "long", status="proposed", on=DAY)
    return workspace


def report(kb: KnowledgeBase, workspace: Workspace, with_plan: bool = False) -> str:
    plan = build_plan(kb, workspace, DAY, team=2, trials=1000, target=DAY +
                      dt.timedelta(weeks=4)) if with_plan else None
    return workshop_report(kb, workspace, analyse(kb, workspace), DAY, plan)


def headings(text: str) -> list[str]:
    tokens = MD.parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def test_report_has_every_section_in_order(tiny_kb):
    assert headings(report(tiny_kb, decided(tiny_kb))) == [
        "Acme: workshop report", "Profile", "Scope", "Decisions", "Tokens", "Findings",
        "Errors (1)", "Notes (1)", "Plan"]


def test_report_is_deterministic_and_ends_with_one_newline(tiny_kb):
    first = report(tiny_kb, decided(tiny_kb), with_plan=True)
    assert first == report(tiny_kb, decided(tiny_kb), with_plan=True)
    assert first.endswith(".\n") and not first.endswith("\n\n")


def test_report_shows_answers_and_marks_defaults(tiny_kb):
    text = report(tiny_kb, decided(tiny_kb))
    assert "| Who are your customers? | Consumers (B2C) |" in text
    assert "| How many engineers build the skeleton? | 3 |" in text
    assert "| Which compliance regimes apply to you? | none (default) |" in text


def test_report_shows_scope_and_the_team_s_overrides(tiny_kb):
    text = report(tiny_kb, decided(tiny_kb))
    assert "2 of 4 aspects are in scope: 2 must, 0 should, 0 could." in text
    assert "- Logging: left out by the team: later" in text


def test_report_lists_decisions_with_rationale_and_deciders(tiny_kb):
    text = report(tiny_kb, decided(tiny_kb))
    assert "- **Which signing-algorithm?** RSA (accepted, 2026-09-01; Ana, Ben)\n" \
           "  - Why: Short keys.\n" in text
    assert "- **Which lifetime?** LONG (proposed, 2026-09-01)\n" \
           "  - Why: no rationale recorded.\n" in text


def test_report_lists_findings_with_their_resolution(tiny_kb):
    text = report(tiny_kb, decided(tiny_kb))
    assert "- Long-lived RSA tokens are too risky.\n" \
           "  - Resolution: Shorten the lifetime or change the algorithm.\n" in text


def test_report_without_decisions_or_findings(tiny_kb):
    text = report(tiny_kb, Workspace())
    assert headings(text)[0] == "Walking skeleton: workshop report"
    assert "No decision has been recorded yet." in text
    assert "No plan was made." in text


def test_report_summarises_the_plan_and_its_forecast(tiny_kb):
    text = report(tiny_kb, decided(tiny_kb), with_plan=True)
    plan_section = text.split("## Plan\n", 1)[1]
    assert "on 2 engineers from 2026-09-01." in plan_section
    assert "- Forecast (1000 trials): P50 " in plan_section
    assert "- Chance of being done by 2026-09-29: " in plan_section
    assert "- Critical path: Certificates → Tokens." in plan_section


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", "[click](javascript:alert(1))", "![x](http://evil/x.png)",
    "# Heading", "| a | b |", "`code` *em* __strong__", "line one\n\n- a list\n> quote",
    "<img src=x onerror=alert(1)>", "&lt;entity&gt;",
])
def test_user_text_adds_no_structure(tiny_kb, hostile):
    plain = report(tiny_kb, decided(tiny_kb, name="Acme", rationale="Plain."))
    text = report(tiny_kb, decided(tiny_kb, name=hostile, rationale=hostile))
    kinds = {t.type for t in MD.parse(text)}
    nested = {c.type for t in MD.parse(text) if t.children for c in t.children}
    assert not {"html_block", "html_inline", "link_open", "image", "code_inline",
                "em_open", "blockquote_open"} & (kinds | nested)
    assert len(headings(text)) == len(headings(plain))
    assert [t.type for t in MD.parse(text)] == [t.type for t in MD.parse(plain)]


@pytest.mark.parametrize(("points", "minutes"), [(1, 15), (2, 25), (3, 35), (4, 45), (9, 45)])
def test_time_box_grows_with_the_decision_points_up_to_a_limit(tiny_kb, points, minutes):
    aspect = tiny_kb.aspects["tokens"]
    many = aspect.model_copy(update={"decisions": [aspect.decisions[0]] * points})
    assert time_box(many) == minutes <= LONGEST_TIME_BOX
