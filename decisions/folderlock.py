"""The file lock that serialises the writers of one workspace folder, with errors for people."""

from __future__ import annotations

from pathlib import Path

import filelock

from knowledge.errors import WorkspaceError


class FolderLock:
    """The folder's file lock, turning a timeout into a WorkspaceError."""

    def __init__(self, lock: filelock.BaseFileLock, folder: Path):
        self.lock = lock
        self.folder = folder

    def __enter__(self) -> FolderLock:
        try:
            self.lock.acquire()
        except filelock.Timeout:
            raise WorkspaceError(message=f"{self.folder} is busy: another writer has held its "
                                         f"lock for {self.lock.timeout:g} s; nothing was "
                                         "written") from None
        except OSError as exc:
            raise WorkspaceError(message=f"cannot lock {self.folder}: {exc.strerror}") from None
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.lock.release()
