"""workspace.yaml: a faithful, stable, hand-editable text, and clear errors for bad edits."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from decisions.workspace import Decision, Milestone, Progress, Workspace
from decisions.workspacefile import HEADER, dump_workspace, parse_workspace
from knowledge.errors import WorkspaceError
from tests.decisions.opsequences import operation_lists, run, texts

FILE = "ws/workspace.yaml"


@settings(max_examples=60, deadline=None)
@given(ops=operation_lists, name=texts)
def test_any_workspace_survives_dump_and_parse_unchanged(tiny_kb, ops, name):
    workspace = run(tiny_kb, ops).final.model_copy(update={"name": name})
    assert parse_workspace(dump_workspace(workspace).encode(), FILE) == workspace


def test_long_text_stays_on_one_line():
    reason = "word " * 60
    text = dump_workspace(Workspace(name=reason.strip()))
    assert f"name: {reason.strip()}\n" in text


def test_the_same_state_gives_the_same_bytes_whatever_the_insertion_order():
    one = Workspace(profile={"market": "b2b", "compliance": ["gdpr"]},
                    progress={"b": Progress(), "a": Progress(state="done")})
    other = Workspace(profile={"compliance": ["gdpr"], "market": "b2b"},
                      progress={"a": Progress(state="done"), "b": Progress()})
    assert dump_workspace(one) == dump_workspace(other)


def test_the_file_is_block_style_with_iso_dates_and_a_header():
    taken = dt.datetime(2026, 9, 1, 12, 30, tzinfo=dt.UTC)
    assert "taken_at: 2026-09-01T12:30:00+00:00\n" in dump_workspace(Workspace(milestones=[
        Milestone(name="m", taken_at=taken, revision=0)]))
    workspace = Workspace(name="Acme", profile={"compliance": ["gdpr", "soc2"]}, decisions=[
        Decision(id=1, point="tokens.lifetime", option="short", status="accepted",
                 rationale="Short tokens limit the damage\nof a leak.", deciders=["Ana"],
                 date=dt.date(2026, 9, 1))])
    assert dump_workspace(workspace) == HEADER + """\
version: 1
revision: 0
name: Acme
packs: []
profile:
  compliance:
  - gdpr
  - soc2
scope: {}
decisions:
- id: 1
  point: tokens.lifetime
  option: short
  status: accepted
  rationale: |-
    Short tokens limit the damage
    of a leak.
  deciders:
  - Ana
  date: 2026-09-01
progress: {}
milestones: []
imported: []
"""


BAD_EDITS = [
    ("unknown key", "version: 1\nrevisoin: 3\n",
     "ws/workspace.yaml:2:1: revisoin: unknown key"),
    ("unknown status", "decisions:\n  - id: 1\n    point: a.b\n    option: c\n"
     "    status: done\n    date: 2026-09-01\n",
     "ws/workspace.yaml:5:13: decisions[0].status: Input should be 'proposed', 'accepted', "
     "'rejected' or 'superseded'"),
    ("point without a dot", "decisions:\n  - id: 1\n    point: ab\n    option: c\n"
     "    date: 2026-09-01\n",
     "ws/workspace.yaml:3:12: decisions[0].point: 'ab' is not of the form aspect.decision"),
    ("duplicate decision ids", "decisions:\n  - {id: 1, point: a.b, option: c, date: 2026-09-01}"
     "\n  - {id: 1, point: a.c, option: c, date: 2026-09-01}\n",
     "ws/workspace.yaml:2:3: decisions: decision ids must be unique and in increasing order"),
    ("a bad date", "decisions:\n  - {id: 1, point: a.b, option: c, date: someday}\n",
     "ws/workspace.yaml:2:42: decisions[0].date: Input should be a valid date or datetime, "
     "input is too short"),
    ("a state that does not exist", "progress:\n  tokens:\n    state: finished\n",
     "ws/workspace.yaml:3:12: progress.tokens.state: Input should be 'not-started', "
     "'in-progress', 'done' or 'deferred'"),
    ("a profile answer of the wrong type", "profile:\n  market: yes\n",
     "ws/workspace.yaml:2:11: profile.market: an answer is an id, a list of ids or a whole "
     "number, not True"),
    ("a newer format", "version: 2\n",
     "ws/workspace.yaml:1:10: version: format version 2 is not supported (this planner reads "
     "version 1)"),
    ("broken YAML", "profile:\n  market: [b2b\n",
     "ws/workspace.yaml:3:1: invalid YAML: while parsing a flow sequence did not find expected "
     "',' or ']'"),
    ("a list instead of a mapping", "- a\n- b\n",
     "ws/workspace.yaml:1:1: expected a mapping describing a workspace (version, profile, "
     "decisions, ...)"),
    ("an empty file", "", "ws/workspace.yaml: the file is empty"),
    ("not UTF-8", b"name: \xff\n", "ws/workspace.yaml: not UTF-8 text (invalid start byte)"),
]


@pytest.mark.parametrize(("text", "message"), [(t, m) for _, t, m in BAD_EDITS],
                         ids=[name for name, _, _ in BAD_EDITS])
def test_a_bad_file_is_reported_with_file_line_and_column(text, message):
    with pytest.raises(WorkspaceError) as refused:
        parse_workspace(text, FILE)
    assert str(refused.value).splitlines()[0] == message


def test_every_problem_of_a_file_is_reported_at_once():
    with pytest.raises(WorkspaceError) as refused:
        parse_workspace("revisoin: 1\nprogress:\n  a:\n    state: x\n", FILE)
    assert len(refused.value.problems) == 2


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_give_a_workspace_error_or_a_workspace(data):
    try:
        assert isinstance(parse_workspace(data, FILE), Workspace)
    except WorkspaceError as exc:
        assert str(exc)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     texts, st.dates())
_documents = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["version", "revision", "name", "packs", "profile", "scope",
                                     "decisions", "progress", "milestones", "imported", "id",
                                     "point", "option", "status", "date", "state", "ticked",
                                     "market", "tokens", "in_scope", "reason"]) | texts,
                    inner, max_size=5)), max_leaves=25)


@settings(max_examples=200, deadline=None)
@given(document=_documents)
def test_random_yaml_gives_a_workspace_error_or_a_workspace(document):
    text = yaml.safe_dump(document, allow_unicode=True)
    try:
        assert isinstance(parse_workspace(text, FILE), Workspace)
    except WorkspaceError as exc:
        assert str(exc)
