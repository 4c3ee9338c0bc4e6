"""Findings: one table row per kind, determinism, and disappearance when the cause is fixed."""

from __future__ import annotations

import pytest

from decisions.findings import analyse, exceeds
from tests.decisions.analysis_kb import analysis_kb, decision, workspace


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return analysis_kb(tmp_path_factory.mktemp("kb"))


CASES = [
    ("requires-aspect: target out of scope",
     workspace(decision("login.style", "second"), scope={"tokens": False}),
     "rule:login.style=second#0", "error", ("login", "tokens"), "Second needs tokens."),
    ("forbids-option: both chosen",
     workspace(decision("login.style", "second"), decision("tokens.style", "second", 2)),
     "rule:login.style=second#1", "error", ("login", "tokens"), "Second and second clash."),
    ("requires-option: target decided otherwise",
     workspace(decision("login.style", "second"), decision("tokens.style", "second", 2)),
     "rule:login.style=second#2", "warning", ("login", "tokens"), "Second wants tokens first."),
    ("requires-option: target still open",
     workspace(decision("login.style", "second")),
     "rule:login.style=second#2:open", "info", ("login", "tokens"),
     "Second wants tokens first. (tokens.style is still open.)"),
    ("conflicts-with-profile under a matching profile",
     workspace(decision("login.style", "second"), profile={"market": "b2b",
                                                           "compliance": ["fips"]}),
     "rule:login.style=second#3", "error", ("login",), "Not FIPS."),
    ("missing prerequisite: out of scope",
     workspace(profile={"market": "b2c"}),
     "missing-prerequisite:login->tokens", "error", ("login", "tokens"),
     "Login builds on Tokens, which is out of scope."),
    ("missing prerequisite: deferred",
     workspace(progress={"tokens": "deferred"}),
     "missing-prerequisite:login->tokens", "warning", ("login", "tokens"),
     "Login builds on Tokens, which is deferred."),
    ("order: started before its prerequisite",
     workspace(progress={"tokens": "in-progress"}),
     "order:tokens->certs", "warning", ("tokens", "certs"),
     "Tokens is in-progress while its prerequisite Certs has not started."),
    ("risk: chosen against the recommendation",
     workspace(decision("certs.style", "second")),
     "risk:certs.style=second", "info", ("certs",),
     "Second was chosen against the recommendation (medium risk): It is costly."),
    ("stale: option the base no longer has",
     workspace(decision("certs.style", "gone")),
     "stale:option:certs.style=gone", "warning", ("certs",),
     "certs.style=gone refers to an option the knowledge base no longer has."),
    ("stale: decision point the base no longer has",
     workspace(decision("vanished.style", "first")),
     "stale:decision:vanished.style", "warning", ("vanished",),
     "The decision on vanished.style refers to a decision point the knowledge base no longer "
     "has."),
    ("stale: progress of an aspect the base no longer has",
     workspace(progress={"vanished": "done"}),
     "stale:progress:vanished", "warning", ("vanished",),
     "The progress entry for vanished refers to an aspect the knowledge base no longer has."),
]


@pytest.mark.parametrize(("ws", "finding_id", "severity", "aspects", "message"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_analysis_finds(kb, ws, finding_id, severity, aspects, message):
    found = {f.id: f for f in analyse(kb, ws)}
    assert finding_id in found, sorted(found)
    finding = found[finding_id]
    assert (finding.severity, finding.aspects, finding.message) == (severity, aspects, message)
    assert finding.resolution


def test_conflicts_with_profile_is_silent_when_the_profile_does_not_match(kb):
    ids = {f.id for f in analyse(kb, workspace(decision("login.style", "second")))}
    assert "rule:login.style=second#3" not in ids


def test_rejected_choice_raises_no_rule_finding(kb):
    ws = workspace(decision("login.style", "second", status="rejected"), scope={"tokens": False})
    assert not [f for f in analyse(kb, ws) if f.kind == "rule"]


def test_empty_workspace_has_no_findings(kb):
    assert analyse(kb, workspace()) == []


def test_findings_are_deterministic_and_most_severe_first(kb):
    ws = workspace(decision("login.style", "second"), decision("tokens.style", "second", 2),
                   decision("certs.style", "second", 3), progress={"tokens": "done"})
    first, second = analyse(kb, ws), analyse(kb, ws)
    assert first == second
    ranks = [("error", "warning", "info").index(f.severity) for f in first]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize(("broken", "fixed", "finding_id"), [
    (workspace(decision("login.style", "second"), decision("tokens.style", "second", 2)),
     workspace(decision("login.style", "second"), decision("tokens.style", "first", 2)),
     "rule:login.style=second#1"),
    (workspace(decision("login.style", "second"), scope={"tokens": False}),
     workspace(decision("login.style", "second")), "rule:login.style=second#0"),
    (workspace(progress={"tokens": "in-progress"}),
     workspace(progress={"tokens": "in-progress", "certs": "in-progress"}), "order:tokens->certs"),
    (workspace(decision("certs.style", "second")), workspace(decision("certs.style", "first")),
     "risk:certs.style=second"),
])
def test_fixing_the_cause_removes_the_finding(kb, broken, fixed, finding_id):
    assert finding_id in {f.id for f in analyse(kb, broken)}
    assert finding_id not in {f.id for f in analyse(kb, fixed)}


def test_gate_fails_at_or_above_the_threshold(kb):
    warnings_only = analyse(kb, workspace(progress={"tokens": "in-progress"}))
    assert not exceeds(warnings_only, "error")
    assert exceeds(warnings_only, "warning")


def test_finding_json_is_plain_values(kb):
    [finding] = analyse(kb, workspace(progress={"tokens": "in-progress"}))
    assert finding.to_json() == {
        "id": "order:tokens->certs", "severity": "warning", "kind": "order",
        "aspects": ["tokens", "certs"], "points": [], "options": [],
        "message": "Tokens is in-progress while its prerequisite Certs has not started.",
        "resolution": "Start Certs first, or check that Tokens does not rest on guesses about it.",
    }


def test_a_risky_option_is_reported_where_no_option_is_recommended(tmp_path):
    from knowledge.loader import load_knowledge
    from tests.knowledge.kbfactory import aspect_text, write_base

    text = aspect_text("certs").replace("    recommended: first\n", "")
    kb = load_knowledge(base=write_base(tmp_path, {"identity/certs.yaml": text}))
    found = {f.id: f for f in analyse(kb, workspace(decision("certs.style", "second")))}
    finding = found["risk:certs.style=second"]
    assert finding.message == "Second carries a medium risk: It is costly."
