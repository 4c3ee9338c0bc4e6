"""The history of a workspace: one event per change, replayable to the state at any date.

An operation returns `Change`s (what changed, old and new value); the store stamps each with
a sequence number, time, author, interface and revision, making an `Event`. Every change is
applied by `apply_change`, both when it is made and when the history is replayed, so that the
replay of every event reproduces the current state exactly.

    kind       target                 old / new (JSON values; None = absent)
    profile    question id            the answer
    scope      aspect id              the ScopeOverride
    decision   aspect.decision        the Decision record (matched by its id)
    progress   aspect id              the Progress
    milestone  milestone name         the Milestone
    import     record key (file)      the ImportedRecord
    replace    top-level field name   the whole field (name, packs, or a hand edit that
                                      item-level changes cannot express)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from decisions.workspace import (
    Decision,
    ImportedRecord,
    Interface,
    Milestone,
    ProfileValue,
    Progress,
    ScopeOverride,
    Workspace,
)

ChangeKind = Literal["profile", "scope", "decision", "progress", "milestone", "import", "replace"]

REPLACEABLE = ("name", "packs", "profile", "scope", "decisions", "progress", "milestones",
               "imported")
"""The fields a `replace` change may target."""

ASPECT_KINDS = ("scope", "decision", "progress")
"""Kinds whose target is an aspect or one of its decision points."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Change(_Model):
    """What one operation changed in one place of the workspace."""

    kind: ChangeKind
    """What part of the workspace changed."""
    target: str
    """Which item of it: a question, aspect, decision point, milestone, record or field."""
    old: Any = None
    """The value before, as JSON; None when there was none."""
    new: Any = None
    """The value after, as JSON; None when it was removed."""


class Event(_Model):
    """A change as the history records it: who made it, when, and through which interface."""

    seq: int = Field(ge=1)
    """Position in the workspace's history, from 1."""
    at: AwareDatetime
    """When it was written (UTC)."""
    who: str
    """Who made it."""
    via: Interface
    """cli, web, external (a hand edit of the file), import or example."""
    revision: int = Field(ge=1)
    """The workspace revision the write created; events of one write share it."""
    kind: ChangeKind
    """What part of the workspace changed."""
    target: str
    """Which item of it."""
    old: Any = None
    """The value before, as JSON; None when there was none."""
    new: Any = None
    """The value after, as JSON; None when it was removed."""

    @field_validator("at")
    @classmethod
    def _utc(cls, value: dt.datetime) -> dt.datetime:
        return value.astimezone(dt.UTC)

    @property
    def change(self) -> Change:
        return Change(kind=self.kind, target=self.target, old=self.old, new=self.new)


def as_json(value: Any) -> Any:
    """A model (or list of models) as the JSON value a change carries."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    return value


def stamp(changes: Iterable[Change], *, first_seq: int, at: dt.datetime, who: str,
          via: Interface, revision: int) -> list[Event]:
    """Turn one write's changes into events."""
    return [Event(seq=first_seq + i, at=at, who=who, via=via, revision=revision,
                  **change.model_dump())
            for i, change in enumerate(changes)]


# -- applying a change ---------------------------------------------------------------------

def apply_changes(workspace: Workspace, changes: Iterable[Change]) -> Workspace:
    for change in changes:
        workspace = apply_change(workspace, change)
    return workspace


def apply_change(workspace: Workspace, change: Change) -> Workspace:
    """The workspace with one change applied; the revision is left to the caller."""
    return _APPLY[change.kind](workspace, change)


