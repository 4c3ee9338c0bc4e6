"""The bundled example: realistic, consistent, loadable, and rebuilt byte for byte."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from decisions.findings import analyse
from decisions.history import replay
from decisions.historyfile import parse_history
from decisions.operations import stale_ids
from decisions.scope import compute_scope
from decisions.store import WorkspaceStore
from decisions.workspacefile import parse_workspace
from examples.build_example import HERE, NAME, build
from knowledge.loader import load_knowledge

FOLDER = HERE / NAME


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.fixture(scope="module")
def example():
    workspace = parse_workspace(FOLDER.joinpath("workspace.yaml").read_bytes(), "workspace.yaml")
    events = parse_history(FOLDER.joinpath("history.jsonl").read_bytes(), "history.jsonl")
    return workspace, events


def test_the_example_is_its_history_replayed(example):
    workspace, events = example
    assert replay(events) == workspace
    assert {e.via for e in events} == {"example"}
    assert [e.seq for e in events] == list(range(1, len(events) + 1))


def test_the_example_has_every_id_in_the_knowledge_base(kb, example):
    assert stale_ids(kb, example[0]) == []


def test_the_example_decides_about_two_thirds_of_its_points(kb, example):
    workspace = example[0]
    scope = compute_scope(kb, workspace)
    points = [f"{a.id}.{p.id}" for a in kb.aspects.values() if scope[a.id].in_scope
              for p in a.decisions]
    decided = [p for p in points if p in workspace.chosen()]
    assert 0.6 <= len(decided) / len(points) <= 0.72
    statuses = Counter(d.status for d in workspace.decisions)
    assert statuses["superseded"] >= 2 and statuses["proposed"] >= 1 and statuses["rejected"] == 1
    assert all(d.rationale and d.deciders for d in workspace.decisions)
    assert len(set(workspace.profile)) == len(kb.questions)
    assert len(workspace.scope) == 2


def test_the_example_holds_two_or_three_deliberate_conflicts(kb, example):
    serious = [f for f in analyse(kb, example[0]) if f.severity in ("error", "warning")]
    assert 2 <= len(serious) <= 3
    assert {f.kind for f in serious} <= {"rule", "risk"}


def test_the_example_tracks_about_a_dozen_aspects_over_three_months(example):
    workspace, events = example
    states = Counter(p.state for p in workspace.progress.values())
    assert 10 <= len(workspace.progress) <= 14
    assert states["done"] >= 4 and states["in-progress"] >= 2 and states["deferred"] == 1
    first, last = events[0].at.date(), events[-1].at.date()
    assert first == dt.date(2026, 8, 24) and dt.date(2026, 11, 13) <= last <= dt.date(2026, 11, 20)
    assert len({e.at.date().isocalendar().week for e in events}) >= 11
    assert [m.name for m in workspace.milestones] == ["workshop-1", "beta-ready"]


def test_init_with_the_example_copies_it(tmp_path, example):
    store = WorkspaceStore(tmp_path / "ws")
    assert store.init(example=NAME) == example[0]
    for name in ("workspace.yaml", "history.jsonl"):
        assert (store.folder / name).read_bytes() == (FOLDER / name).read_bytes()
    assert store.history() == example[1]


@pytest.mark.slow
def test_the_example_is_up_to_date_with_the_knowledge_base(tmp_path, kb):
    """Fails when the knowledge base changed: run `python examples/build_example.py`."""
    build(tmp_path, kb)
    for name in ("workspace.yaml", "history.jsonl"):
        assert (tmp_path / name).read_bytes() == (FOLDER / name).read_bytes(), \
            "the example is out of date: run `python examples/build_example.py`"
