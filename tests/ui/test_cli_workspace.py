"""The workspace commands: what they print, and that a refused command changes no file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import ui.commands.common as common
from decisions.operations import set_scope
from decisions.store import WorkspaceStore
from tests.decisions.test_store import files
from ui.cli import main


@pytest.fixture
def folder(tmp_path, tiny_cli, monkeypatch):
    """An initialised workspace in tmp_path/ws, named by $SKELETON_WORKSPACE; the user is Ana."""
    monkeypatch.setenv("SKELETON_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.setenv("SKELETON_USER", "Ana")
    assert main(["init"]) == 0
    return tmp_path / "ws"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_creates_a_workspace_and_refuses_a_second_time(folder, capsys):
    capsys.readouterr()
    assert WorkspaceStore(folder).exists()
    assert run(capsys, "init") == (
        1, "", f"error: {folder} already holds a workspace; nothing was written\n")


def test_init_takes_the_folder_from_w_before_the_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SKELETON_WORKSPACE", str(tmp_path / "env"))
    assert run(capsys, "init", "-w", str(tmp_path / "flag")) == (
        0, f"created a workspace in {tmp_path / 'flag'}\n", "")
    assert not (tmp_path / "env").exists()


def test_init_defaults_to_a_workspace_folder_here(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SKELETON_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "init") == (0, "created a workspace in workspace\n", "")
    assert (tmp_path / "workspace" / "workspace.yaml").is_file()


def test_profile_prints_answers_and_defaults(folder, capsys):
    assert run(capsys, "profile", "market=both", "compliance=gdpr,soc2", "team-size=8") == (
        0, "profile market set to both (revision 1)\n"
           "profile compliance set to gdpr, soc2 (revision 1)\n"
           "profile team-size set to 8 (revision 1)\n", "")
    assert run(capsys, "profile", "compliance=")[1] == "profile compliance set to none " \
                                                       "(revision 2)\n"
    code, out, _ = run(capsys, "profile")
    assert out.splitlines()[:4] == ["market=both", "compliance=", "residency=single-jurisdiction"
                                    "  (default)", "team-size=8"]
    assert json.loads(run(capsys, "profile", "--json")[1])["compliance"] == []


def test_scope_in_out_and_back_to_the_profile(folder, capsys):
    assert run(capsys, "scope", "logging", "out", "--why", "later")[1] == \
        "logging put out of scope: later (revision 1)\n"
    assert run(capsys, "scope", "logging", "auto")[1] == \
        "logging scope override removed (back to what the profile says) (revision 2)\n"
    assert run(capsys, "scope", "logging", "auto")[1] == "nothing changed (revision 2)\n"


def test_decide_records_deciders_status_and_supersession(folder, capsys):
    assert run(capsys, "decide", "tokens.signing-algorithm=eddsa", "--why", "fast, small")[1] \
        == "tokens.signing-algorithm decided as eddsa (revision 1)\n"
    assert run(capsys, "decide", "tokens.signing-algorithm=rsa", "--by", "Ben, Cy")[1] == (
        "tokens.signing-algorithm: eddsa (#1) superseded, replaced with #2 (revision 2)\n"
        "tokens.signing-algorithm decided as rsa (revision 2)\n")
    assert run(capsys, "decide", "logging.format=text", "--status", "proposed")[1] == \
        "logging.format proposed as text (revision 3)\n"
    decisions = WorkspaceStore(folder).load().decisions
    assert [(d.option, d.status, d.deciders, d.rationale) for d in decisions] == [
        ("eddsa", "superseded", ["Ana"], "fast, small"), ("rsa", "accepted", ["Ben", "Cy"], ""),
        ("text", "proposed", ["Ana"], "")]
    assert [e.who for e in WorkspaceStore(folder).history()] == ["Ana", "Ben, Cy", "Ben, Cy",
                                                                "Ana"]


def test_who_falls_back_to_the_login_name(folder, capsys, monkeypatch):
    monkeypatch.delenv("SKELETON_USER")
    monkeypatch.setattr("getpass.getuser", lambda: "dana")
    run(capsys, "scope", "logging", "out", "--why", "later")
    assert WorkspaceStore(folder).history()[0].who == "dana"


def test_progress_moves_and_ticks(folder, capsys):
    assert run(capsys, "progress", "tokens", "in-progress", "--tick", "0", "--tick", "2")[1] == \
        "tokens moved to in-progress, ticked items 0, 2 (revision 1)\n"
    assert run(capsys, "progress", "tokens", "done", "--why", "the rest moved to v2")[1] == \
        "tokens moved to done, noted: the rest moved to v2 (revision 2)\n"


def test_milestone_take_list_and_compare(folder, capsys):
    run(capsys, "decide", "tokens.lifetime=short")
    assert run(capsys, "milestone", "kick-off")[1] == "milestone 'kick-off' taken (revision 2)\n"
    run(capsys, "decide", "tokens.lifetime=long")
    run(capsys, "decide", "logging.format=json")
    run(capsys, "progress", "logging", "done", "--tick", "0", "--tick", "1")
    run(capsys, "profile", "market=b2c")
    code, out, _ = run(capsys, "milestone")
    assert code == 0 and out.startswith("kick-off  taken ") and out.endswith(" at revision 1\n")
    lines = run(capsys, "milestone", "--compare", "kick-off")[1].splitlines()
    assert lines[1:] == [
        "  profile market: None -> b2c",
        "  left scope: tenant-isolation",
        "  + logging.format: json (accepted)",
        "  ~ tokens.lifetime: short (accepted) -> long (accepted)",
        "  logging: not-started -> done (0 -> 2 items ticked)"]
    assert lines[0].startswith("Since milestone 'kick-off' (")
    compared = json.loads(run(capsys, "milestone", "--compare", "kick-off", "--json")[1])
    assert compared["left_scope"] == ["tenant-isolation"]


def test_history_lists_events_as_text_and_json(folder, capsys):
    run(capsys, "scope", "logging", "out", "--why", "later")
    run(capsys, "decide", "tokens.lifetime=short")
    code, out, _ = run(capsys, "history")
    assert code == 0 and [re.sub(r"\d\d\d\d-\d\d-\d\d \d\d:\d\d", "WHEN", line)
                          for line in out.splitlines()] == [
        "   1  WHEN  r1    logging put out of scope: later by Ana via cli",
        "   2  WHEN  r2    tokens.lifetime decided as short by Ana via cli"]
    events = json.loads(run(capsys, "history", "tokens", "--json")[1])
    assert [(e["seq"], e["kind"], e["target"], e["who"], e["via"]) for e in events] == [
        (2, "decision", "tokens.lifetime", "Ana", "cli")]
    assert set(events[0]) == {"seq", "at", "who", "via", "revision", "kind", "target", "old",
                              "new"}


def test_status_sums_up_the_workspace(folder, capsys):
    run(capsys, "decide", "tokens.lifetime=short")
    run(capsys, "progress", "tokens", "in-progress", "--tick", "1")
    code, out, _ = run(capsys, "status")
    assert out.splitlines()[2:] == [
        "Profile: market=b2b, compliance=, residency=single-jurisdiction, team-size=5, "
        "seniority=senior, stage=post-pmf, funding=funded, scale=medium",
        "Scope: 4 aspects in scope, 0 out (must 2, should 1, could 1); 0 set by the team",
        "Decisions: 1 of 5 decision points decided (1 accepted, 0 proposed), 4 open",
        "  open: certificates.issuer, tokens.signing-algorithm, tenant-isolation.isolation, "
        "logging.format",
        "",
        "Progress by category:",
        "  Identity                             2 aspects: 1 not-started, 1 in-progress; "
        "1/7 items ticked",
        "  Tenancy                              1 aspect: 1 not-started; 0/3 items ticked",
        "  Observability                        1 aspect: 1 not-started; 0/2 items ticked"]
    status = json.loads(run(capsys, "status", "--json")[1])
    assert status["decisions"]["decided"] == ["tokens.lifetime"]
    assert status["progress"][0]["states"]["in-progress"] == 1


REFUSED = [
    (["profile", "market=b2x"], "'b2x' is not an answer to market (answers: b2b, b2c, both)"),
    (["profile", "market"], "expected key=value, not 'market'"),
    (["profile", "team-size=lots"], "team-size takes a whole number, not 'lots'"),
    (["scope", "logging", "out"], "putting logging out of scope needs a reason"),
    (["scope", "loging", "in", "--why", "x"], "unknown aspect 'loging' (did you mean "
                                              "'logging'?)"),
    (["scope", "logging", "maybe"], "skeleton scope: argument in|out|auto: invalid choice: "
                                    "'maybe' (choose from 'in', 'out', 'auto')"),
    (["decide", "tokens.lifetime"], "expected aspect.decision=option, not 'tokens.lifetime'"),
    (["decide", "tokens.lifetime=forever"], "decision point 'tokens.lifetime' has no option "
                                            "'forever' (options: short, long)"),
    (["progress", "tokens", "done"], "tokens cannot be done while checklist items 0, 1, 2, 3 "
                                     "are unticked; tick them or give a note saying why"),
    (["progress", "tokens", "in-progress", "--tick", "4"],
     "tokens has 4 checklist items, numbered 0 to 3; there is no item 4"),
    (["milestone", "--compare", "beta"], "no milestone named 'beta' (milestones: none yet)"),
    (["history", "nope"], "unknown aspect 'nope'"),
]


@pytest.mark.parametrize(("argv", "message"), REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_a_refused_command_prints_one_line_and_changes_no_file(folder, capsys, argv, message):
    run(capsys, "scope", "logging", "out", "--why", "later")
    before = files(folder)
    assert run(capsys, *argv) == (1, "", f"error: {message}\n")
    assert files(folder) == before


def test_a_stale_write_is_refused_and_changes_no_file(folder, capsys, monkeypatch, tiny_kb):
    opened = common.open_workspace

    def open_then_someone_else_writes(args):
        kb, workspace, store = opened(args)
        store.apply(workspace.revision, lambda w: set_scope(kb, w, "logging", False, "v2"),
                    "Ben", "web")
        before.update(files(folder))
        return kb, workspace, store

    before: dict[str, bytes] = {}
    monkeypatch.setattr(common, "open_workspace", open_then_someone_else_writes)
    assert run(capsys, "scope", "logging", "in", "--why", "now") == (
        1, "", "error: workspace changed since you read it (revision 0 -> 1: logging put out of "
               "scope: v2 by Ben); nothing was written\n")
    assert files(folder) == before


def test_an_invalid_workspace_is_refused_and_changes_no_file(folder, capsys):
    (folder / "workspace.yaml").write_text("version: 1\nrevision: [1\n")
    before = files(folder)
    code, out, err = run(capsys, "decide", "tokens.lifetime=short")
    assert (code, out) == (1, "")
    assert err == (f"error: {folder / 'workspace.yaml'}:3:1: invalid YAML: while parsing a flow "
                   f"sequence did not find expected ',' or ']'; the last good state is kept in "
                   f"{folder / '.workspace.last-good.yaml'} (copy it back to undo the edit); "
                   "nothing was written\n")
    assert files(folder) == before


def test_a_missing_workspace_is_one_line(tmp_path, capsys, tiny_cli):
    missing = Path(tmp_path / "none")
    assert run(capsys, "status", "-w", str(missing)) == (
        1, "", f"error: no workspace in {missing}: workspace.yaml is missing (create one with "
               "`skeleton init`)\n")
