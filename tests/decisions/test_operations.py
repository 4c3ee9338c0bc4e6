"""Operations: each refusal in one sentence, and the state and changes each change implies."""

from __future__ import annotations

import datetime as dt

import pytest

from decisions.history import apply_changes
from decisions.operations import (
    add_imported,
    decide,
    parse_answer,
    set_profile,
    set_progress,
    set_scope,
)
from decisions.workspace import ImportedRecord, Progress, ScopeOverride, Workspace
from knowledge.errors import UsageError

DAY = dt.date(2026, 9, 1)
EMPTY = Workspace()

REFUSALS = [
    ("unknown question", lambda kb: set_profile(kb, EMPTY, {"markt": "b2b"}),
     "unknown profile question 'markt' (questions: market, compliance, residency, team-size, "
     "seniority, stage, funding, scale)"),
    ("single answer not an option", lambda kb: set_profile(kb, EMPTY, {"market": "b2x"}),
     "'b2x' is not an answer to market (answers: b2b, b2c, both)"),
    ("single answer given a list", lambda kb: set_profile(kb, EMPTY, {"market": ["b2b"]}),
     "['b2b'] is not an answer to market (answers: b2b, b2c, both)"),
    ("multiple answer not an option",
     lambda kb: set_profile(kb, EMPTY, {"compliance": ["gdpr", "iso"]}),
     "'iso' is not an answer to compliance (answers: gdpr, hipaa, pci-dss, soc2, fips)"),
    ("multiple answer given a string", lambda kb: set_profile(kb, EMPTY, {"compliance": "gdpr"}),
     "compliance takes a list of answers (answers: gdpr, hipaa, pci-dss, soc2, fips)"),
    ("integer below the minimum", lambda kb: set_profile(kb, EMPTY, {"team-size": 0}),
     "team-size must be between 1 and 200, not 0"),
    ("integer above the maximum", lambda kb: set_profile(kb, EMPTY, {"team-size": 201}),
     "team-size must be between 1 and 200, not 201"),
    ("integer given text", lambda kb: set_profile(kb, EMPTY, {"team-size": "five"}),
     "team-size takes a whole number, not 'five'"),
    ("integer given a bool", lambda kb: set_profile(kb, EMPTY, {"team-size": True}),
     "team-size takes a whole number, not True"),
    ("integer typed as text", lambda kb: parse_answer(kb, "team-size", "5x"),
     "team-size takes a whole number, not '5x'"),
    ("scope of an unknown aspect", lambda kb: set_scope(kb, EMPTY, "token", True, "why"),
     "unknown aspect 'token' (did you mean 'tokens'?)"),
    ("scope of an aspect nothing resembles", lambda kb: set_scope(kb, EMPTY, "zzz", True, "x"),
     "unknown aspect 'zzz'"),
    ("scope in without a reason", lambda kb: set_scope(kb, EMPTY, "logging", True, " "),
     "putting logging into scope needs a reason"),
    ("scope out without a reason", lambda kb: set_scope(kb, EMPTY, "logging", False),
     "putting logging out of scope needs a reason"),
    ("reason with a control character",
     lambda kb: set_scope(kb, EMPTY, "logging", False, "a\x1bb"),
     "the reason holds a control character (0x1b); remove it"),
    ("decide a malformed point", lambda kb: decide(kb, EMPTY, "tokens", "eddsa", on=DAY),
     "'tokens' does not name a decision point as aspect.decision"),
    ("decide an unknown aspect", lambda kb: decide(kb, EMPTY, "tokns.lifetime", "short", on=DAY),
     "unknown aspect 'tokns' (did you mean 'tokens'?)"),
    ("decide an unknown point", lambda kb: decide(kb, EMPTY, "tokens.life", "short", on=DAY),
     "aspect 'tokens' has no decision point 'life' (it has: signing-algorithm, lifetime)"),
    ("decide an unknown option",
     lambda kb: decide(kb, EMPTY, "tokens.signing-algorithm", "ed25519", on=DAY),
     "decision point 'tokens.signing-algorithm' has no option 'ed25519' "
     "(options: eddsa, rsa, ecdsa)"),
    ("decide as superseded",
     lambda kb: decide(kb, EMPTY, "tokens.lifetime", "short", status="superseded", on=DAY),
     "status must be proposed, accepted or rejected, not 'superseded'"),
    ("progress of an unknown aspect", lambda kb: set_progress(kb, EMPTY, "loging", "done"),
     "unknown aspect 'loging' (did you mean 'logging'?)"),
    ("progress to an unknown state", lambda kb: set_progress(kb, EMPTY, "logging", "finished"),
     "state must be one of not-started, in-progress, done, deferred, not 'finished'"),
    ("tick past the checklist", lambda kb: set_progress(kb, EMPTY, "logging", tick=[2]),
     "logging has 2 checklist items, numbered 0 to 1; there is no item 2"),
    ("tick a negative index", lambda kb: set_progress(kb, EMPTY, "logging", tick=[-1]),
     "logging has 2 checklist items, numbered 0 to 1; there is no item -1"),
    ("done with items unticked", lambda kb: set_progress(kb, EMPTY, "tokens", "done", tick=[1]),
     "tokens cannot be done while checklist items 0, 2, 3 are unticked; tick them or give a "
     "note saying why"),
    ("done with one item unticked",
     lambda kb: set_progress(kb, EMPTY, "logging", "done", tick=[0]),
     "logging cannot be done while checklist item 1 is unticked; tick them or give a note "
     "saying why"),
    ("import linked to an unknown aspect",
     lambda kb: add_imported(kb, EMPTY, [ImportedRecord(title="Use JWT", aspect="jwt")]),
     "unknown aspect 'jwt'"),
    ("import with a control character in a title",
     lambda kb: add_imported(kb, EMPTY, [ImportedRecord(title="Use\x00JWT", file="1.md")]),
     "the title of the imported ADR '1.md' holds a control character (0x00); remove it"),
]


