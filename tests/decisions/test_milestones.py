"""Milestones: a snapshot of profile, scope, decisions and progress, compared with today."""

from __future__ import annotations

import datetime as dt

import pytest

from decisions.milestones import compare_milestone, snapshot, take_milestone
from decisions.operations import decide, set_profile, set_progress, set_scope
from decisions.workspace import Workspace
from knowledge.errors import UsageError

AT = dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)
DAY = AT.date()


def test_a_milestone_keeps_profile_scope_live_decisions_and_progress(tiny_kb):
    workspace, _ = decide(tiny_kb, Workspace(revision=4), "tokens.lifetime", "short", on=DAY)
    workspace, _ = set_progress(tiny_kb, workspace, "tokens", "in-progress", tick=[1])
    taken, changes = take_milestone(tiny_kb, workspace, " kick-off ", AT)
    (milestone,) = taken.milestones
    assert (milestone.name, milestone.taken_at, milestone.revision) == ("kick-off", AT, 4)
    assert milestone.snapshot == {
        "profile": {}, "scope": ["certificates", "tokens", "tenant-isolation", "logging"],
        "decisions": {"tokens.lifetime": {"id": 1, "option": "short", "status": "accepted"}},
        "progress": {"tokens": {"state": "in-progress", "ticked": [1]}}}
    assert [(c.kind, c.target) for c in changes] == [("milestone", "kick-off")]


@pytest.mark.parametrize(("name", "message"), [
    ("  ", "a milestone needs a name"),
    ("beta", "a milestone named 'beta' already exists (taken 2026-09-01); choose another name"),
])
def test_take_milestone_refuses_an_empty_or_taken_name(tiny_kb, name, message):
    workspace, _ = take_milestone(tiny_kb, Workspace(), "beta", AT)
    with pytest.raises(UsageError) as refused:
        take_milestone(tiny_kb, workspace, name, AT)
    assert str(refused.value) == message


def test_compare_lists_what_changed_since_the_milestone(tiny_kb):
    workspace, _ = decide(tiny_kb, Workspace(), "tokens.lifetime", "short", on=DAY)
    workspace, _ = decide(tiny_kb, workspace, "logging.format", "json", on=DAY)
    workspace, _ = take_milestone(tiny_kb, workspace, "beta", AT)
    workspace, _ = decide(tiny_kb, workspace, "tokens.lifetime", "long", on=DAY)
    workspace, _ = decide(tiny_kb, workspace, "certificates.issuer", "managed", on=DAY)
    workspace, _ = set_profile(tiny_kb, workspace, {"market": "b2c"})
    workspace, _ = set_scope(tiny_kb, workspace, "logging", False, "later")
    workspace, _ = set_progress(tiny_kb, workspace, "tokens", "in-progress", tick=[0, 1])
    comparison = compare_milestone(tiny_kb, workspace, "beta")
    assert [(c.question, c.before, c.after) for c in comparison.profile] == [
        ("market", None, "b2c")]
    assert (comparison.entered_scope, comparison.left_scope) == (
        [], ["tenant-isolation", "logging"])
    assert [(c.point, c.change, c.before, c.after) for c in comparison.decisions] == [
        ("certificates.issuer", "added", None, "managed (accepted)"),
        ("tokens.lifetime", "changed", "short (accepted)", "long (accepted)")]
    assert [(p.aspect, p.before, p.after, p.ticked_before, p.ticked_after)
            for p in comparison.progress] == [("tokens", "not-started", "in-progress", 0, 2)]
    assert not comparison.unchanged


def test_compare_right_after_taking_shows_nothing(tiny_kb):
    workspace, _ = take_milestone(tiny_kb, Workspace(), "beta", AT)
    assert compare_milestone(tiny_kb, workspace, "beta").unchanged


def test_compare_an_unknown_milestone_names_the_known_ones(tiny_kb):
    workspace, _ = take_milestone(tiny_kb, Workspace(), "beta", AT)
    with pytest.raises(UsageError) as refused:
        compare_milestone(tiny_kb, workspace, "gamma")
    assert str(refused.value) == "no milestone named 'gamma' (milestones: beta)"


def test_compare_copes_with_a_hand_edited_snapshot(tiny_kb):
    workspace, _ = take_milestone(tiny_kb, Workspace(), "beta", AT)
    edited = workspace.model_copy(update={"milestones": [workspace.milestones[0].model_copy(
        update={"snapshot": {"decisions": {"tokens.lifetime": {}}, "progress": {"tokens": {}}}})]})
    comparison = compare_milestone(tiny_kb, edited, "beta")
    assert [c.before for c in comparison.decisions] == ["? (?)"]
    assert snapshot(tiny_kb, edited)["scope"] == comparison.entered_scope
