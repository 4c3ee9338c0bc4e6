"""The workspace model: one team's profile, scope overrides, decisions, progress and milestones."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    field_validator,
)
from pydantic_core import to_jsonable_python

from knowledge.models import Id, parse_point_ref

DecisionStatus = Literal["proposed", "accepted", "rejected", "superseded"]
ProgressState = Literal["not-started", "in-progress", "done", "deferred"]
Interface = Literal["cli", "web", "external", "import", "example"]
"""Through which interface a change was made."""

STATES: tuple[ProgressState, ...] = ("not-started", "in-progress", "done", "deferred")
STATUSES: tuple[DecisionStatus, ...] = ("proposed", "accepted", "rejected", "superseded")
DECIDABLE: tuple[DecisionStatus, ...] = ("proposed", "accepted", "rejected")
"""The statuses a team can give a decision; `superseded` is set by a later decision."""

FORMAT_VERSION = 1


def _point_ref(value: str) -> str:
    parse_point_ref(value)
    return value


PointRef = Annotated[str, AfterValidator(_point_ref)]
"""A decision point, `aspect.decision`."""

def _answer(value: Any) -> str | list[str] | int:
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError(f"an answer is an id, a list of ids or a whole number, not {value!r}")


ProfileValue = Annotated[str | list[str] | int,
                         PlainValidator(_answer, json_schema_input_type=str | list[str] | int)]
"""A single-choice answer id, the ids of a multiple-choice answer, or an integer."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Decision(_Model):
    """One recorded choice for a decision point. Superseded records are kept, never deleted."""

    id: int = Field(ge=1)
    """Serial number within the workspace; never reused."""
    point: PointRef
    """The decision point, `aspect.decision`."""
    option: Id
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
    ticked: list[Annotated[int, Field(ge=0)]] = []
    """Indexes (0-based) of the checklist items that are done."""
    note: str = ""
    """Why it is done with items unticked, or deferred."""


class Milestone(_Model):
    """A named snapshot of the workspace, to compare with today."""

    name: str = Field(min_length=1)
    """The milestone's name."""
    taken_at: AwareDatetime
    """When it was taken (UTC)."""
    revision: int = Field(ge=0)
    """The workspace revision it captured."""
    snapshot: dict[str, Any] = {}
    """The state at that moment: profile, scope (the in-scope aspect ids), live decisions and
    progress, as plain JSON values."""

    @field_validator("snapshot")
    @classmethod
    def _plain_json(cls, value: dict[str, Any]) -> dict[str, Any]:
        """As the history's JSON holds it: a hand-edited date becomes ISO text, so that the
        history replays to the same state; .nan and .inf have no JSON form and are refused."""
        plain = to_jsonable_python(value)
        try:
            json.dumps(plain, allow_nan=False)
        except ValueError:
            raise ValueError("a snapshot holds plain JSON values, not .nan or .inf") from None
        return plain


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

    @property
    def key(self) -> str:
        """What identifies the record across imports: its file, else its title."""
        return self.file or self.title


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
    profile: dict[Id, ProfileValue] = {}
    """Answers to the profile questions, by question id."""
    scope: dict[Id, ScopeOverride] = {}
    """Scope overrides by aspect id."""
    decisions: list[Decision] = []
    """Every decision ever recorded, superseded ones included, in id order."""
    progress: dict[Id, Progress] = {}
    """Progress by aspect id; an aspect without an entry has not started."""
    milestones: list[Milestone] = []
    """Named snapshots, oldest first."""
    imported: list[ImportedRecord] = []
    """ADRs imported from an existing folder."""

    @field_validator("version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != FORMAT_VERSION:
            raise ValueError(f"format version {value} is not supported (this planner reads "
                             f"version {FORMAT_VERSION})")
        return value

    @field_validator("decisions")
    @classmethod
    def _ids_unique_and_ordered(cls, value: list[Decision]) -> list[Decision]:
        ids = [d.id for d in value]
        if ids != sorted(set(ids)):
            raise ValueError("decision ids must be unique and in increasing order")
        return value

    @field_validator("milestones")
    @classmethod
    def _names_unique(cls, value: list[Milestone]) -> list[Milestone]:
        names = [m.name for m in value]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"milestone names must be unique: {', '.join(twice)}")
        return value

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

    def milestone(self, name: str) -> Milestone | None:
        return next((m for m in self.milestones if m.name == name), None)

    def next_decision_id(self) -> int:
        return max((d.id for d in self.decisions), default=0) + 1
