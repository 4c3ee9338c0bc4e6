"""Stale ids: everything the workspace names that the knowledge base lacks, where and what."""

from __future__ import annotations

import datetime as dt

from decisions.stale import stale_ids
from decisions.workspace import Decision, ImportedRecord, Progress, ScopeOverride, Workspace

DAY = dt.date(2026, 9, 1)


def test_stale_ids_names_each_place_and_what_is_missing(tiny_kb):
    workspace = Workspace(
        profile={"market": "b2x", "compliance": ["gdpr", "iso"], "team-size": 3, "mood": "calm"},
        scope={"sessions": ScopeOverride(in_scope=True, reason="x")},
        decisions=[Decision(id=1, point="sessions.store", option="redis", date=DAY),
                   Decision(id=2, point="tokens.audience", option="one", date=DAY),
                   Decision(id=3, point="tokens.lifetime", option="forever", date=DAY),
                   Decision(id=4, point="tokens.lifetime", option="short", date=DAY)],
        progress={"tokens": Progress(ticked=[1, 4]), "sessions": Progress()},
        imported=[ImportedRecord(title="Sessions", aspect="sessions")])
    assert [str(s) for s in stale_ids(tiny_kb, workspace)] == [
        "profile.market: 'b2x' is no longer an answer to market",
        "profile.compliance: 'iso' is no longer an answer to compliance",
        "profile.mood: profile question 'mood' no longer exists",
        "scope.sessions: aspect 'sessions' no longer exists",
        "progress.sessions: aspect 'sessions' no longer exists",
        "progress.tokens.ticked: tokens has no checklist item 4 any more (it has 4)",
        "decisions[0].point: aspect 'sessions' no longer exists",
        "decisions[1].point: decision point 'tokens.audience' no longer exists",
        "decisions[2].option: option 'forever' of tokens.lifetime no longer exists",
        "imported[0].aspect: aspect 'sessions' no longer exists"]
    assert [s.id for s in stale_ids(tiny_kb, workspace)][:2] == ["b2x", "iso"]


def test_a_workspace_within_the_knowledge_base_has_no_stale_ids(tiny_kb):
    assert stale_ids(tiny_kb, Workspace(profile={"market": "b2b"})) == []
