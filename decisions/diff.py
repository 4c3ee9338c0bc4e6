"""The changes between two states of a workspace, as history records them (hand edits)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from decisions.history import Change, apply_changes, as_json
from decisions.workspace import Workspace


def diff_workspaces(old: Workspace, new: Workspace) -> list[Change]:
    """Changes that turn `old` into `new` (revision and version aside), item by item where
    the items can be told apart, else one `replace` of the whole field."""
    changes: list[Change] = []
    target = new.model_dump()
    for field, item_changes in _SECTIONS.items():
        section = item_changes(old, new)
        if apply_changes(old, section).model_dump(include={field})[field] != target[field]:
            section = [Change(kind="replace", target=field, old=as_json(getattr(old, field)),
                              new=as_json(getattr(new, field)))]
        changes += section
    return changes


def _whole(field: str) -> Callable[[Workspace, Workspace], list[Change]]:
    def changes(old: Workspace, new: Workspace) -> list[Change]:
        before, after = as_json(getattr(old, field)), as_json(getattr(new, field))
        return [] if before == after else [Change(kind="replace", target=field, old=before,
                                                  new=after)]
    return changes


def _mapping(field: str, kind: Any) -> Callable[[Workspace, Workspace], list[Change]]:
    def changes(old: Workspace, new: Workspace) -> list[Change]:
        before, after = as_json(getattr(old, field)), as_json(getattr(new, field))
        return [Change(kind=kind, target=key, old=before.get(key), new=after.get(key))
                for key in sorted(before.keys() | after.keys())
                if before.get(key) != after.get(key)]
    return changes


def _decisions(old: Workspace, new: Workspace) -> list[Change]:
    before = {d.id: as_json(d) for d in old.decisions}
    after = {d.id: as_json(d) for d in new.decisions}
    changes = []
    for record_id in sorted(before.keys() | after.keys()):
        was, now = before.get(record_id), after.get(record_id)
        if was != now:
            point = (now or was or {})["point"]
            changes.append(Change(kind="decision", target=point, old=was, new=now))
    return changes


def _listed(field: str, kind: Any, key: Callable[[Any], str]
            ) -> Callable[[Workspace, Workspace], list[Change]]:
    def changes(old: Workspace, new: Workspace) -> list[Change]:
        before = {key(item): as_json(item) for item in getattr(old, field)}
        after = {key(item): as_json(item) for item in getattr(new, field)}
        gone = [Change(kind=kind, target=k, old=v) for k, v in before.items() if k not in after]
        kept = [Change(kind=kind, target=k, old=before.get(k), new=v)
                for k, v in after.items() if before.get(k) != v]
        return gone + kept
    return changes


_SECTIONS: dict[str, Callable[[Workspace, Workspace], list[Change]]] = {
    "name": _whole("name"),
    "packs": _whole("packs"),
    "profile": _mapping("profile", "profile"),
    "scope": _mapping("scope", "scope"),
    "decisions": _decisions,
    "progress": _mapping("progress", "progress"),
    "milestones": _listed("milestones", "milestone", lambda m: m.name),
    "imported": _listed("imported", "import", lambda r: r.key),
}
