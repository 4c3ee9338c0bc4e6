"""The workspace store: files, revisions, conflicts, hand edits, crashes, stale ids."""

from __future__ import annotations

import json
from pathlib import Path

import filelock
import pytest
from hypothesis import HealthCheck, given, settings

import decisions.store as store_module
from decisions.history import replay
from decisions.historyfile import read_history_bytes
from decisions.operations import decide, set_profile, set_progress, set_scope
from decisions.store import WorkspaceStore
from decisions.workspace import Decision, Progress, Workspace
from knowledge.errors import ConflictError, UsageError, WorkspaceError
from tests.conftest import Clock
from tests.decisions.opsequences import apply_operation, operation_lists


def files(folder: Path) -> dict[str, bytes]:
    """Every file of the folder but the lock, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and p.name != ".workspace.lock"}


def scope_out(kb, aspect="logging", reason="later"):
    return lambda w: set_scope(kb, w, aspect, False, reason)


# -- init ----------------------------------------------------------------------------------------

def test_init_creates_the_files_of_an_empty_workspace(tmp_path):
    store = WorkspaceStore(tmp_path / "ws")
    assert not store.exists()
    workspace = store.init()
    assert store.exists() and workspace == Workspace()
    assert sorted(files(store.folder)) == [".gitignore", ".workspace.last-good.yaml",
                                           ".workspace.meta.json", "history.jsonl",
                                           "workspace.yaml"]
    assert store.history() == [] and store.load() == Workspace()
    assert (store.folder / ".gitignore").read_text().splitlines()[1:] == [".workspace.*", "*.tmp"]


def test_init_refuses_a_folder_that_holds_a_workspace(store):
    before = files(store.folder)
    with pytest.raises(WorkspaceError) as refused:
        store.init(Workspace(name="other"))
    assert str(refused.value) == f"{store.folder} already holds a workspace; nothing was written"
    assert files(store.folder) == before


def test_init_with_a_workspace_records_it_in_the_history(tmp_path, clock):
    store = WorkspaceStore(tmp_path / "ws", clock=clock)
    workspace = store.init(Workspace(name="Acme", profile={"market": "b2c"}), who="Ana")
    assert workspace.revision == 1
    assert [(e.kind, e.target, e.new, e.who) for e in store.history()] == [
        ("replace", "name", "Acme", "Ana"), ("profile", "market", "b2c", "Ana")]
    assert replay(store.history()) == store.load() == workspace


def test_init_with_an_unknown_example_creates_nothing(tmp_path):
    store = WorkspaceStore(tmp_path / "ws")
    with pytest.raises(UsageError, match=r"^unknown example 'nope' \(examples: "):
        store.init(example="nope")
    assert not store.folder.exists()


def test_a_missing_workspace_is_reported_by_every_reader(tmp_path):
    store = WorkspaceStore(tmp_path / "nowhere")
    message = (f"no workspace in {store.folder}: workspace.yaml is missing (create one with "
               "`skeleton init`)")
    for call in (store.load, store.revision, store.history,
                 lambda: store.apply(0, lambda w: (w, []), "Ana", "cli")):
        with pytest.raises(WorkspaceError) as refused:
            call()
        assert str(refused.value) == message
    assert not store.folder.exists()


# -- writes --------------------------------------------------------------------------------------

def test_apply_writes_the_change_and_its_events(store, tiny_kb):
    written = store.apply(0, scope_out(tiny_kb), "Ana", "web")
    assert written.revision == 1 and store.revision() == 1
    assert WorkspaceStore(store.folder).load() == written
    (event,) = store.history()
    assert (event.seq, event.revision, event.who, event.via, event.kind, event.target) == (
        1, 1, "Ana", "web", "scope", "logging")
    assert event.at.isoformat() == "2026-09-01T09:01:00+00:00"


def test_a_stale_write_raises_a_conflict_that_says_what_changed(store, tiny_kb):
    store.apply(0, lambda w: decide(tiny_kb, w, "tokens.signing-algorithm", "eddsa"), "Ana", "cli")
    store.apply(1, lambda w: set_progress(tiny_kb, w, "tokens", "in-progress"), "Ben", "web")
    before = files(store.folder)
    with pytest.raises(ConflictError) as refused:
        store.apply(0, scope_out(tiny_kb, "tokens"), "Cy", "cli")
    assert str(refused.value) == (
        "workspace changed since you read it (revision 0 -> 2: tokens.signing-algorithm decided "
        "as eddsa by Ana; tokens moved to in-progress by Ben); nothing was written")
    assert files(store.folder) == before


def test_an_untouched_empty_workspace_can_be_replaced_by_the_example(store):
    started = store.init(example="acme-analytics", over_untouched=True)
    assert started.decisions and store.history()


def test_a_touched_workspace_is_never_replaced(store, tiny_kb):
    store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    before = files(store.folder)
    with pytest.raises(WorkspaceError, match="already holds a workspace"):
        store.init(example="acme-analytics", over_untouched=True)
    assert files(store.folder) == before


def test_a_stale_write_to_something_nobody_touched_since_lands_on_the_current_state(
        store, tiny_kb):
    store.apply(0, lambda w: decide(tiny_kb, w, "tokens.signing-algorithm", "eddsa"), "Ana", "cli")
    merged = store.apply(0, scope_out(tiny_kb), "Cy", "web")
    assert merged.revision == 2
    assert merged.current("tokens.signing-algorithm").option == "eddsa"
    assert merged.scope["logging"].in_scope is False
    assert [(e.revision, e.who, e.target) for e in store.history()] == [
        (1, "Ana", "tokens.signing-algorithm"), (2, "Cy", "logging")]


def test_a_stale_write_after_a_hand_edit_is_refused(store, tiny_kb):
    store.apply(0, lambda w: decide(tiny_kb, w, "tokens.signing-algorithm", "eddsa"), "Ana", "cli")
    text = store.workspace_file.read_text().replace("name: ''", "name: Edited by hand")
    store.workspace_file.write_text(text)
    assert store.load().name == "Edited by hand"
    with pytest.raises(ConflictError):
        store.apply(1, scope_out(tiny_kb), "Cy", "cli")


def test_a_conflict_lists_at_most_three_changes(store, tiny_kb):
    for revision, aspect in enumerate(["logging", "tokens", "certificates", "tenant-isolation"]):
        store.apply(revision, scope_out(tiny_kb, aspect), "Ana", "cli")
    with pytest.raises(ConflictError) as refused:
        store.apply(0, scope_out(tiny_kb, "tenant-isolation", reason="x"), "Cy", "cli")
    assert str(refused.value) == (
        "workspace changed since you read it (revision 0 -> 4: logging put out of scope: later "
        "by Ana; tokens put out of scope: later by Ana; certificates put out of scope: later by "
        "Ana; and 1 more change); nothing was written")


def test_a_refused_change_writes_nothing(store, tiny_kb):
    store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    before = files(store.folder)
    with pytest.raises(UsageError):
        store.apply(1, lambda w: set_profile(tiny_kb, w, {"market": "b2x"}), "Ana", "cli")
    assert store.apply(1, scope_out(tiny_kb), "Ana", "cli").revision == 1
    assert files(store.folder) == before


def test_a_change_function_must_return_the_state_its_changes_produce(store, tiny_kb):
    def lying(workspace):
        _, changes = set_scope(tiny_kb, workspace, "logging", False, "later")
        return workspace, changes

    with pytest.raises(ValueError, match="does not match its changes"):
        store.apply(0, lying, "Ana", "cli")


def test_a_busy_workspace_times_out_with_a_clear_message(tmp_path, tiny_kb):
    store = WorkspaceStore(tmp_path / "ws", lock_timeout=0.05)
    store.init()
    with filelock.FileLock(str(store.folder / ".workspace.lock")), \
            pytest.raises(WorkspaceError) as refused:
        store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    assert str(refused.value) == (f"{store.folder} is busy: another writer has held its lock "
                                  "for 0.05 s; nothing was written")


def test_revision_does_not_parse_the_workspace_while_nothing_changed(store, tiny_kb, monkeypatch):
    store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    monkeypatch.setattr(store_module, "parse_workspace", _never)
    assert store.revision() == 1


def _never(*args):
    raise AssertionError("parsed the workspace")


def test_history_of_one_aspect(store, tiny_kb):
    store.apply(0, scope_out(tiny_kb, "logging"), "Ana", "cli")
    store.apply(1, scope_out(tiny_kb, "tokens"), "Ana", "cli")
    store.apply(2, lambda w: decide(tiny_kb, w, "tokens.lifetime", "short"), "Ana", "cli")
    assert [e.target for e in store.history("tokens")] == ["tokens", "tokens.lifetime"]


# -- hand edits ----------------------------------------------------------------------------------

def test_a_valid_hand_edit_is_accepted_and_recorded_as_external(store, tiny_kb):
    store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    path = store.workspace_file
    path.write_text(path.read_text().replace("reason: later", "reason: next quarter")
                    .replace("profile: {}", "profile:\n  market: b2c"))
    assert store.revision() == 2
    workspace = store.load()
    assert (workspace.revision, workspace.profile, workspace.scope["logging"].reason) == (
        2, {"market": "b2c"}, "next quarter")
    external = [e for e in store.history() if e.via == "external"]
    assert [(e.kind, e.target, e.old, e.new, e.who, e.revision) for e in external] == [
        ("profile", "market", None, "b2c", "unknown", 2),
        ("scope", "logging", {"in_scope": False, "reason": "later"},
         {"in_scope": False, "reason": "next quarter"}, "unknown", 2)]
    assert replay(store.history()) == workspace


def test_a_write_after_a_hand_edit_conflicts_with_the_revision_read_before_it(store, tiny_kb):
    path = store.workspace_file
    path.write_text(path.read_text().replace("name: ''", "name: Acme"))
    with pytest.raises(ConflictError) as refused:
        store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    assert str(refused.value) == ("workspace changed since you read it (revision 0 -> 1: "
                                  "workspace renamed to 'Acme' by unknown (hand edit)); "
                                  "nothing was written")


def test_a_hand_edit_that_changes_only_the_layout_is_kept_without_events(store, tiny_kb):
    store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    edited = "# our plan\n" + store.workspace_file.read_text()
    store.workspace_file.write_text(edited)
    assert store.load().revision == 1
    assert len(store.history()) == 1
    assert store.workspace_file.read_text() == edited


def test_an_invalid_hand_edit_is_refused_and_the_last_good_state_kept(store, tiny_kb):
    good = store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    broken = store.workspace_file.read_text().replace("in_scope: false", "in_scope: perhaps")
    store.workspace_file.write_text(broken)
    before = files(store.folder)
    for call in (store.load, store.revision, store.history,
                 lambda: store.apply(1, scope_out(tiny_kb, "tokens"), "Ana", "cli")):
        with pytest.raises(WorkspaceError) as refused:
            call()
        assert str(refused.value) == (
            f"{store.workspace_file}:10:15: scope.logging.in_scope: Input should be a valid "
            f"boolean, unable to interpret input; the last good state is kept in "
            f"{store.last_good_file} (copy it back to undo the edit); nothing was written")
    assert files(store.folder) == before
    store.workspace_file.write_bytes(store.last_good_file.read_bytes())
    assert store.load() == good


def test_a_workspace_without_bookkeeping_is_adopted_from_its_history(store, tiny_kb):
    written = store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    (store.folder / ".workspace.meta.json").unlink()
    (store.folder / ".workspace.last-good.yaml").unlink()
    fresh = WorkspaceStore(store.folder)
    assert fresh.revision() == 1 and fresh.load() == written
    assert len(fresh.history()) == 1
    assert fresh.apply(1, scope_out(tiny_kb, "tokens"), "Ana", "cli").revision == 2


def test_a_hand_edited_workspace_without_bookkeeping_records_the_edit(store, tiny_kb):
    store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    (store.folder / ".workspace.meta.json").unlink()
    path = store.workspace_file
    path.write_text(path.read_text().replace("reason: later", "reason: in Q3"))
    workspace = store.load()
    assert workspace.revision == 2
    assert [(e.via, e.revision) for e in store.history()] == [("cli", 1), ("external", 2)]


def test_a_corrupt_history_line_is_reported_with_its_line(store, tiny_kb):
    store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    (store.folder / ".workspace.meta.json").unlink()
    with store.history_file.open("ab") as history:
        history.write(b'{"seq": "x"}\n')
    with pytest.raises(WorkspaceError) as refused:
        store.load()
    assert str(refused.value) == (f"{store.history_file}:2: not a history event: seq: Input "
                                  "should be a valid integer, unable to parse string as an "
                                  "integer")


# -- crashes -------------------------------------------------------------------------------------

class Crash(Exception):
    """Stands for the process dying at one step of a write."""


STEPS = ["append_durably", "stage", "write_atomic", "publish"]


@pytest.mark.parametrize("after", [False, True], ids=["before", "after"])
@pytest.mark.parametrize("step", STEPS)
def test_a_write_interrupted_at_any_step_leaves_the_old_or_the_new_state(
        store, tiny_kb, monkeypatch, step, after):
    old = store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    original = getattr(store_module, step)

    def dying(*args, **kwargs):
        if after:
            original(*args, **kwargs)
        raise Crash(step)

    monkeypatch.setattr(store_module, step, dying)
    with pytest.raises(Crash):
        store.apply(1, scope_out(tiny_kb, "tokens"), "Ana", "cli")
    monkeypatch.undo()
    fresh = WorkspaceStore(store.folder)
    state = fresh.load()
    assert state.revision in (1, 2)
    assert state in (old, old.model_copy(update={"revision": 2, "scope": {
        **old.scope, "tokens": state.scope.get("tokens")}}))
    assert replay(fresh.history()) == state
    again = fresh.apply(state.revision, scope_out(tiny_kb, "certificates"), "Ana", "cli")
    assert replay(fresh.history()) == again == fresh.load()
    assert [e.seq for e in fresh.history()] == list(range(1, len(fresh.history()) + 1))
    assert not list(store.folder.glob("*.tmp")) and not list(store.folder.glob(".*.tmp"))


def test_a_torn_history_line_is_cut_off(store, tiny_kb):
    store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    with store.history_file.open("ab") as history:
        history.write(b'{"seq": 2, "at": "2026-')
    assert len(store.history()) == 1
    store.apply(1, scope_out(tiny_kb, "tokens"), "Ana", "cli")
    assert [json.loads(line)["seq"] for line in store.history_file.read_text().splitlines()] \
        == [1, 2]


# -- stale ids -----------------------------------------------------------------------------------

def test_ids_the_knowledge_base_no_longer_has_are_kept(tmp_path, tiny_kb):
    store = WorkspaceStore(tmp_path / "ws")
    stale = Workspace(decisions=[Decision(id=1, point="sessions.storage", option="redis",
                                          date="2026-09-01")],
                      progress={"sessions": Progress(state="done", note="old")})
    store.init(stale)
    written = store.apply(1, scope_out(tiny_kb), "Ana", "cli")
    assert written.decisions == stale.decisions and written.progress == stale.progress
    assert "sessions.storage" in store.workspace_file.read_text()


# -- any sequence of operations ------------------------------------------------------------------

@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operation_lists)
def test_any_sequence_of_operations_survives_save_and_load(tmp_path_factory, tiny_kb, ops):
    store = WorkspaceStore(tmp_path_factory.mktemp("ws"), clock=Clock())
    expected = store.init()
    for op in ops:
        try:
            expected = store.apply(expected.revision, lambda w, op=op: apply_operation(
                tiny_kb, w, op, store._clock()), "Ana", "cli")
        except UsageError:
            continue
    assert WorkspaceStore(store.folder).load() == expected
    assert replay(store.history()) == expected


def test_a_history_that_lost_lines_is_rebuilt_from_the_file(store, tiny_kb):
    store.apply(0, scope_out(tiny_kb), "Ana", "cli")
    store.history_file.write_bytes(b"")
    workspace = store.load()
    assert workspace.revision == 2
    assert [(e.via, e.kind, e.target) for e in store.history()] == [
        ("external", "scope", "logging")]
    assert replay(store.history()) == workspace


def test_a_conflict_reads_the_history_once(store, tiny_kb, monkeypatch):
    store.apply(0, scope_out(tiny_kb, "tokens"), "Ana", "cli")
    reads = []

    def counting(*args):
        reads.append(args)
        return read_history_bytes(*args)

    monkeypatch.setattr(store_module, "read_history_bytes", counting)
    with pytest.raises(ConflictError):
        store.apply(0, scope_out(tiny_kb, "tokens", reason="now"), "Cy", "cli")
    assert len(reads) == 1
