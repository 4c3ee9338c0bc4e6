"""history.jsonl: one JSON event per line, appended by the store, read back with line numbers."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from decisions.history import Event
from knowledge.errors import Problem, WorkspaceError


def read_history_bytes(path: Path, limit: int | None = None) -> bytes:
    """The complete lines of the history (the first `limit` bytes when given); a last line
    without its newline belongs to a write that never finished and is left out."""
    try:
        with open(path, "rb") as handle:
            data = handle.read() if limit is None else handle.read(limit)
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise WorkspaceError(message=f"cannot read {path}: {exc.strerror}") from None
    return data[: data.rfind(b"\n") + 1]


def parse_history(data: bytes, file: str) -> list[Event]:
    """The events, oldest first; WorkspaceError naming every line that is not an event."""
    events, problems = [], []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            events.append(Event.model_validate_json(line))
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in error["loc"])
            message = f"not a history event: {where + ': ' if where else ''}{error['msg']}"
            problems.append(Problem(file, number, None, "", message))
    if problems:
        raise WorkspaceError(problems)
    return events
