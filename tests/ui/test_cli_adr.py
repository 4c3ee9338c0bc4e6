"""`skeleton adr export|import`: what they print, and what they write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ui.commands.common as common
from decisions.store import WorkspaceStore
from decisions.workspace import ImportedRecord
from knowledge.loader import load_knowledge
from tests.exporters.adrkb import adr_workspace, write_adr_base
from ui.cli import main

FILES = ["0001-certificate-management-managed-acme-issuer.md", "0002-token-management-rsa.md",
         "0003-logging-plain-text.md", "0004-token-management-eddsa-ed25519.md",
         "0005-logging-json-lines.md", "README.md"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace with the ADR tests' five decisions, on the ADR tests' own base."""
    base = write_adr_base(tmp_path / "base")

    def load(packs=(), base_folder=None, **options):  # noqa: ARG001 - the base is replaced
        return load_knowledge(packs, base, **options)

    monkeypatch.setattr(common, "load_knowledge", load)
    monkeypatch.setenv("SKELETON_USER", "Ana")
    WorkspaceStore(tmp_path / "ws").init(adr_workspace(), who="Ana")
    return tmp_path / "ws"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_says_what_it_wrote_then_that_nothing_changed(folder, tmp_path, capsys):
    out = tmp_path / "adr"
    code, printed, _ = run(capsys, "adr", "export", "-w", str(folder), "--out", str(out))
    assert (code, printed) == (0, "\n".join(
        [f"{out} (madr): 6 created", *(f"  created    {name}" for name in FILES)]) + "\n")
    code, printed, _ = run(capsys, "adr", "export", "-w", str(folder), "--out", str(out),
                           "--format", "nygard")
    assert printed.splitlines()[0] == f"{out} (nygard): 5 updated, 1 unchanged"
    assert sorted(p.name for p in out.iterdir()) == FILES


def test_export_refuses_an_unknown_format(folder, tmp_path, capsys):
    code, _, err = run(capsys, "adr", "export", "-w", str(folder), "--out", str(tmp_path),
                       "--format", "rst")
    assert code == 1
    # The list of choices is quoted differently across Python versions.
    assert err.startswith("error: skeleton adr export: argument --format: invalid choice: 'rst'")


def test_import_prints_each_adr_with_its_warnings(tmp_path, capsys):
    (tmp_path / "0001-use-adrs.md").write_text("# 1. Use ADRs\n\nDate: 2018-09-02\n\n## Status"
                                               "\n\nAccepted\n")
    (tmp_path / "0002-broken.md").write_bytes(b"")
    assert run(capsys, "adr", "import", str(tmp_path)) == (0, (
        "    1  accepted    2018-09-02  Use ADRs  (0001-use-adrs.md)\n"
        "    2  unknown     -           Broken  (0002-broken.md)\n"
        "       warning: the file is empty\n"
        "2 ADRs read, 1 with warnings\n"), "")


def test_import_json_lists_every_field(tmp_path, capsys):
    (tmp_path / "0001-use-adrs.md").write_text("# 1. Use ADRs\n\n## Status\n\nAccepted\n")
    code, printed, _ = run(capsys, "adr", "import", str(tmp_path), "--json")
    assert json.loads(printed) == [{
        "file": "0001-use-adrs.md", "number": 1, "title": "Use ADRs", "status": "accepted",
        "date": None, "superseded_by": None, "supersedes": [], "format": "nygard",
        "warnings": ["no date found; left empty"], "decision": None}]


def test_import_with_a_workspace_keeps_the_records_once(folder, tmp_path, capsys):
    out = tmp_path / "adr"
    run(capsys, "adr", "export", "-w", str(folder), "--out", str(out))
    (out / "0006-broken.md").write_bytes(b"\x00")
    code, printed, _ = run(capsys, "adr", "import", str(out), "-w", str(folder))
    assert printed.splitlines()[-1] == (
        "5 ADRs kept in the workspace (revision 2); 1 unreadable files skipped")
    imported = WorkspaceStore(folder).load().imported
    assert imported[1] == ImportedRecord(
        number=2, title="Token management: RSA", status="superseded",
        date=adr_workspace().decisions[1].date, file="0002-token-management-rsa.md",
        aspect="token-management")
    code, printed, _ = run(capsys, "adr", "import", str(out), "-w", str(folder))
    assert printed.splitlines()[-1] == (
        "the workspace already holds these ADRs (revision 2); 1 unreadable files skipped")


def test_import_of_a_missing_folder_is_one_line(tmp_path, capsys):
    assert run(capsys, "adr", "import", str(tmp_path / "nope")) == (
        1, "", f"error: {tmp_path / 'nope'}: not a folder\n")
