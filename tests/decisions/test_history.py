"""History: replay reproduces the state, the state at a past date, listing by aspect, events."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings

from decisions.history import Change, Event, apply_change, events_for, replay, stamp, state_at
from decisions.workspace import ImportedRecord, Workspace
from tests.decisions.opsequences import START, operation_lists, run

AT = dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)


@settings(max_examples=60, deadline=None)
@given(ops=operation_lists)
def test_replaying_every_event_reproduces_the_current_state(tiny_kb, ops):
    result = run(tiny_kb, ops)
    assert replay(result.events) == result.final


@settings(max_examples=40, deadline=None)
@given(ops=operation_lists)
def test_state_at_the_time_of_each_write_is_the_state_that_write_left(tiny_kb, ops):
    result = run(tiny_kb, ops)
    for state, at in zip(result.states, result.times, strict=True):
        assert state_at(result.events, at) == state
        assert state_at(result.events, at - dt.timedelta(seconds=1)).revision < max(
            state.revision, 1)


def test_state_at_a_date_includes_the_whole_day(tiny_kb):
    result = run(tiny_kb, [("scope", "logging", False, "later"),
                           ("profile", {"market": "b2c"})])
    assert state_at(result.events, START.date()) == result.final
    assert state_at(result.events, START.date() - dt.timedelta(days=1)) == Workspace()


def test_state_at_takes_a_naive_datetime_as_utc(tiny_kb):
    result = run(tiny_kb, [("scope", "logging", False, "later")])
    naive = result.times[-1].replace(tzinfo=None)
    assert state_at(result.events, naive) == result.final


def test_events_for_an_aspect_lists_its_scope_progress_decisions_and_imports(tiny_kb):
    result = run(tiny_kb, [
        ("scope", "tokens", True, "always"),
        ("decide", "tokens.lifetime", "short", "accepted", "", ["Ana"]),
        ("decide", "logging.format", "json", "accepted", "", ["Ana"]),
        ("progress", "tokens", "in-progress", [0], [], None),
        ("profile", {"market": "b2c"}),
        ("import", [ImportedRecord(title="Tokens", file="1.md", aspect="tokens")]),
        ("scope", "tokens-extra", True, "not an aspect of tokens"),
    ])
    assert [(e.kind, e.target) for e in events_for(result.events, "tokens")] == [
        ("scope", "tokens"), ("decision", "tokens.lifetime"), ("progress", "tokens"),
        ("import", "1.md")]
    assert events_for(result.events) == result.events


def test_stamp_numbers_events_from_the_first_seq():
    changes = [Change(kind="profile", target="market", new="b2c"),
               Change(kind="profile", target="scale", new="large")]
    events = stamp(changes, first_seq=7, at=AT, who="Ana", via="web", revision=3)
    assert [(e.seq, e.revision, e.who, e.via, e.change) for e in events] == [
        (7, 3, "Ana", "web", changes[0]), (8, 3, "Ana", "web", changes[1])]


def test_event_times_are_kept_in_utc():
    paris = dt.timezone(dt.timedelta(hours=2))
    event = Event(seq=1, at=dt.datetime(2026, 9, 1, 14, 0, tzinfo=paris), who="Ana", via="cli",
                  revision=1, kind="profile", target="market", new="b2c")
    assert event.at == AT.replace(hour=12) and event.at.tzinfo == dt.UTC
    assert event.model_dump_json().startswith('{"seq":1,"at":"2026-09-01T12:00:00Z"')


@pytest.mark.parametrize(("change", "field", "value"), [
    (Change(kind="replace", target="name", old="", new="Acme"), "name", "Acme"),
    (Change(kind="replace", target="packs", old=[], new=["packs/fintech"]), "packs",
     ["packs/fintech"]),
    (Change(kind="milestone", target="m", new={"name": "m", "taken_at": "2026-09-01T12:00:00Z",
                                               "revision": 0}), "milestones", ["m"]),
])
def test_apply_change_sets_what_the_change_names(change, field, value):
    workspace = apply_change(Workspace(), change)
    got = getattr(workspace, field)
    assert (got if field != "milestones" else [m.name for m in got]) == value


def test_apply_change_refuses_to_replace_an_unknown_field():
    with pytest.raises(ValueError, match="cannot replace 'revision'"):
        apply_change(Workspace(), Change(kind="replace", target="revision", new=9))


def test_apply_change_removes_a_milestone_whose_new_value_is_none():
    taken = apply_change(Workspace(), Change(kind="milestone", target="m", new={
        "name": "m", "taken_at": "2026-09-01T12:00:00Z", "revision": 0}))
    assert apply_change(taken, Change(kind="milestone", target="m", old={}, new=None)) \
        == Workspace()
