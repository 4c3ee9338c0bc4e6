"""Changes in words: one table row per kind of change."""

from __future__ import annotations

import datetime as dt

import pytest

from decisions.describe import describe, describe_event, summarize
from decisions.history import Change, stamp

RECORD = {"id": 3, "point": "tokens.lifetime", "option": "short", "status": "accepted"}
PROGRESS = {"state": "in-progress", "ticked": [0], "note": ""}

CASES = [
    (Change(kind="profile", target="market", new="b2c"), "profile market set to b2c"),
    (Change(kind="profile", target="compliance", old=["gdpr"], new=[]),
     "profile compliance set to none"),
    (Change(kind="profile", target="market", old="b2c"),
     "profile answer market cleared (back to the default)"),
    (Change(kind="scope", target="logging", new={"in_scope": True, "reason": "audits"}),
     "logging put into scope: audits"),
    (Change(kind="scope", target="logging", old={"in_scope": True, "reason": "x"}),
     "logging scope override removed (back to what the profile says)"),
    (Change(kind="decision", target="tokens.lifetime", new=RECORD),
     "tokens.lifetime decided as short"),
    (Change(kind="decision", target="tokens.lifetime", new={**RECORD, "status": "proposed"}),
     "tokens.lifetime proposed as short"),
    (Change(kind="decision", target="tokens.lifetime",
            old={**RECORD, "status": "proposed", "option": "long"}, new=RECORD),
     "tokens.lifetime decided as short (was long)"),
    (Change(kind="decision", target="tokens.lifetime", new={**RECORD, "status": "rejected"}),
     "tokens.lifetime rejected option short"),
    (Change(kind="decision", target="tokens.lifetime", old={**RECORD, "status": "proposed"},
            new=RECORD), "tokens.lifetime: short now accepted"),
    (Change(kind="decision", target="tokens.lifetime", old=RECORD,
            new={**RECORD, "status": "superseded", "superseded_by": 4}),
     "tokens.lifetime: short (#3) superseded, replaced with #4"),
    (Change(kind="decision", target="tokens.lifetime", old=RECORD,
            new={**RECORD, "rationale": "because"}), "tokens.lifetime: short (accepted) amended"),
    (Change(kind="decision", target="tokens.lifetime", old=RECORD),
     "tokens.lifetime decision #3 (short) removed"),
    (Change(kind="progress", target="tokens", new=PROGRESS),
     "tokens moved to in-progress, ticked item 0"),
    (Change(kind="progress", target="tokens", old=PROGRESS,
            new={"state": "done", "ticked": [1, 2], "note": "rest later"}),
     "tokens moved to done, ticked items 1, 2, unticked item 0, noted: rest later"),
    (Change(kind="progress", target="tokens", old=PROGRESS), "tokens moved to not-started, "
                                                             "unticked item 0"),
    (Change(kind="milestone", target="beta", new={}), "milestone 'beta' taken"),
    (Change(kind="milestone", target="beta", old={}), "milestone 'beta' removed"),
    (Change(kind="import", target="1.md", new={"number": 1, "title": "Use JWT"}),
     "ADR 1 imported: Use JWT"),
    (Change(kind="import", target="x", old={"title": "x"}, new={"number": None, "title": "x"}),
     "ADR re-imported: x"),
    (Change(kind="replace", target="name", new="Acme"), "workspace renamed to 'Acme'"),
    (Change(kind="replace", target="packs", new=["packs/fintech"]), "packs set to packs/fintech"),
    (Change(kind="replace", target="milestones", new=[]), "milestones rewritten as a whole"),
]


@pytest.mark.parametrize(("change", "text"), CASES, ids=[t for _, t in CASES])
def test_describe_says_what_changed(change, text):
    assert describe(change) == text


def test_events_say_who_and_mark_hand_edits():
    at = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    changes = [Change(kind="replace", target="name", new=f"n{i}") for i in range(5)]
    events = stamp(changes, first_seq=1, at=at, who="Ana", via="external", revision=2)
    assert describe_event(events[0]) == "workspace renamed to 'n0' by Ana (hand edit)"
    assert summarize(events, limit=2) == ("workspace renamed to 'n0' by Ana (hand edit); "
                                          "workspace renamed to 'n1' by Ana (hand edit); "
                                          "and 3 more changes")