def _keyed(mapping: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    updated = dict(mapping)
    if value is None:
        updated.pop(key, None)
    else:
        updated[key] = value
    return updated


_ANSWER: TypeAdapter[Any] = TypeAdapter(ProfileValue)


def _profile(workspace: Workspace, change: Change) -> Workspace:
    value = None if change.new is None else _ANSWER.validate_python(change.new)
    return _rebuild(workspace, profile=_keyed(workspace.profile, change.target, value))


def _scope(workspace: Workspace, change: Change) -> Workspace:
    value = None if change.new is None else ScopeOverride.model_validate(change.new)
    return _rebuild(workspace, scope=_keyed(workspace.scope, change.target, value))


def _progress(workspace: Workspace, change: Change) -> Workspace:
    value = None if change.new is None else Progress.model_validate(change.new)
    return _rebuild(workspace, progress=_keyed(workspace.progress, change.target, value))


def _decision(workspace: Workspace, change: Change) -> Workspace:
    record_id = (change.new or change.old)["id"]
    kept = [d for d in workspace.decisions if d.id != record_id]
    if change.new is not None:
        kept.append(Decision.model_validate(change.new))
    return _rebuild(workspace, decisions=sorted(kept, key=lambda d: d.id))


def _milestone(workspace: Workspace, change: Change) -> Workspace:
    new = None if change.new is None else Milestone.model_validate(change.new)
    return _rebuild(workspace, milestones=_replace_item(
        workspace.milestones, lambda m: m.name == change.target, new))


def _import(workspace: Workspace, change: Change) -> Workspace:
    new = None if change.new is None else ImportedRecord.model_validate(change.new)
    return _rebuild(workspace, imported=_replace_item(
        workspace.imported, lambda r: r.key == change.target, new))


def _replace_item(items: list[Any], found: Callable[[Any], bool], new: Any) -> list[Any]:
    """Replace (or drop, when new is None) the first item found; append new when none is."""
    for index, item in enumerate(items):
        if found(item):
            return items[:index] + ([new] if new is not None else []) + items[index + 1:]
    return [*items, new] if new is not None else list(items)


def _replace(workspace: Workspace, change: Change) -> Workspace:
    if change.target not in REPLACEABLE:
        raise ValueError(f"cannot replace {change.target!r}")
    data = workspace.model_dump(mode="json")
    data[change.target] = change.new
    return Workspace.model_validate(data)


def _rebuild(workspace: Workspace, **fields: Any) -> Workspace:
    return workspace.model_copy(update=fields)


_APPLY: dict[str, Callable[[Workspace, Change], Workspace]] = {
    "profile": _profile, "scope": _scope, "decision": _decision, "progress": _progress,
    "milestone": _milestone, "import": _import, "replace": _replace,
}


# -- replay and listing --------------------------------------------------------------------

def replay(events: Iterable[Event], start: Workspace | None = None) -> Workspace:
    """The state that the events produce, from an empty workspace (or `start`)."""
    workspace = start or Workspace()
    for event in events:
        workspace = apply_change(workspace, event.change)
        if event.revision != workspace.revision:
            workspace = workspace.model_copy(update={"revision": event.revision})
    return workspace


def state_at(events: Iterable[Event], when: dt.datetime | dt.date) -> Workspace:
    """The state at a past moment: every event written at or before `when` replayed.

    A date means the end of that day (UTC); a naive datetime is taken as UTC."""
    moment = _moment(when)
    return replay(e for e in events if e.at <= moment)


def _moment(when: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(when, dt.datetime):
        return dt.datetime.combine(when, dt.time.max, tzinfo=dt.UTC)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def concerns_aspect(event: Event | Change, aspect_id: str) -> bool:
    """Whether the event is about the aspect or one of its decision points."""
    if event.kind in ASPECT_KINDS:
        return event.target == aspect_id or event.target.startswith(aspect_id + ".")
    if event.kind == "import":
        return any(isinstance(v, dict) and v.get("aspect") == aspect_id
                   for v in (event.old, event.new))
    return False


def events_for(events: Sequence[Event], aspect_id: str | None = None) -> list[Event]:
    """The whole history, or the events about one aspect."""
    if aspect_id is None:
        return list(events)
    return [e for e in events if concerns_aspect(e, aspect_id)]