@pytest.mark.parametrize(("operation", "message"), [(o, m) for _, o, m in REFUSALS],
                         ids=[name for name, _, _ in REFUSALS])
def test_operation_refuses_with_one_sentence(tiny_kb, operation, message):
    with pytest.raises(UsageError) as refused:
        operation(tiny_kb)
    assert str(refused.value) == message


def test_every_operation_returns_the_state_its_changes_produce(tiny_kb):
    workspace = EMPTY
    for operation in (
        lambda w: set_profile(tiny_kb, w, {"market": "b2c", "compliance": ["soc2", "gdpr"]}),
        lambda w: set_scope(tiny_kb, w, "tenant-isolation", True, "we resell to businesses"),
        lambda w: decide(tiny_kb, w, "tokens.lifetime", "short", on=DAY),
        lambda w: decide(tiny_kb, w, "tokens.lifetime", "long", on=DAY),
        lambda w: set_progress(tiny_kb, w, "logging", "in-progress", tick=[1]),
        lambda w: add_imported(tiny_kb, w, [ImportedRecord(title="Use JWT", file="0001.md")]),
    ):
        new, changes = operation(workspace)
        assert changes
        assert apply_changes(workspace, changes) == new
        workspace = new


# -- profile -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "text", "answer"), [
    ("market", "b2b", "b2b"),
    ("market", " both ", "both"),
    ("market", "", None),
    ("compliance", "gdpr,soc2", ["gdpr", "soc2"]),
    ("compliance", " gdpr , ,soc2 ", ["gdpr", "soc2"]),
    ("compliance", "", []),
    ("team-size", "12", 12),
    ("team-size", "", None),
])
def test_parse_answer_reads_typed_text(tiny_kb, key, text, answer):
    assert parse_answer(tiny_kb, key, text) == answer


def test_set_profile_keeps_multiple_choice_answers_in_question_order(tiny_kb):
    workspace, _ = set_profile(tiny_kb, EMPTY, {"compliance": ["soc2", "gdpr", "soc2"]})
    assert workspace.profile == {"compliance": ["gdpr", "soc2"]}


