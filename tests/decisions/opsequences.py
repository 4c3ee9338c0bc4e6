"""Hypothesis strategies for sequences of valid operations on the tiny base, and their replay.

An operation is a plain tuple (easy to read when hypothesis shrinks a failure); `run` applies
a sequence, skipping the few that the rules refuse (done with unticked items and no note, a
milestone name taken twice), and returns the states and the events a store would record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from decisions import operations
from decisions.history import Event, stamp
from decisions.workspace import STATES, ImportedRecord, Workspace
from knowledge.catalog import KnowledgeBase
from knowledge.errors import UsageError
from tests.tinykb import CHECKLISTS, POINTS

START = dt.datetime(2026, 8, 24, 9, 0, tzinfo=dt.UTC)

texts = st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufeff")
                | st.sampled_from("\n\t '\":#-&*!|>{}[]%@`"), max_size=24)
"""Free text a person may type: any printable character, new lines, YAML's special ones."""

names = st.sampled_from(["Ana", "Ben", "Chidi", "Dana", "Émile", "李"])

_answers = st.one_of(
    st.fixed_dictionaries({"market": st.sampled_from(["b2b", "b2c", "both", None])}),
    st.fixed_dictionaries({"compliance": st.lists(
        st.sampled_from(["gdpr", "hipaa", "pci-dss", "soc2", "fips"]), max_size=3)}),
    st.fixed_dictionaries({"team-size": st.one_of(st.integers(1, 200), st.none())}),
    st.fixed_dictionaries({"scale": st.sampled_from(["small", "medium", "large"])}),
)

_profile = st.tuples(st.just("profile"), _answers)
_scope = st.tuples(st.just("scope"), st.sampled_from(sorted(CHECKLISTS)),
                   st.sampled_from([True, False, None]), texts.map(lambda t: t + " reason"))
_decide = st.sampled_from(sorted(POINTS)).flatmap(lambda point: st.tuples(
    st.just("decide"), st.just(point), st.sampled_from(POINTS[point]),
    st.sampled_from(["proposed", "accepted", "rejected"]), texts,
    st.lists(names, min_size=1, max_size=2)))
_progress = st.sampled_from(sorted(CHECKLISTS)).flatmap(lambda aspect: st.tuples(
    st.just("progress"), st.just(aspect), st.sampled_from([*STATES, None]),
    st.lists(st.integers(0, CHECKLISTS[aspect] - 1), max_size=3),
    st.lists(st.integers(0, CHECKLISTS[aspect] - 1), max_size=1),
    st.one_of(st.none(), texts)))
_milestone = st.tuples(st.just("milestone"), st.sampled_from(["kick-off", "beta", "GA 1"]))
_import = st.tuples(st.just("import"), st.lists(st.builds(
    ImportedRecord, number=st.one_of(st.none(), st.integers(1, 40)),
    title=texts.map(lambda t: "ADR " + t), status=st.sampled_from(["accepted", "proposed"]),
    file=st.sampled_from(["", "0001-a.md", "0002-b.md"]),
    aspect=st.one_of(st.none(), st.sampled_from(sorted(CHECKLISTS)))), max_size=2))

operation_lists = st.lists(st.one_of(_profile, _scope, _decide, _progress, _milestone, _import),
                           max_size=20)
"""A sequence of operations a team might run in a workshop."""


def apply_operation(kb: KnowledgeBase, workspace: Workspace, op: tuple[Any, ...],
                    at: dt.datetime) -> tuple[Workspace, list]:
    kind, *args = op
    if kind == "profile":
        return operations.set_profile(kb, workspace, args[0])
    if kind == "scope":
        return operations.set_scope(kb, workspace, *args)
    if kind == "decide":
        point, option, status, rationale, deciders = args
        return operations.decide(kb, workspace, point, option, status=status,
                                 rationale=rationale, deciders=deciders, on=at.date())
    if kind == "progress":
        aspect, state, tick, untick, note = args
        return operations.set_progress(kb, workspace, aspect, state, tick=tick, untick=untick,
                                       note=note)
    if kind == "milestone":
        return operations.take_milestone(kb, workspace, args[0], at)
    return operations.add_imported(kb, workspace, args[0])


@dataclass
class Run:
    """What a sequence of operations produced: the state after each write, and the events."""

    states: list[Workspace] = field(default_factory=lambda: [Workspace()])
    events: list[Event] = field(default_factory=list)
    times: list[dt.datetime] = field(default_factory=lambda: [START])

    @property
    def final(self) -> Workspace:
        return self.states[-1]


def run(kb: KnowledgeBase, ops: list[tuple[Any, ...]], who: str = "Ana") -> Run:
    result = Run()
    for index, op in enumerate(ops):
        at = START + dt.timedelta(hours=index + 1)
        try:
            new, changes = apply_operation(kb, result.final, op, at)
        except UsageError:
            continue
        if not changes:
            continue
        revision = result.final.revision + 1
        result.events += stamp(changes, first_seq=len(result.events) + 1, at=at, who=who,
                               via="cli", revision=revision)
        result.states.append(new.model_copy(update={"revision": revision}))
        result.times.append(at)
    return result
