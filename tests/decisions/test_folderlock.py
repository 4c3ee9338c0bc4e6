"""The folder lock: a lock that cannot be taken is a WorkspaceError with a message."""

from __future__ import annotations

import filelock
import pytest

from decisions.folderlock import FolderLock
from knowledge.errors import WorkspaceError


def test_a_held_lock_times_out_with_a_message(tmp_path):
    path = str(tmp_path / ".workspace.lock")
    with filelock.FileLock(path), pytest.raises(WorkspaceError) as refused, \
            FolderLock(filelock.FileLock(path, timeout=0.01), tmp_path):
        pass
    assert str(refused.value) == (f"{tmp_path} is busy: another writer has held its lock for "
                                  "0.01 s; nothing was written")


def test_a_lock_that_cannot_be_created_is_reported(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(WorkspaceError) as refused, \
            FolderLock(filelock.FileLock(str(tmp_path / "file" / "lock")), tmp_path):
        pass
    assert str(refused.value).startswith(f"cannot lock {tmp_path}: ")
