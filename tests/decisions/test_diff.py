"""diff_workspaces: item-level changes that rebuild the edited state, or a whole-field replace."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings

from decisions.diff import diff_workspaces
from decisions.history import apply_changes
from decisions.workspace import Milestone, Workspace
from tests.decisions.opsequences import operation_lists, run

TAKEN = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)


@settings(max_examples=50, deadline=None)
@given(first=operation_lists, second=operation_lists)
def test_the_changes_between_two_states_turn_one_into_the_other(tiny_kb, first, second):
    old, new = run(tiny_kb, first).final, run(tiny_kb, second, who="Ben").final
    assert apply_changes(old, diff_workspaces(old, new)) == new.model_copy(
        update={"revision": old.revision})


def test_equal_states_have_no_changes():
    assert diff_workspaces(Workspace(revision=3), Workspace(revision=9)) == []


def test_a_hand_edit_is_described_item_by_item():
    old = Workspace(profile={"market": "b2b", "scale": "small"})
    new = Workspace(name="Acme", profile={"market": "b2c"})
    assert [(c.kind, c.target, c.old, c.new) for c in diff_workspaces(old, new)] == [
        ("replace", "name", "", "Acme"), ("profile", "market", "b2b", "b2c"),
        ("profile", "scale", "small", None)]


def test_reordered_milestones_are_replaced_as_a_whole():
    one, two = (Milestone(name=n, taken_at=TAKEN, revision=0) for n in ("one", "two"))
    old, new = Workspace(milestones=[one, two]), Workspace(milestones=[two, one])
    (change,) = diff_workspaces(old, new)
    assert (change.kind, change.target) == ("replace", "milestones")
    assert apply_changes(old, [change]) == new
