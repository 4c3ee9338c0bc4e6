"""Atomic writes: whole files, usual permissions, no temporary file left behind."""

from __future__ import annotations

import os

import pytest

from decisions.atomic import (
    append_durably,
    remove_temp_files,
    stage,
    truncate_durably,
    write_atomic,
)


def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "workspace.yaml"
    target.write_text("old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["workspace.yaml"]


def test_written_files_get_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "f", b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "f").stat().st_mode & 0o777 == 0o644


def test_a_failed_write_removes_its_temporary_and_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "f"
    target.write_bytes(b"old")

    def refuse(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["f"]


def test_append_and_truncate(tmp_path):
    target = tmp_path / "history.jsonl"
    assert append_durably(target, b"one\n") == 4
    assert append_durably(target, b"two\n") == 8
    truncate_durably(target, 4)
    truncate_durably(target, 100)
    truncate_durably(tmp_path / "missing", 0)
    assert target.read_bytes() == b"one\n"


def test_remove_temp_files_removes_only_temporaries(tmp_path):
    temp, _ = stage(tmp_path / "workspace.yaml", b"x")
    (tmp_path / "keep.yaml").write_text("k")
    remove_temp_files(tmp_path)
    assert not temp.exists() and (tmp_path / "keep.yaml").exists()
