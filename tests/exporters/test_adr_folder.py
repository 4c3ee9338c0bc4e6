"""Exporting into a real folder: .adr-dir, stable numbers beside foreign ADRs, supersession
across exports, unchanged files left alone, and nothing written outside the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporters.adr_folder import Written, adr_folder, export_to_folder, target_path
from knowledge.catalog import KnowledgeBase
from knowledge.errors import AdrError
from tests.exporters.adrkb import adr_workspace, decision, load_adr_base

FOREIGN = "# 1. Record architecture decisions\n\nDate: 2018-09-02\n\n## Status\n\nAccepted\n"
OURS = ["0001-certificate-management-managed-acme-issuer.md", "0002-token-management-rsa.md",
        "0003-logging-plain-text.md", "0004-token-management-eddsa-ed25519.md",
        "0005-logging-json-lines.md"]


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load_adr_base(tmp_path_factory.mktemp("adr-base"))


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir())}


def test_second_export_of_unchanged_decisions_touches_nothing(kb, tmp_path):
    first = export_to_folder(kb, adr_workspace(), tmp_path)
    assert first.written == tuple(Written(n, "created") for n in [*OURS, "README.md"])
    before = _snapshot(tmp_path)
    second = export_to_folder(kb, adr_workspace(), tmp_path)
    assert second.written == tuple(Written(n, "unchanged") for n in [*OURS, "README.md"])
    assert _snapshot(tmp_path) == before


def test_foreign_adrs_keep_their_numbers_and_bytes_and_join_the_index(kb, tmp_path):
    (tmp_path / "0001-record-architecture-decisions.md").write_text(FOREIGN)
    (tmp_path / "0003-use-kafka.md").write_bytes(b"\x00binary")
    (tmp_path / "20200926-use-slugs.md").write_text("# Use slugs\n\n- Status: accepted\n")
    before = _snapshot(tmp_path)
    result = export_to_folder(kb, adr_workspace(), tmp_path)
    assert [w.file for w in result.written] == [
        "0004-certificate-management-managed-acme-issuer.md", "0005-token-management-rsa.md",
        "0006-logging-plain-text.md", "0007-token-management-eddsa-ed25519.md",
        "0008-logging-json-lines.md", "README.md"]
    after = _snapshot(tmp_path)
    assert {name: after[name] for name in before} == before
    index = (tmp_path / "README.md").read_text().splitlines()
    assert index[6:9] == [
        "| 1 | [Record architecture decisions](0001-record-architecture-decisions.md) "
        "| accepted | 2018-09-02 |",
        "| 3 | [Use kafka](0003-use-kafka.md) | unknown |  |",
        "| 4 | [Certificate management: Managed ACME issuer]"
        "(0004-certificate-management-managed-acme-issuer.md) | accepted | 2026-03-02 |",
    ]
    assert index[-1] == "|  | [Use slugs](20200926-use-slugs.md) | accepted | 2020-09-26 |"


def test_a_changed_decision_supersedes_the_old_record_and_keeps_both(kb, tmp_path):
    first = decision(1, "token-management.signing-algorithm", "rsa", "accepted", 3)
    export_to_folder(kb, adr_workspace([first]), tmp_path)
    changed = adr_workspace([
        first.model_copy(update={"status": "superseded", "superseded_by": 2}),
        decision(2, "token-management.signing-algorithm", "eddsa", "accepted", 9,
                 supersedes=1)])
    result = export_to_folder(kb, changed, tmp_path)
    assert result.written == (Written("0001-token-management-rsa.md", "updated"),
                              Written("0002-token-management-eddsa-ed25519.md", "created"),
                              Written("README.md", "updated"))
    old = (tmp_path / "0001-token-management-rsa.md").read_text()
    new = (tmp_path / "0002-token-management-eddsa-ed25519.md").read_text()
    assert 'status: "superseded by ADR-0002"' in old.splitlines()
    assert ("Superseded by [ADR-0002: Token management: EdDSA (Ed25519)]"
            "(0002-token-management-eddsa-ed25519.md).") in old.splitlines()
    assert ("Supersedes [ADR-0001: Token management: RSA](0001-token-management-rsa.md)."
            in new.splitlines())


def test_switching_layout_rewrites_the_same_numbers(kb, tmp_path):
    export_to_folder(kb, adr_workspace(), tmp_path, "madr")
    result = export_to_folder(kb, adr_workspace(), tmp_path, "nygard")
    assert [(w.file, w.action) for w in result.written] == [
        *((name, "updated") for name in OURS), ("README.md", "unchanged")]
    assert (tmp_path / OURS[1]).read_text().startswith("# 2. Token management: RSA\n")


def test_adr_dir_names_the_folder_inside_the_given_one(kb, tmp_path):
    (tmp_path / ".adr-dir").write_text("doc/architecture/decisions\n")
    result = export_to_folder(kb, adr_workspace(), tmp_path)
    assert result.folder == tmp_path / "doc/architecture/decisions"
    assert sorted(p.name for p in result.folder.iterdir()) == [*OURS, "README.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".adr-dir", "doc"]


@pytest.mark.parametrize(("pointer", "message"), [
    ("../elsewhere\n", "{pointer}: '../elsewhere' is outside {out}; name a folder inside it"),
    ("/etc\n", "{pointer}: '/etc' is outside {out}; name a folder inside it"),
    ("\n", "{pointer}: the first line should name the ADR folder, relative to {out}"),
])
def test_adr_dir_pointing_outside_is_refused(tmp_path, pointer, message):
    (tmp_path / ".adr-dir").write_text(pointer)
    with pytest.raises(AdrError) as caught:
        adr_folder(tmp_path)
    assert str(caught.value) == message.format(pointer=tmp_path / ".adr-dir", out=tmp_path)


def test_a_readme_the_export_did_not_write_is_kept(kb, tmp_path):
    (tmp_path / "README.md").write_text("# Our decisions\n\nHand-written.\n")
    result = export_to_folder(kb, adr_workspace(), tmp_path)
    assert result.written[-1] == Written("README.md", "kept")
    assert result.warnings == (f"{tmp_path / 'README.md'} was not written by this tool; it was "
                               "left as it is and the index was not written",)
    assert (tmp_path / "README.md").read_text() == "# Our decisions\n\nHand-written.\n"


def test_a_renamed_export_is_reported_and_keeps_its_number(kb, tmp_path):
    export_to_folder(kb, adr_workspace(), tmp_path)
    (tmp_path / OURS[0]).rename(tmp_path / "ADR001-certs.md")
    result = export_to_folder(kb, adr_workspace(), tmp_path)
    assert result.written[0] == Written(OURS[0], "created")
    assert result.warnings == (
        f"ADR001-certs.md records decision certificate-management.issuer#1 under a name the "
        f"export does not write; it now goes to {OURS[0]}, remove the old file",)


@pytest.mark.parametrize("name", [
    "../0001-x.md", "sub/0001-x.md", "0001-x.md\x00", ".0001-x.md", "0001-X.md", "0001-x.txt",
    "/etc/passwd", "..", "README.md/..",
])
def test_only_adr_names_inside_the_folder_are_written(tmp_path, name):
    with pytest.raises(AdrError) as caught:
        target_path(tmp_path, name)
    assert str(caught.value) == f"refusing to write {name!r}: not an ADR file name"


def test_a_symbolic_link_in_the_folder_is_replaced_not_followed(kb, tmp_path):
    folder = tmp_path / "adr"
    export_to_folder(kb, adr_workspace(), folder)
    outside = tmp_path / "outside.md"
    (folder / OURS[0]).rename(outside)
    (folder / OURS[0]).symlink_to(outside)
    before = outside.read_bytes()
    result = export_to_folder(kb, adr_workspace(), folder)
    assert result.written[0] == Written(OURS[0], "updated")
    assert not (folder / OURS[0]).is_symlink()
    assert (folder / OURS[0]).read_bytes() == before == outside.read_bytes()


def test_writes_leave_no_temporary_files(kb, tmp_path):
    export_to_folder(kb, adr_workspace(), tmp_path)
    export_to_folder(kb, adr_workspace([]), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [*OURS, "README.md"]
