"""`skeleton plan`: options, one-line errors, formats, and identical JSON for a fixed seed."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import ui.commands.plan as plan_command
from decisions.workspace import Workspace
from tests.decisions.plan_kb import plan_kb, plan_workspace
from ui.cli import main


@pytest.fixture
def fixed(monkeypatch):
    """The command reads the fixed plan workspace instead of a folder."""
    monkeypatch.setattr(plan_command, "open_workspace",
                        lambda args: (plan_kb(), plan_workspace(), None))
    monkeypatch.setattr(plan_command, "today", lambda: dt.date(2026, 1, 7))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["plan", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("argv", "message"), [
    (["--team", "0"], "--team must be at least 1, not 0"),
    (["--team", "x"], "skeleton plan: argument --team: invalid int value: 'x'"),
    (["--start", "2026-13-01"], "--start must be a date as YYYY-MM-DD, not '2026-13-01'"),
    (["--start", "20260105"], "--start must be a date as YYYY-MM-DD, not '20260105'"),
    (["--target", "next week"], "--target must be a date as YYYY-MM-DD, not 'next week'"),
    (["--trials", "999"], "--trials must be between 1,000 and 1,000,000, not 999"),
    (["--trials", "1000001"], "--trials must be between 1,000 and 1,000,000, not 1,000,001"),
    (["--seed", "-1"], "--seed must be 0 or more, not -1"),
    (["--start", "2026-02-02", "--target", "2026-01-30"],
     "--target 2026-01-30 is before --start 2026-02-02"),
    (["--target", "2026-01-09"], "--target 2026-01-09 is before the start, 2026-01-12"),
])
def test_bad_values_are_refused_in_one_line(fixed, capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (1, "", f"error: {message}\n")


def test_json_is_identical_for_a_fixed_seed_and_start(fixed, capsys):
    argv = ["--format", "json", "--start", "2026-01-05", "--seed", "3", "--target", "2026-03-02"]
    first, second = run(capsys, *argv), run(capsys, *argv)
    assert first == second and first[0] == 0
    data = json.loads(first[1])
    assert list(data) == ["team", "start_date", "duration_days", "critical_path", "tasks",
                          "forecast"]
    assert data["team"] == 2 and data["start_date"] == "2026-01-05"
    assert data["forecast"]["seed"] == 3 and data["forecast"]["p_target"] == 1.0


def test_the_default_start_is_next_monday_and_the_team_can_be_overridden(fixed, capsys):
    code, out, _ = run(capsys, "--format", "json", "--team", "3", "--trials", "1000")
    data = json.loads(out)
    assert (code, data["start_date"], data["team"]) == (0, "2026-01-12", 3)
    assert data["forecast"]["trials"] == 1000


@pytest.mark.parametrize(("form", "first_line"), [
    ("csv", "id,title,category,engineer,start,end,effort,critical"),
    ("md", "# Acme: billing platform - Walking skeleton plan"),
    ("mermaid", "gantt"),
    ("tjp", 'project skeleton "Acme: billing platform" 2026-01-05 - 2026-05-18 {'),
    ("table", "2 engineers from 2026-01-05: 29 working days (5.8 weeks), last day 2026-02-12"),
])
def test_every_format_prints(fixed, capsys, form, first_line):
    code, out, _ = run(capsys, "--format", form, "--start", "2026-01-05")
    assert code == 0 and out.splitlines()[0] == first_line


def test_the_table_marks_the_critical_path(fixed, capsys):
    _, out, _ = run(capsys, "--start", "2026-01-05", "--target", "2026-02-27")
    assert "Chance to finish by 2026-02-27: 100%" in out
    assert "  build-pipelines           2  2026-01-05  2026-01-12     6     5.6" in out
    assert "* rollouts                  1  2026-01-26  2026-02-04     8     7.1" in out
    assert out.rstrip().endswith("* on the critical path: certificate-management -> "
                                 "token-management -> authentication -> rollouts -> alerts -> "
                                 "error-budgets")


def test_output_goes_to_a_file(fixed, capsys, tmp_path):
    target = tmp_path / "plan.mmd"
    code, out, _ = run(capsys, "--format", "mermaid", "--start", "2026-01-05", "-o", str(target))
    assert (code, out) == (0, f"wrote {target}\n")
    assert target.read_text(encoding="utf-8").startswith("gantt\n")


def test_an_unwritable_output_is_one_line(fixed, capsys, tmp_path):
    code, out, err = run(capsys, "--format", "csv", "-o", str(tmp_path))
    assert (code, out) == (1, "")
    assert err == f"error: cannot write {tmp_path}: Is a directory\n"


def test_a_real_workspace_folder_is_planned(tiny_cli, store, capsys):
    argv = ["-w", str(store.folder), "--format", "json", "--start", "2026-01-05", "--seed", "1"]
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert run(capsys, *argv)[1] == out
    data = json.loads(out)
    assert data["critical_path"][0] == "certificates"
    assert {t["aspect"] for t in data["tasks"]} == {"certificates", "tokens", "tenant-isolation",
                                                     "logging"}


def test_nothing_left_says_so(monkeypatch, capsys):
    done = Workspace(progress={a: {"state": "done"} for a in plan_kb().aspects})
    monkeypatch.setattr(plan_command, "open_workspace", lambda args: (plan_kb(), done, None))
    code, out, _ = run(capsys, "--start", "2026-01-05")
    assert code == 0 and out.rstrip().endswith("Nothing is left to build.")