def test_set_profile_clears_a_multiple_choice_answer_with_an_empty_list(tiny_kb):
    workspace, _ = set_profile(tiny_kb, EMPTY, {"compliance": ["gdpr"]})
    cleared, changes = set_profile(tiny_kb, workspace, {"compliance": []})
    assert cleared.profile == {"compliance": []}
    assert [(c.old, c.new) for c in changes] == [(["gdpr"], [])]


def test_set_profile_with_none_removes_the_answer(tiny_kb):
    workspace, _ = set_profile(tiny_kb, EMPTY, {"market": "b2c", "team-size": 3})
    removed, _ = set_profile(tiny_kb, workspace, {"market": None})
    assert removed.profile == {"team-size": 3}


def test_set_profile_records_only_answers_that_change(tiny_kb):
    workspace, _ = set_profile(tiny_kb, EMPTY, {"market": "b2c"})
    _, changes = set_profile(tiny_kb, workspace, {"market": "b2c", "team-size": 4})
    assert [(c.kind, c.target, c.old, c.new) for c in changes] == [
        ("profile", "team-size", None, 4)]


# -- scope ---------------------------------------------------------------------------------------

def test_set_scope_records_an_override_and_none_removes_it(tiny_kb):
    workspace, changes = set_scope(tiny_kb, EMPTY, "logging", False, "  later  ")
    assert workspace.scope == {"logging": ScopeOverride(in_scope=False, reason="later")}
    assert changes[0].new == {"in_scope": False, "reason": "later"}
    cleared, changes = set_scope(tiny_kb, workspace, "logging", None)
    assert cleared.scope == {}
    assert (changes[0].old, changes[0].new) == ({"in_scope": False, "reason": "later"}, None)


def test_set_scope_to_the_same_override_changes_nothing(tiny_kb):
    workspace, _ = set_scope(tiny_kb, EMPTY, "logging", False, "later")
    assert set_scope(tiny_kb, workspace, "logging", False, "later") == (workspace, [])
    assert set_scope(tiny_kb, EMPTY, "logging", None) == (EMPTY, [])


# -- decisions -----------------------------------------------------------------------------------

def _decided(kb, *steps):
    workspace = EMPTY
    for option, status, *who in steps:
        workspace, _ = decide(kb, workspace, "tokens.signing-algorithm", option, status=status,
                              rationale=f"{option} {status}", deciders=who or ["Ana"], on=DAY)
    return workspace


def test_changing_an_accepted_decision_supersedes_it(tiny_kb):
    workspace = _decided(tiny_kb, ("eddsa", "accepted"), ("rsa", "accepted", "Ben"))
    first, second = workspace.decisions
    assert (first.id, first.option, first.status, first.superseded_by) == (
        1, "eddsa", "superseded", 2)
    assert (second.id, second.option, second.status, second.supersedes) == (
        2, "rsa", "accepted", 1)
    assert second.deciders == ["Ben"]
    assert workspace.current("tokens.signing-algorithm") == second


def test_re_deciding_an_accepted_decision_as_rejected_supersedes_it(tiny_kb):
    workspace = _decided(tiny_kb, ("eddsa", "accepted"), ("eddsa", "rejected", "Ben"))
    assert [(d.id, d.status) for d in workspace.decisions] == [(1, "superseded"), (2, "rejected")]
    assert workspace.decisions[1].deciders == ["Ana", "Ben"]
    assert workspace.chosen() == {}


def test_a_proposed_decision_is_updated_in_place(tiny_kb):
    workspace = _decided(tiny_kb, ("eddsa", "proposed"), ("ecdsa", "proposed", "Ben"),
                         ("ecdsa", "accepted", "Cy"))
    (only,) = workspace.decisions
    assert (only.id, only.option, only.status, only.deciders) == (
        1, "ecdsa", "accepted", ["Ben", "Cy"])


