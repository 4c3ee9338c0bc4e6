"""The workspace model: what it refuses, and the live decisions it reports."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from decisions.workspace import Decision, Milestone, Workspace

DAY = dt.date(2026, 9, 1)
TAKEN = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)


def record(number, point="tokens.lifetime", option="short", status="accepted"):
    return Decision(id=number, point=point, option=option, status=status, date=DAY)


@pytest.mark.parametrize(("fields", "message"), [
    ({"decisions": [record(2), record(1)]}, "decision ids must be unique and in increasing order"),
    ({"decisions": [record(1), record(1)]}, "decision ids must be unique and in increasing order"),
    ({"milestones": [Milestone(name="m", taken_at=TAKEN, revision=0)] * 2},
     "milestone names must be unique: m"),
    ({"version": 2}, "format version 2 is not supported (this planner reads version 1)"),
    ({"profile": {"market": 1.5}}, "an answer is an id, a list of ids or a whole number, not 1.5"),
    ({"profile": {"Market": "b2b"}}, "'Market' is not a kebab-case id (lowercase letters, "
                                     "digits, dashes)"),
])
def test_the_workspace_refuses_inconsistent_content(fields, message):
    with pytest.raises(ValidationError) as refused:
        Workspace.model_validate(fields)
    assert refused.value.errors()[0]["msg"].removeprefix("Value error, ") == message


def test_live_decisions_skip_superseded_and_chosen_skips_rejected():
    workspace = Workspace(decisions=[
        record(1, status="superseded"), record(2, option="long"),
        record(3, point="logging.format", option="json", status="rejected")])
    assert workspace.current("tokens.lifetime").id == 2
    assert sorted(workspace.current_decisions()) == ["logging.format", "tokens.lifetime"]
    assert list(workspace.chosen()) == ["tokens.lifetime"]
    assert workspace.next_decision_id() == 4 and workspace.decision(3).option == "json"


def test_an_imported_record_is_known_by_its_file_else_its_title():
    from decisions.workspace import ImportedRecord
    assert ImportedRecord(title="Use JWT", file="0001.md").key == "0001.md"
    assert ImportedRecord(title="Use JWT").key == "Use JWT"
