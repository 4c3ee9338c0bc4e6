"""The workspace model: one team's profile, scope overrides, decisions, progress and milestones."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

DecisionStatus = Literal["proposed", "accepted", "rejected", "superseded"]
ProgressState = Literal["not-started", "in-progress", "done", "deferred"]
Interface = Literal["cli", "web", "external", "import", "example"]
"""Through which interface a change was made."""

STATES: tuple[ProgressState, ...] = ("not-started", "in-progress", "done", "deferred")
STATUSES: tuple[DecisionStatus, ...] = ("proposed", "accepted", "rejected", "superseded")

FORMAT_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Decision(_Model):
    """One recorded choice for a decision point. Superseded records are kept, never deleted."""

    id: int = Field(ge=1)
    """Serial number within the workspace; never reused."""
    point: str
    """The decision point, `aspect.decision`."""
    option: str
    """The chosen option's id."""
    status: DecisionStatus = "proposed"
    """proposed, accepted, rejected or superseded."""
    rationale: str = ""
    """Why the team chose it."""
    deciders: list[str] = []
    """Who decided."""
    date: dt.date
    """When it was decided."""
    supersedes: int | None = None
    """The id of the decision this one replaced."""
    superseded_by: int | None = None
    """The id of the decision that replaced this one."""

    @property
    def aspect_id(self) -> str:
        return self.point.partition(".")[0]

    @property
    def option_ref(self) -> str:
        return f"{self.point}={self.option}"


class ScopeOverride(_Model):
    """The team's decision to put an aspect in or out of scope against the profile."""

    in_scope: bool
    """True to include the aspect, False to leave it out."""
    reason: str = Field(min_length=1)
    """Why."""


class Progress(_Model):
    """Where the build of one aspect stands."""

    state: ProgressState = "not-started"
    """not-started, in-progress, done or deferred."""
    ticked: list[int] = []
    """Indexes (0-based) of the checklist items that are done."""
    note: str = ""
    """Why it is done with items unticked, or deferred."""


class Milestone(_Model):
    """A named snapshot of the workspace, to compare with today."""

    name: str = Field(min_length=1)
    """The milestone's name."""
    taken_at: dt.datetime
    """When it was taken (UTC)."""
    revision: int = Field(ge=0)
    """The workspace revision it captured."""
    snapshot: dict[str, Any] = {}
    """The state at that moment: profile, scope, decisions and progress."""


class ImportedRecord(_Model):
    """An ADR imported from an existing folder, kept as an existing decision."""

    number: int | None = None
    """The ADR number."""
    title: str
    """The title, without its number."""
    status: str = "unknown"
    """Normalised status."""
    date: dt.date | None = None
    """The date, when one could be read."""
    file: str = ""
    """The file it came from."""
    aspect: str | None = None
    """The aspect the team linked it to, if any."""


class Workspace(_Model):
    """The whole current state of one team's plan."""

    version: int = FORMAT_VERSION
    """The file format's version."""
    revision: int = Field(default=0, ge=0)
    """Incremented by every write; a write must carry the revision it read."""
    name: str = ""
    """The team's or product's name."""
    packs: list[str] = []
    """Knowledge-base packs applied on top of the shipped base (paths, relative to the
    workspace folder when not absolute)."""
    profile: dict[str, str | list[str] | int] = {}
    """Answers to the profile questions, by question id."""
    scope: dict[str, ScopeOverride] = {}
    """Scope overrides by aspect id."""
    decisions: list[Decision] = []
    """Every decision ever recorded, superseded ones included, in id order."""
    progress: dict[str, Progress] = {}
    """Progress by aspect id; an aspect without an entry has not started."""
    milestones: list[Milestone] = []
    """Named snapshots, oldest first."""
    imported: list[ImportedRecord] = []
    """ADRs imported from an existing folder."""

    def current(self, point: str) -> Decision | None:
        """The live decision for a point: the latest that has not been superseded."""
        live = [d for d in self.decisions if d.point == point and d.status != "superseded"]
        return live[-1] if live else None

    def current_decisions(self) -> dict[str, Decision]:
        """The live decision of every decided point, by point."""
        live: dict[str, Decision] = {}
        for decision in self.decisions:
            if decision.status != "superseded":
                live[decision.point] = decision
        return live

    def decision(self, decision_id: int) -> Decision | None:
        return next((d for d in self.decisions if d.id == decision_id), None)

    def progress_of(self, aspect_id: str) -> Progress:
        return self.progress.get(aspect_id, Progress())

    def chosen(self) -> dict[str, Decision]:
        """The options in force: live decisions that are proposed or accepted (not rejected)."""
        return {p: d for p, d in self.current_decisions().items()
                if d.status in ("proposed", "accepted")}
