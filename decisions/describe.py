"""Changes in words, for the history listing, confirmations and conflict messages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from decisions.history import Change, Event


def describe(change: Change | Event) -> str:
    """`token-management.signing-algorithm decided as eddsa`, `logging moved to done`, ..."""
    return _DESCRIBE[change.kind](change.target, change.old, change.new)


def describe_event(event: Event) -> str:
    """The change with who made it, and `(hand edit)` when it was made outside the app."""
    text = f"{describe(event)} by {event.who}"
    return text + " (hand edit)" if event.via == "external" else text


def summarize(events: Sequence[Event], limit: int = 3) -> str:
    """A few events in one line: `a by Ana; b by Ben; and 4 more changes`."""
    shown = "; ".join(describe_event(e) for e in events[:limit])
    rest = len(events) - limit
    if rest > 0:
        shown += f"; and {rest} more change{'s' if rest > 1 else ''}"
    return shown


def _answer(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "none"
    return str(value)


def _profile(target: str, old: Any, new: Any) -> str:
    if new is None:
        return f"profile answer {target} cleared (back to the default)"
    return f"profile {target} set to {_answer(new)}"


def _scope(target: str, old: Any, new: Any) -> str:
    if new is None:
        return f"{target} scope override removed (back to what the profile says)"
    where = "into scope" if new["in_scope"] else "out of scope"
    return f"{target} put {where}: {new['reason']}"


def _decision(target: str, old: Any, new: Any) -> str:
    if new is None:
        return f"{target} decision #{old['id']} ({old['option']}) removed"
    status = new["status"]
    if old is not None and old["id"] == new["id"] and old["option"] == new["option"]:
        if status == "superseded":
            return f"{target}: {new['option']} (#{new['id']}) superseded, replaced with " \
                   f"#{new['superseded_by']}"
        if old["status"] != status:
            return f"{target}: {new['option']} now {status}"
        return f"{target}: {new['option']} ({status}) amended"
    verb = {"accepted": "decided as", "proposed": "proposed as", "rejected": "rejected option"}
    text = f"{target} {verb.get(status, status)} {new['option']}"
    return text + (f" (was {old['option']})" if old is not None else "")


def _progress(target: str, old: Any, new: Any) -> str:
    before = old or {"state": "not-started", "ticked": [], "note": ""}
    after = new or {"state": "not-started", "ticked": [], "note": ""}
    parts = []
    if before["state"] != after["state"]:
        parts.append(f"moved to {after['state']}")
    ticked = sorted(set(after["ticked"]) - set(before["ticked"]))
    unticked = sorted(set(before["ticked"]) - set(after["ticked"]))
    if ticked:
        parts.append(_items("ticked", ticked))
    if unticked:
        parts.append(_items("unticked", unticked))
    if before["note"] != after["note"] and after["note"]:
        parts.append(f"noted: {after['note']}")
    return f"{target} " + (", ".join(parts) if parts else "progress reset")


def _items(verb: str, indexes: list[int]) -> str:
    noun = "item" if len(indexes) == 1 else "items"
    return f"{verb} {noun} {', '.join(str(i) for i in indexes)}"


def _milestone(target: str, old: Any, new: Any) -> str:
    if new is None:
        return f"milestone {target!r} removed"
    return f"milestone {target!r} {'taken' if old is None else 'changed'}"


def _import(target: str, old: Any, new: Any) -> str:
    record = new or old
    number = f"ADR {record['number']} " if record.get("number") is not None else "ADR "
    verb = "imported" if old is None else ("removed" if new is None else "re-imported")
    return f"{number}{verb}: {record['title']}"


def _replace(target: str, old: Any, new: Any) -> str:
    if target == "name":
        return f"workspace renamed to {new!r}"
    if target == "packs":
        return f"packs set to {_answer(new)}"
    return f"{target} rewritten as a whole"


_DESCRIBE: dict[str, Callable[[str, Any, Any], str]] = {
    "profile": _profile, "scope": _scope, "decision": _decision, "progress": _progress,
    "milestone": _milestone, "import": _import, "replace": _replace,
}