def test_a_rejected_decision_stays_on_record_next_to_the_new_one(tiny_kb):
    workspace = _decided(tiny_kb, ("rsa", "rejected"), ("eddsa", "accepted"))
    assert [(d.id, d.option, d.status) for d in workspace.decisions] == [
        (1, "rsa", "rejected"), (2, "eddsa", "accepted")]
    assert workspace.decisions[1].supersedes is None


def test_deciding_what_is_already_live_changes_nothing(tiny_kb):
    workspace = _decided(tiny_kb, ("eddsa", "accepted"))
    again = decide(tiny_kb, workspace, "tokens.signing-algorithm", "eddsa", on=DAY,
                   deciders=["Ana"])
    assert again == (workspace, [])


def test_a_status_change_keeps_the_rationale_when_none_is_given(tiny_kb):
    workspace = _decided(tiny_kb, ("eddsa", "proposed"))
    accepted, _ = decide(tiny_kb, workspace, "tokens.signing-algorithm", "eddsa", on=DAY)
    assert accepted.decisions[0].rationale == "eddsa proposed"


def test_decide_records_the_date_and_the_changes_of_a_supersession(tiny_kb):
    workspace = _decided(tiny_kb, ("eddsa", "accepted"))
    later = dt.date(2026, 10, 2)
    new, changes = decide(tiny_kb, workspace, "tokens.signing-algorithm", "rsa", on=later)
    assert new.decisions[1].date == later
    assert [(c.kind, c.target, (c.old or {}).get("status"), c.new["status"]) for c in changes] == [
        ("decision", "tokens.signing-algorithm", "accepted", "superseded"),
        ("decision", "tokens.signing-algorithm", None, "accepted")]


# -- progress ------------------------------------------------------------------------------------

def test_set_progress_adds_and_removes_ticks(tiny_kb):
    workspace, _ = set_progress(tiny_kb, EMPTY, "tokens", "in-progress", tick=[3, 1])
    workspace, _ = set_progress(tiny_kb, workspace, "tokens", tick=[0], untick=[3])
    assert workspace.progress["tokens"] == Progress(state="in-progress", ticked=[0, 1])


@pytest.mark.parametrize(("ticks", "note"), [([0, 1, 2, 3], None), ([0], "the rest moved to v2")])
def test_done_needs_every_item_ticked_or_a_note(tiny_kb, ticks, note):
    workspace, _ = set_progress(tiny_kb, EMPTY, "tokens", "done", tick=ticks, note=note)
    assert workspace.progress["tokens"].state == "done"


def test_progress_back_to_nothing_removes_the_entry(tiny_kb):
    workspace, _ = set_progress(tiny_kb, EMPTY, "logging", "in-progress")
    back, changes = set_progress(tiny_kb, workspace, "logging", "not-started")
    assert back.progress == {}
    assert changes[0].new is None


def test_progress_that_does_not_move_changes_nothing(tiny_kb):
    workspace, _ = set_progress(tiny_kb, EMPTY, "logging", "deferred", note="next quarter")
    assert set_progress(tiny_kb, workspace, "logging", "deferred") == (workspace, [])


def test_progress_keeps_ticks_the_knowledge_base_no_longer_has(tiny_kb):
    workspace = Workspace(progress={"logging": Progress(state="in-progress", ticked=[0, 7])})
    moved, _ = set_progress(tiny_kb, workspace, "logging", "deferred", note="later")
    assert moved.progress["logging"].ticked == [0, 7]


# -- imported ADRs -------------------------------------------------------------------------------

def test_add_imported_skips_identical_records_and_replaces_changed_ones(tiny_kb):
    first = ImportedRecord(number=1, title="Use JWT", file="0001-use-jwt.md", aspect="tokens")
    workspace, _ = add_imported(tiny_kb, EMPTY, [first])
    changed = first.model_copy(update={"status": "superseded"})
    other = ImportedRecord(number=2, title="Log as JSON", file="0002.md")
    new, changes = add_imported(tiny_kb, workspace, [first, changed, other])
    assert new.imported == [changed, other]
    assert [(c.target, c.old is None) for c in changes] == [
        ("0001-use-jwt.md", False), ("0002.md", True)]
