"""Changes a team makes to its workspace: pure functions returning the new state and its changes.

Each operation validates its input against the knowledge base (UsageError with one sentence
when it cannot work), builds the `Change`s it implies, and applies them with the history's own
`apply_changes`, so that replaying the history always gives the same state. An operation that
changes nothing returns no changes, and the store then writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from decisions.history import Change, apply_changes, as_json
from decisions.lookup import require_aspect, require_option, require_point, require_question
from decisions.milestones import compare_milestone, take_milestone
from decisions.stale import stale_ids
from decisions.workspace import (
    DECIDABLE,
    STATES,
    Decision,
    ImportedRecord,
    Progress,
    ScopeOverride,
    Workspace,
)
from knowledge.catalog import KnowledgeBase
from knowledge.errors import UsageError
from knowledge.models import Aspect, ProfileQuestion

__all__ = [
    "Result", "add_imported", "compare_milestone", "decide", "parse_answer", "set_profile",
    "set_progress", "set_scope", "stale_ids", "take_milestone",
]

Result = tuple[Workspace, list[Change]]
"""The new workspace and the changes that made it."""

Answer = str | list[str] | int | None
"""A profile answer; None removes it (the question's default applies again)."""


def finish(workspace: Workspace, changes: list[Change]) -> Result:
    return apply_changes(workspace, changes), changes


def check_text(label: str, text: str) -> str:
    """Refuse text that cannot be stored as readable YAML (control characters, lone
    surrogates); return it without surrounding white space."""
    for char in text:
        if (ord(char) < 32 and char not in "\n\t") or 0xD800 <= ord(char) <= 0xDFFF \
                or char in "\x7f\ufeff":
            raise UsageError(f"the {label} holds a control character ({ord(char):#04x}); "
                             "remove it")
    return text.strip()


# -- profile ---------------------------------------------------------------------------------

def set_profile(kb: KnowledgeBase, workspace: Workspace, answers: Mapping[str, Answer]) -> Result:
    """Record profile answers, each validated against its question."""
    changes = []
    for key, value in answers.items():
        checked = _checked_answer(require_question(kb, key), value)
        old = workspace.profile.get(key)
        if checked != old:
            changes.append(Change(kind="profile", target=key, old=old, new=checked))
    return finish(workspace, changes)


def parse_answer(kb: KnowledgeBase, key: str, text: str) -> Answer:
    """An answer typed as text: `b2b`, `gdpr,soc2` (multiple choice; empty clears it), `6`.
    An empty single-choice or integer answer removes the answer."""
    question = require_question(kb, key)
    text = text.strip()
    if question.kind == "multiple":
        return [part.strip() for part in text.split(",") if part.strip()]
    if not text:
        return None
    if question.kind == "integer":
        try:
            return int(text)
        except ValueError:
            raise UsageError(f"{key} takes a whole number, not {text!r}") from None
    return text


def _checked_answer(question: ProfileQuestion, value: Answer) -> Answer:
    if value is None:
        return None
    if question.kind == "integer":
        return _checked_integer(question, value)
    allowed = question.option_ids()
    listed = ", ".join(allowed)
    if question.kind == "single":
        if not isinstance(value, str) or value not in allowed:
            raise UsageError(f"{value!r} is not an answer to {question.id} (answers: {listed})")
        return value
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{question.id} takes a list of answers (answers: {listed})")
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise UsageError(f"{unknown[0]!r} is not an answer to {question.id} (answers: {listed})")
    return [option for option in allowed if option in value]


def _checked_integer(question: ProfileQuestion, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise UsageError(f"{question.id} takes a whole number, not {value!r}")
    low, high = question.minimum, question.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = (f"between {low} and {high}" if low is not None and high is not None
                  else f"at least {low}" if low is not None else f"at most {high}")
        raise UsageError(f"{question.id} must be {bounds}, not {value}")
    return value


# -- scope -----------------------------------------------------------------------------------

def set_scope(kb: KnowledgeBase, workspace: Workspace, aspect_id: str, in_scope: bool | None,
              reason: str = "") -> Result:
    """Put an aspect in (True) or out (False) of scope with a reason, or remove the team's
    override (None) so that the profile decides again."""
    require_aspect(kb, aspect_id)
    old = workspace.scope.get(aspect_id)
    if in_scope is None:
        new = None
    else:
        reason = check_text("reason", reason)
        if not reason:
            where = "into" if in_scope else "out of"
            raise UsageError(f"putting {aspect_id} {where} scope needs a reason")
        new = ScopeOverride(in_scope=in_scope, reason=reason)
    if new == old:
        return workspace, []
    return finish(workspace, [Change(kind="scope", target=aspect_id, old=as_json(old),
                                     new=as_json(new))])


# -- decisions -------------------------------------------------------------------------------

def decide(kb: KnowledgeBase, workspace: Workspace, point: str, option: str, *,
           status: str = "accepted", rationale: str = "", deciders: Sequence[str] = (),
           on: dt.date | None = None) -> Result:
    """Choose an option for a decision point.

    A live accepted decision is kept as `superseded`, linked to the new record; a proposed one
    is updated in place (the history keeps what it was); a rejected one stays on record next
    to the new decision. Deciding exactly what is already live changes nothing."""
    aspect, decision_point = require_point(kb, point)
    require_option(decision_point, f"{aspect.id}.{decision_point.id}", option)
    if status not in DECIDABLE:
        raise UsageError(f"status must be proposed, accepted or rejected, not {status!r}")
    rationale = check_text("rationale", rationale)
    names = [check_text("decider's name", n) for n in deciders]
    live = workspace.current(point)
    if live is not None and live.option == option:
        rationale = rationale or live.rationale
        names = _merged(live.deciders, names)
    record = {"point": point, "option": option, "status": status, "rationale": rationale,
              "deciders": [n for n in names if n], "date": on or dt.date.today()}
    if live is not None and _same(live, record):
        return workspace, []
    return finish(workspace, _decision_changes(workspace, live, record))


def _merged(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _same(live: Decision, record: Mapping[str, Any]) -> bool:
    return all(getattr(live, key) == record[key]
               for key in ("option", "status", "rationale", "deciders"))


def _decision_changes(workspace: Workspace, live: Decision | None,
                      record: dict[str, Any]) -> list[Change]:
    point = record["point"]
    if live is not None and live.status == "proposed":
        updated = Decision(id=live.id, **record)
        return [Change(kind="decision", target=point, old=as_json(live), new=as_json(updated))]
    new = Decision(id=workspace.next_decision_id(), **record)
    changes = []
    if live is not None and live.status == "accepted":
        new = new.model_copy(update={"supersedes": live.id})
        superseded = live.model_copy(update={"status": "superseded", "superseded_by": new.id})
        changes.append(Change(kind="decision", target=point, old=as_json(live),
                              new=as_json(superseded)))
    changes.append(Change(kind="decision", target=point, new=as_json(new)))
    return changes


# -- progress --------------------------------------------------------------------------------

def set_progress(kb: KnowledgeBase, workspace: Workspace, aspect_id: str,
                 state: str | None = None, *, tick: Iterable[int] = (),
                 untick: Iterable[int] = (), note: str | None = None) -> Result:
    """Move an aspect to a state, tick or untick checklist items, record a note.

    An aspect cannot be done while checklist items are unticked unless a note says why."""
    aspect = require_aspect(kb, aspect_id)
    current = workspace.progress_of(aspect_id)
    if state is not None and state not in STATES:
        raise UsageError(f"state must be one of {', '.join(STATES)}, not {state!r}")
    tick, untick = list(tick), list(untick)
    _check_items(aspect, tick + untick)
    ticked = sorted((set(current.ticked) | set(tick)) - set(untick))
    new = Progress(state=state or current.state, ticked=ticked,
                   note=current.note if note is None else check_text("note", note))
    _check_done(aspect, new)
    if new == current:
        return workspace, []
    old_value = workspace.progress.get(aspect_id)
    new_value = None if new == Progress() else new
    return finish(workspace, [Change(kind="progress", target=aspect_id, old=as_json(old_value),
                                     new=as_json(new_value))])


def _check_items(aspect: Aspect, indexes: list[int]) -> None:
    count = len(aspect.checklist)
    for index in indexes:
        if not 0 <= index < count:
            raise UsageError(f"{aspect.id} has {count} checklist items, numbered 0 to "
                             f"{count - 1}; there is no item {index}")


def _check_done(aspect: Aspect, progress: Progress) -> None:
    if progress.state != "done" or progress.note:
        return
    open_items = [i for i in range(len(aspect.checklist)) if i not in progress.ticked]
    if open_items:
        items = ", ".join(str(i) for i in open_items)
        which = f"item {items} is" if len(open_items) == 1 else f"items {items} are"
        raise UsageError(f"{aspect.id} cannot be done while checklist {which} unticked; "
                         "tick them or give a note saying why")


# -- imported ADRs ---------------------------------------------------------------------------

def add_imported(kb: KnowledgeBase, workspace: Workspace,
                 records: Iterable[ImportedRecord]) -> Result:
    """Keep ADRs imported from an existing folder. A record is matched to an earlier import by
    its file (else its title): an identical one is skipped, a changed one replaced."""
    changes = []
    current = {r.key: r for r in workspace.imported}
    for record in records:
        if record.aspect is not None:
            require_aspect(kb, record.aspect)
        for label, text in (("title", record.title), ("status", record.status),
                            ("file name", record.file)):
            check_text(f"{label} of the imported ADR {record.key!r}", text)
        old = current.get(record.key)
        if old != record:
            changes.append(Change(kind="import", target=record.key, old=as_json(old),
                                  new=as_json(record)))
            current[record.key] = record
    return finish(workspace, changes)

