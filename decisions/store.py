"""A workspace folder on disk: atomic, locked, revision-checked writes and a replayable history.

    workspace.yaml             the current state (hand-editable; `decisions.workspacefile`)
    history.jsonl              one JSON event per line, append-only
    .gitignore                 keeps the files below out of git
    .workspace.lock            the file lock that serialises writers
    .workspace.meta.json       what the store last wrote: revision, hash and stat of
                               workspace.yaml, length of history.jsonl (cheap `revision()`)
    .workspace.last-good.yaml  a copy of the last state the store wrote

A write appends its events to the history, records the new hash in the meta file, renames
the new workspace.yaml into place (the commit point), then refreshes the last-good copy. A
writer killed at any step leaves either the old state (its history lines are cut off again)
or the new one. A workspace.yaml that matches neither was edited outside the app: a valid
edit is accepted and its difference from the history's state recorded as external events;
an invalid one is refused with file:line:column and the last good copy is left in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import filelock

from decisions.atomic import (
    append_durably,
    publish,
    remove_temp_files,
    stage,
    truncate_durably,
    write_atomic,
)
from decisions.bundled import EXAMPLE_FILES, example_folder
from decisions.describe import summarize
from decisions.diff import diff_workspaces
from decisions.folderlock import FolderLock
from decisions.history import Change, Event, apply_changes, events_for, replay, stamp
from decisions.historyfile import parse_history, read_history_bytes
from decisions.workspace import Interface, Workspace
from decisions.workspacefile import dump_workspace, parse_workspace
from knowledge.errors import ConflictError, Problem, SkeletonError, WorkspaceError

WORKSPACE_FILE = "workspace.yaml"
HISTORY_FILE = "history.jsonl"
META_FILE = ".workspace.meta.json"
LAST_GOOD_FILE = ".workspace.last-good.yaml"
LOCK_FILE = ".workspace.lock"
GITIGNORE = "# Written by the planner: the lock, its bookkeeping and temporary files.\n" \
            ".workspace.*\n*.tmp\n"

EXTERNAL_AUTHOR = "unknown"
"""Who a hand edit is recorded as: the file does not say who edited it."""

ChangeFn = Callable[[Workspace], tuple[Workspace, list[Change]]]


@dataclass(frozen=True)
class _Meta:
    """What the store last wrote, to tell its own writes from hand edits and crashes."""

    revision: int
    sha256: str
    history_bytes: int
    seq: int
    size: int
    mtime_ns: int
    previous_sha256: str | None = None
    previous_history_bytes: int | None = None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _overlaps(changes: list[Change], since: list[Event]) -> bool:
    """Whether a change touches something written since the caller read the workspace.
    No events (an unknown gap) and hand edits count as touching everything."""
    if not since or any(e.via == "external" for e in since):
        return True
    return bool({c.target for c in changes} & {e.target for e in since})


def _complete(since: list[Event], expected: int, current: int) -> list[Event]:
    """`since` when it holds every revision after `expected`, else [] (an unknown gap)."""
    return since if {e.revision for e in since} == set(range(expected + 1, current + 1)) else []


def _conflict(expected: int, current: Workspace, since: list[Event]) -> str:
    what = f": {summarize(since)}" if since else ""
    return (f"workspace changed since you read it (revision {expected} -> "
            f"{current.revision}{what}); nothing was written")


class WorkspaceStore:
    """One workspace folder. Every method that writes holds the folder's file lock."""

    def __init__(self, folder: Path | str, *, clock: Callable[[], dt.datetime] | None = None,
                 lock_timeout: float = 30.0):
        self.folder = Path(folder)
        self.workspace_file = self.folder / WORKSPACE_FILE
        self.history_file = self.folder / HISTORY_FILE
        self.meta_file = self.folder / META_FILE
        self.last_good_file = self.folder / LAST_GOOD_FILE
        self.lock_timeout = lock_timeout
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._lock = filelock.FileLock(str(self.folder / LOCK_FILE), timeout=lock_timeout)
        self._parsed: tuple[str, Workspace] | None = None

    # -- public --------------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.workspace_file.is_file()

    def init(self, workspace: Workspace | None = None, example: str | None = None, *,
             who: str = "unknown", via: Interface = "cli",
             over_untouched: bool = False) -> Workspace:
        """Create the workspace: empty, from `workspace`, or a copy of a bundled example.
        Refuses (WorkspaceError) when the folder already holds one, unless `over_untouched`
        and that one is still empty with no history (as the web app creates it on opening)."""
        source = example_folder(example) if example else None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(message=f"cannot create {self.folder}: {exc.strerror}") from None
        with self._locked():
            if (self.exists() or self.history_file.exists()) and not (
                    over_untouched and self._untouched()):
                raise WorkspaceError(message=f"{self.folder} already holds a workspace; "
                                             "nothing was written")
            gitignore = self.folder / ".gitignore"
            if not gitignore.exists():
                write_atomic(gitignore, GITIGNORE.encode())
            if source is not None:
                for name in EXAMPLE_FILES:
                    write_atomic(self.folder / name, (source / name).read_bytes())
                return self._reconcile()[0]
            return self._create(workspace or Workspace(), who, via)

    def _untouched(self) -> bool:
        """An empty workspace that nobody has written to (lock held)."""
        try:
            return self._history_size() == 0 and self._reconcile()[0] == Workspace()
        except WorkspaceError:
            return False

    def load(self) -> Workspace:
        """The current state; a hand edit is checked and recorded first."""
        meta, data = self._read_meta(), self._read_workspace()
        if self._settled(meta, data):
            assert meta is not None
            return self._parse(data, meta.sha256)
        with self._locked():
            return self._reconcile()[0]

    def revision(self) -> int:
        """The current revision, cheaply: two small reads while nothing changed."""
        meta = self._read_meta()
        try:
            stat = os.stat(self.workspace_file)
        except FileNotFoundError:
            raise self._missing() from None
        if meta is not None and (stat.st_size, stat.st_mtime_ns) == (meta.size, meta.mtime_ns):
            return meta.revision
        return self.load().revision

    def apply(self, expected_revision: int, change_fn: ChangeFn, who: str,
              via: Interface) -> Workspace:
        """Apply a change to the revision the caller read, or raise ConflictError saying what
        changed since; `change_fn(workspace)` returns the new workspace and its changes. A
        change function that raises, or returns no changes, leaves every file as it was.

        When others wrote since `expected_revision`, the change is applied to the current state
        only if none of their changes touched what it touches (the same decision point, aspect,
        question or milestone) and none came from a hand edit: ten people deciding different
        points in a workshop do not refuse each other, while two people on the same point do."""
        with self._locked():
            remove_temp_files(self.folder)
            current, meta = self._reconcile()
            written = self._written_since(expected_revision, current, meta)
            try:
                changed, changes = change_fn(current)
            except SkeletonError:
                if written is None:
                    raise
                message = _conflict(expected_revision, current, written)
                raise ConflictError(message=message) from None
            if written is not None and _overlaps(
                    changes, _complete(written, expected_revision, current.revision)):
                raise ConflictError(message=_conflict(expected_revision, current, written))
            if not changes:
                return current
            if apply_changes(current, changes) != changed:
                raise ValueError("the change function's workspace does not match its changes")
            new = changed.model_copy(update={"revision": current.revision + 1})
            events = stamp(changes, first_seq=meta.seq + 1, at=self._clock(), who=who, via=via,
                           revision=new.revision)
            self._commit(new, events, meta.seq, (meta.sha256, meta.history_bytes))
            return new

    def history(self, aspect: str | None = None) -> list[Event]:
        """Every event of the workspace, oldest first, or those about one aspect."""
        meta, data = self._read_meta(), self._read_workspace()
        if meta is None or not self._settled(meta, data):
            with self._locked():
                meta = self._reconcile()[1]
        return events_for(self._events(meta.history_bytes), aspect)

    # -- reading ---------------------------------------------------------------------------------
    def _missing(self) -> WorkspaceError:
        return WorkspaceError(message=f"no workspace in {self.folder}: {WORKSPACE_FILE} is "
                                      "missing (create one with `skeleton init`)")

    def _read_workspace(self) -> bytes:
        try:
            return self.workspace_file.read_bytes()
        except FileNotFoundError:
            raise self._missing() from None
        except OSError as exc:
            raise WorkspaceError(message=f"cannot read {self.workspace_file}: "
                                         f"{exc.strerror}") from None

    def _parse(self, data: bytes, digest: str) -> Workspace:
        """The workspace in `data`; the last one parsed is kept, since most reads repeat it."""
        if self._parsed is None or self._parsed[0] != digest:
            self._parsed = (digest, parse_workspace(data, str(self.workspace_file)))
        return self._parsed[1]

    def _read_meta(self) -> _Meta | None:
        try:
            return _Meta(**json.loads(self.meta_file.read_bytes()))
        except (OSError, ValueError, TypeError):
            return None

    def _events(self, limit: int | None = None) -> list[Event]:
        return parse_history(read_history_bytes(self.history_file, limit),
                             str(self.history_file))

    # -- reconciling the folder (lock held) ------------------------------------------------------
    def _reconcile(self) -> tuple[Workspace, _Meta]:
        """The current state and meta, after undoing a write that died before its commit
        point and recording a hand edit."""
        meta, data = self._read_meta(), self._read_workspace()
        digest = _digest(data)
        if meta is not None and self._history_size() < meta.history_bytes:
            meta = None  # the history lost lines: rebuild the record from the file as it is
        if meta is not None and digest == meta.sha256:
            truncate_durably(self.history_file, meta.history_bytes)
            return self._parse(data, digest), self._refresh(meta, data)
        if meta is not None and digest == meta.previous_sha256:
            truncate_durably(self.history_file, meta.previous_history_bytes or 0)
        return self._adopt(data)

    def _settled(self, meta: _Meta | None, data: bytes) -> bool:
        """Whether `data` is what the store last wrote, with its whole history."""
        return meta is not None and _digest(data) == meta.sha256 and \
            self._history_size() >= meta.history_bytes

    def _history_size(self) -> int:
        try:
            return os.stat(self.history_file).st_size
        except FileNotFoundError:
            return 0

    def _refresh(self, meta: _Meta, data: bytes) -> _Meta:
        """Bring the stat in the meta file and the last-good copy up to date."""
        stat = os.stat(self.workspace_file)
        if (stat.st_size, stat.st_mtime_ns) != (meta.size, meta.mtime_ns):
            meta = _Meta(**{**asdict(meta), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns})
            write_atomic(self.meta_file, json.dumps(asdict(meta)).encode())
        if not self.last_good_file.is_file() or self.last_good_file.read_bytes() != data:
            write_atomic(self.last_good_file, data)
        return meta

    def _adopt(self, data: bytes) -> tuple[Workspace, _Meta]:
        """Take workspace.yaml as it is: record how it differs from the history's state."""
        edited = self._parse_edit(data)
        history_bytes = read_history_bytes(self.history_file)
        truncate_durably(self.history_file, len(history_bytes))
        events = parse_history(history_bytes, str(self.history_file))
        reference = self._replay(events)
        changes = diff_workspaces(reference, edited)
        seq = events[-1].seq if events else 0
        previous = (_digest(data), len(history_bytes))
        if not changes and edited.revision == reference.revision:
            return edited, self._commit(edited, [], seq, previous, written=data)
        revision = max(reference.revision, edited.revision) + 1 if changes else reference.revision
        state = edited.model_copy(update={"revision": revision})
        new_events = stamp(changes, first_seq=seq + 1, at=self._clock(), who=EXTERNAL_AUTHOR,
                           via="external", revision=revision)
        return state, self._commit(state, new_events, seq, previous)

    def _parse_edit(self, data: bytes) -> Workspace:
        try:
            return parse_workspace(data, str(self.workspace_file))
        except WorkspaceError as exc:
            shown = "; ".join(str(p) for p in exc.problems[:3])
            more = len(exc.problems) - 3
            if more > 0:
                shown += f"; and {more} more problem{'s' if more > 1 else ''}"
            keep = (f"the last good state is kept in {self.last_good_file} (copy it back to "
                    "undo the edit)" if self.last_good_file.is_file() else "fix the file")
            raise WorkspaceError(exc.problems, f"{shown}; {keep}; nothing was written") from None

    def _replay(self, events: list[Event]) -> Workspace:
        try:
            return Workspace.model_validate(replay(events).model_dump())
        except (KeyError, TypeError, ValueError) as exc:
            problem = Problem(str(self.history_file), None, None, "",
                              f"the history cannot be replayed: {exc}".splitlines()[0])
            raise WorkspaceError([problem]) from None

    # -- writing (lock held) ---------------------------------------------------------------------
    def _create(self, workspace: Workspace, who: str, via: Interface) -> Workspace:
        changes = diff_workspaces(Workspace(), workspace)
        state = workspace.model_copy(update={"revision": 1 if changes else 0})
        events = stamp(changes, first_seq=1, at=self._clock(), who=who, via=via, revision=1)
        self._commit(state, events, 0, (None, 0))
        return state

    def _commit(self, state: Workspace, events: list[Event], seq: int,
                previous: tuple[str | None, int], written: bytes | None = None) -> _Meta:
        """Append the events, note the new state in the meta file, rename workspace.yaml into
        place (the commit point), refresh the last-good copy. `written` is a workspace.yaml
        that is already in place and only needs its bookkeeping."""
        lines = b"".join(event.model_dump_json().encode() + b"\n" for event in events)
        history_bytes = append_durably(self.history_file, lines)
        data = written if written is not None else dump_workspace(state).encode()
        temp, stat = (None, os.stat(self.workspace_file)) if written is not None \
            else stage(self.workspace_file, data)
        meta = _Meta(revision=state.revision, sha256=_digest(data), history_bytes=history_bytes,
                     seq=events[-1].seq if events else seq, size=stat.st_size,
                     mtime_ns=stat.st_mtime_ns, previous_sha256=previous[0],
                     previous_history_bytes=previous[1])
        write_atomic(self.meta_file, json.dumps(asdict(meta)).encode())
        if temp is not None:
            publish(temp, self.workspace_file)
        write_atomic(self.last_good_file, data)
        self._parsed = (meta.sha256, state)
        return meta

    def _written_since(self, expected: int, current: Workspace,
                       meta: _Meta) -> list[Event] | None:
        """The events written after `expected`; None when the caller's view is current, []
        when it is from the future."""
        if current.revision == expected:
            return None
        if expected > current.revision:
            return []
        return [e for e in self._events(meta.history_bytes) if e.revision > expected]

    def _locked(self) -> FolderLock:
        if not self.folder.is_dir():
            raise self._missing()
        return FolderLock(self._lock, self.folder)
