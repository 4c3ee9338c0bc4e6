"""The project's errors: every failure a user can cause ends in one of these.

    SkeletonError                 base: str(error) is a message for people
    ├── KnowledgeError            a knowledge base or pack failed to load (all problems at once)
    ├── WorkspaceError            a workspace is invalid, missing, or an operation on it is refused
    │   └── ConflictError         a write carried a stale revision; nothing was written
    ├── AdrError                  an ADR folder cannot be read or written
    └── UsageError                a command's arguments are wrong (unknown id, bad value)

Each problem found in a file is a `Problem` with file:line:column and the path inside the
document, so that every message points at the place to fix.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, at one place."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """By file, then place: a problem with the whole file (no line) comes first."""
        return self.file, self.line or 0, self.column or 0, self.path, self.message


class SkeletonError(Exception):
    """Base of every error this project raises on purpose."""


class _ProblemsError(SkeletonError):
    """An error that carries every problem found, to be reported at once."""

    def __init__(self, problems: list[Problem] | None = None, message: str | None = None):
        self.problems = sorted(problems or [], key=Problem.sort_key)
        super().__init__(message or "\n".join(str(p) for p in self.problems))


class KnowledgeError(_ProblemsError):
    """A knowledge base or pack failed to load."""


class WorkspaceError(_ProblemsError):
    """A workspace is invalid or an operation on it was refused."""


class ConflictError(WorkspaceError):
    """A write was based on a stale revision of the workspace."""


class AdrError(SkeletonError):
    """An ADR folder cannot be read or written."""


class UsageError(SkeletonError):
    """A command was given arguments that cannot work."""
