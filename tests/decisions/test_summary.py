"""workspace_status: scope counts, decided and open points, progress by category."""

from __future__ import annotations

import datetime as dt

from decisions.operations import decide, set_profile, set_progress, set_scope
from decisions.summary import workspace_status
from decisions.workspace import Progress, Workspace

DAY = dt.date(2026, 9, 1)


def test_status_counts_only_in_scope_aspects(tiny_kb):
    workspace, _ = set_profile(tiny_kb, Workspace(), {"market": "b2c"})
    workspace, _ = set_scope(tiny_kb, workspace, "logging", False, "later")
    workspace, _ = decide(tiny_kb, workspace, "tokens.lifetime", "short", on=DAY)
    workspace, _ = decide(tiny_kb, workspace, "tokens.signing-algorithm", "rsa", on=DAY,
                          status="rejected")
    workspace, _ = decide(tiny_kb, workspace, "logging.format", "json", on=DAY)
    workspace, _ = set_progress(tiny_kb, workspace, "tokens", "done", tick=[0, 1, 2, 3])
    status = workspace_status(tiny_kb, workspace)
    assert status.answered == ["market"] and status.profile["team-size"] == 5
    assert status.scope.model_dump() == {"in_scope": 2, "out_of_scope": 2, "overridden": 1,
                                         "by_priority": {"must": 2, "should": 0, "could": 0}}
    assert status.decisions.decided == ["tokens.lifetime"]
    assert status.decisions.open == ["certificates.issuer", "tokens.signing-algorithm"]
    assert status.decisions.by_status == {"proposed": 0, "accepted": 1, "rejected": 1}
    identity = status.progress[0]
    assert (identity.category, identity.aspects, identity.ticked, identity.items) == (
        "identity", 2, 4, 7)
    assert identity.states == {"not-started": 1, "in-progress": 0, "done": 1, "deferred": 0}
    assert [c.aspects for c in status.progress] == [2, 0, 0]


def test_status_ignores_stale_ticks_and_reports_them(tiny_kb):
    workspace = Workspace(progress={"logging": Progress(ticked=[0, 5])})
    status = workspace_status(tiny_kb, workspace)
    assert status.progress[2].ticked == 1
    assert status.stale == ["progress.logging.ticked: logging has no checklist item 5 any more "
                            "(it has 2)"]
