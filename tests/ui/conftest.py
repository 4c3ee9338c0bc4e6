"""Fixtures of the web app's tests: fresh caches, workspaces of every kind, an AppTest runner.

    fresh_caches        (autouse) st.cache_resource and st.cache_data cleared around each test:
                        they live in the process and would carry one test's state to the next
    shipped_kb          the shipped knowledge base, loaded once
    workspace_folder    a temporary folder that $SKELETON_WORKSPACE names (nothing in it yet)
    make_workspace      fills that folder: "missing" (nothing), "empty", "example" (the bundled
                        example) or "conflicts" (rule conflicts, a missing prerequisite, work out
                        of order, a risk and a stale id)
    app                 an AppTest of app.py, run once, on a page: app("plan")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from decisions.bundled import example_names
from decisions.operations import decide, set_progress, set_scope
from decisions.store import WorkspaceStore
from decisions.workspace import Decision, Workspace
from knowledge.catalog import KnowledgeBase
from knowledge.loader import load_knowledge
from knowledge.models import parse_option_ref
from ui.commands.common import WORKSPACE_ENV

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = ("overview", "profile_scope", "walkthrough", "decision_log", "graph", "plan",
         "progress", "export", "knowledge_base")
KINDS = ("missing", "empty", "example", "conflicts")
TIMEOUT = 30
DAY = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(scope="session")
def shipped_kb() -> KnowledgeBase:
    return load_knowledge(allow_cycles=True)


@pytest.fixture
def workspace_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "workspace"
    monkeypatch.setenv(WORKSPACE_ENV, str(folder))
    return folder


def example_name() -> str:
    names = example_names()
    assert names, "no bundled example workspace in examples/"
    return names[0]


def conflicting(kb: KnowledgeBase) -> Workspace:
    """Every forbidden pair of options chosen, a prerequisite left out of scope, an aspect
    started before its prerequisite, and a decision on a point the base does not have."""
    workspace = Workspace(name="Conflicts <b>everywhere</b> [x](javascript:alert(1))")
    for site in kb.rules():
        if site.rule.kind != "forbids-option" or site.rule.severity != "error":
            continue
        aspect_id, point_id, option_id = parse_option_ref(site.rule.target or "")
        for point, option in ((f"{site.aspect.id}.{site.point.id}", site.option.id),
                              (f"{aspect_id}.{point_id}", option_id)):
            workspace, _ = decide(kb, workspace, point, option, rationale="<script>x</script>",
                                  on=DAY)
    dependent = next(a for a in kb.aspects.values() if a.requires)
    workspace, _ = set_scope(kb, workspace, dependent.requires[0], False, "not this year")
    workspace, _ = set_scope(kb, workspace, dependent.id, True, "we need it anyway")
    late = next(a for a in kb.aspects.values()
                if a.requires and a.id != dependent.id and a.requires[0] != dependent.requires[0])
    workspace, _ = set_progress(kb, workspace, late.id, "in-progress", tick=[0])
    stale = Decision(id=workspace.next_decision_id(), point="gone-aspect.gone-point",
                     option="gone", date=DAY)
    return workspace.model_copy(update={"decisions": [*workspace.decisions, stale]})


@pytest.fixture
def make_workspace(workspace_folder: Path, shipped_kb: KnowledgeBase
                   ) -> Callable[[str], WorkspaceStore]:
    def make(kind: str) -> WorkspaceStore:
        store = WorkspaceStore(workspace_folder)
        if kind == "empty":
            store.init()
        elif kind == "example":
            store.init(example=example_name())
        elif kind == "conflicts":
            store.init(conflicting(shipped_kb), who="test", via="cli")
        return store

    return make


@pytest.fixture
def app(workspace_folder: Path) -> Callable[..., AppTest]:
    """`app("plan")`: the app run once, straight on a page (our pages keep the file names
    st.navigation knows them by, so AppTest can switch before the first run)."""

    def run(page: str = "overview") -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        if page != "overview":
            at.switch_page(f"ui/pages/{page}.py")
        return at.run()

    return run
