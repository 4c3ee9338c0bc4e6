"""Crash-safe file writes: a temporary file in the same folder, fsync, rename, fsync the folder."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def temp_name(target: Path) -> Path:
    """A fresh hidden name next to `target`: `.workspace.yaml.3f2a9c1d.tmp`."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def stage(target: Path, data: bytes) -> tuple[Path, os.stat_result]:
    """Write `data` to a temporary file beside `target` and fsync it; return it and its stat.

    The file gets the usual permissions (0666 less the umask), unlike mkstemp's 0600."""
    temp = temp_name(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return temp, os.stat(temp)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def publish(temp: Path, target: Path) -> None:
    """Rename the staged file over `target` (atomic) and make the rename durable."""
    os.replace(temp, target)
    fsync_folder(target.parent)


def write_atomic(target: Path, data: bytes) -> os.stat_result:
    """Replace `target` with `data` so that a reader sees the old or the new file, never half."""
    temp, stat = stage(target, data)
    try:
        publish(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return stat


def append_durably(target: Path, data: bytes) -> int:
    """Append `data` and fsync; return the file's new size."""
    created = not target.exists()
    with open(target, "ab") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
        size = os.fstat(handle.fileno()).st_size
    if created:
        fsync_folder(target.parent)
    return size


def truncate_durably(target: Path, size: int) -> None:
    """Cut `target` back to `size` bytes when it is longer (drops a write that never landed)."""
    with contextlib.suppress(FileNotFoundError), open(target, "r+b") as handle:
        if os.fstat(handle.fileno()).st_size > size:
            handle.truncate(size)
            handle.flush()
            os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new entry in `folder` durable (a no-op where folders cannot be
    opened, as on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_temp_files(folder: Path) -> None:
    """Delete temporary files left by a writer that died (call only while holding the lock)."""
    for temp in folder.glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            temp.unlink()
