"""Shared fixtures: a tiny knowledge base, a ticking clock, and workspaces built on them.

    tiny_base     path of the tiny base of tests/tinykb.py (written once per session)
    tiny_kb       that base, loaded
    clock         a clock for stores: 2026-09-01 09:00 UTC, one minute later at each call
    store         an empty, initialised WorkspaceStore in a temporary folder, using `clock`
    tiny_cli      makes `skeleton` commands run in-process load the tiny base (plus the
                  workspace's packs) instead of the shipped one

Tests that need the shipped content load it themselves (`knowledge.loader.load_knowledge()`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from decisions.store import WorkspaceStore
from knowledge.catalog import KnowledgeBase
from knowledge.loader import load_knowledge
from tests.tinykb import write_tiny_base

START = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)
"""When the `clock` fixture starts."""


class Clock:
    """A deterministic clock: each call returns the next minute (or `step`)."""

    def __init__(self, start: dt.datetime = START, step: dt.timedelta = dt.timedelta(minutes=1)):
        self.now = start - step
        self.step = step

    def __call__(self) -> dt.datetime:
        self.now += self.step
        return self.now


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_base(tmp_path_factory.mktemp("tiny-base"))


@pytest.fixture(scope="session")
def tiny_kb(tiny_base: Path) -> KnowledgeBase:
    return load_knowledge(base=tiny_base)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> WorkspaceStore:
    workspace = WorkspaceStore(tmp_path / "workspace", clock=clock)
    workspace.init()
    return workspace


@pytest.fixture
def tiny_cli(monkeypatch: pytest.MonkeyPatch, tiny_base: Path) -> Callable[..., KnowledgeBase]:
    import ui.commands.common as common

    def load(packs=(), base=None, **options):  # noqa: ARG001 - the shipped base is replaced
        return load_knowledge(packs, tiny_base, **options)

    monkeypatch.setattr(common, "load_knowledge", load)
    return load
