"""The web app's state: the one module that owns st.session_state keys, and the cached loaders.

Shared by every browser session (module caches and st.cache_resource): the knowledge base,
loaded once per change of its files (keyed on their paths and mtimes); the workspace read at
one revision; the analysis of that pair; the forecast for one set of inputs.

Per session (st.session_state, keys defined here only): the snapshot this run renders, the
revision the session last rendered (every write carries it, so that a stale write is refused),
notices to show after a write, drafts of text a refused write must not lose, and the inputs
of the walkthrough and plan pages. Widget keys are made by `key()` so that they live here too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from decisions import bundled
from decisions.burnup import BurnUpPoint, burn_up, scope_and_done
from decisions.findings import Finding, analyse
from decisions.forecast import DEFAULT_SEED, Forecast, makespans, summarise
from decisions.graph import frontier, to_dot, walk_order
from decisions.history import Change, Event, events_for
from decisions.plan import Plan
from decisions.schedule import Schedule, schedule, team_size
from decisions.scope import AspectScope, compute_scope
from decisions.store import WorkspaceStore
from decisions.summary import WorkspaceStatus, workspace_status
from decisions.workdays import next_monday
from decisions.workspace import Workspace
from exporters.adr_export import AdrExport, render_adrs
from exporters.report import workshop_report
from knowledge.catalog import KnowledgeBase
from knowledge.errors import ConflictError, KnowledgeError, SkeletonError, WorkspaceError
from knowledge.loader import BASE_DIR, load_knowledge
from ui.commands.common import DEFAULT_WORKSPACE, WORKSPACE_ENV, login_name

Result = tuple[Workspace, list[Change]]
Operation = Callable[[KnowledgeBase, Workspace], Result]

# -- session keys: every key this app puts into st.session_state ---------------------------
_SNAPSHOT = "snapshot"
_SEEN_REVISION = "seen_revision"
_NOTICES = "notices"
_DRAFTS = "drafts"
_VALUES = "values"
_WIDGET_PREFIX = "w:"


def key(*parts: object) -> str:
    """The session key of a widget: `w:walk:token-management.signing-algorithm:rationale`."""
    return _WIDGET_PREFIX + ":".join(str(p) for p in parts)


def widget_value(widget_key: str, default: Any = None) -> Any:
    return st.session_state.get(widget_key, default)


def preset(widget_key: str, value: Any) -> None:
    """Give a widget its value before it is created (only when it has none yet)."""
    if widget_key not in st.session_state:
        st.session_state[widget_key] = value


def forget(widget_key: str) -> None:
    st.session_state.pop(widget_key, None)


def remembered(name: str, default: Any = None) -> Any:
    """A value the session keeps across pages (widget keys vanish when their page is not
    shown): the walkthrough position, the plan's inputs, the loaded pack."""
    return st.session_state.setdefault(_VALUES, {}).get(name, default)


def remember(name: str, value: Any) -> None:
    st.session_state.setdefault(_VALUES, {})[name] = value


# -- where things are ------------------------------------------------------------------------

def workspace_folder() -> Path:
    """$SKELETON_WORKSPACE, else ./workspace (relative to where the app was started)."""
    return Path(os.environ.get(WORKSPACE_ENV) or DEFAULT_WORKSPACE)


def store() -> WorkspaceStore:
    """One store per folder for the whole server: its parse cache spares each write from
    re-reading workspace.yaml under the lock (filelock's lock is per thread, so sessions
    still exclude each other)."""
    return _store_for(str(workspace_folder()))


@st.cache_resource(max_entries=8, show_spinner=False)
def _store_for(folder: str) -> WorkspaceStore:
    return WorkspaceStore(Path(folder))


def user_name() -> str:
    """Who the history records for a write from this session."""
    name = str(remembered("user", "")).strip()
    return name or login_name("web")


# -- the knowledge base ----------------------------------------------------------------------

@dataclass(frozen=True)
class KnowledgeLoad:
    """A loaded knowledge base, or the problems that stopped it (file:line each)."""

    kb: KnowledgeBase | None
    problems: tuple[str, ...] = ()
    key: tuple[Any, ...] = ()


def files_key(folders: Sequence[Path]) -> str:
    """A digest of every YAML file's path and mtime under the folders: what the cached base
    depends on (a digest, so that every cache keyed on it hashes a short string)."""
    entries: list[str] = []
    for folder in folders:
        try:
            paths = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))
            entries += [f"{p}\0{p.stat().st_mtime_ns}" for p in paths]
        except OSError:
            entries.append(f"{folder}\0missing")
        if not folder.is_dir():
            entries.append(f"{folder}\0not a folder")
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


@st.cache_resource(max_entries=16, show_spinner=False)
def _load(base: str, packs: tuple[str, ...], files: str) -> KnowledgeLoad:
    """`files` only keys the cache: a touched, added or removed file loads the base again."""
    try:
        kb = load_knowledge(list(packs), base=base, allow_cycles=True)
    except KnowledgeError as exc:
        return KnowledgeLoad(None, tuple(str(p) for p in exc.problems), (base, packs, files))
    return KnowledgeLoad(kb, (), (base, packs, files))


def load_kb(packs: Sequence[str] = (), base: Path | None = None) -> KnowledgeLoad:
    """The base (BASE_DIR unless given) with packs, from the cache while no file changed."""
    root = Path(base) if base is not None else BASE_DIR
    folders = [root, *(Path(p) for p in packs)]
    return _load(str(root), tuple(str(p) for p in packs), files_key(folders))


def pack_paths(workspace: Workspace, folder: Path) -> list[str]:
    """The workspace's packs as paths; relative ones are relative to the workspace folder."""
    return [p if Path(p).is_absolute() else str(folder / p) for p in workspace.packs]


# -- the workspace ---------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkspaceLoad:
    """The workspace at one revision (None while there is none), or an empty one with the
    problems of the file."""

    workspace: Workspace
    revision: int | None
    problems: tuple[str, ...] = ()


@st.cache_resource(max_entries=32, show_spinner=False)
def _read(folder: str, version: tuple[int, int, int]) -> WorkspaceLoad:
    """`version` (revision, size and mtime of workspace.yaml) keys the cache."""
    try:
        workspace = WorkspaceStore(Path(folder)).load()
    except SkeletonError as exc:
        return WorkspaceLoad(Workspace(), version[0], tuple(_lines(exc)))
    return WorkspaceLoad(workspace, workspace.revision)


def _lines(exc: Exception) -> list[str]:
    problems = getattr(exc, "problems", None)
    return [str(p) for p in problems] if problems else [str(exc)]


def current_revision(workspace_store: WorkspaceStore) -> int | None:
    """The store's revision; None while there is no workspace yet."""
    if not workspace_store.exists():
        return None
    return workspace_store.revision()


def read_workspace() -> WorkspaceLoad:
    """The workspace as it is now (cached per revision); an empty one while none exists."""
    workspace_store = store()
    try:
        if not workspace_store.exists():
            _create_empty(workspace_store)
        revision = current_revision(workspace_store)
        if revision is None:
            return WorkspaceLoad(Workspace(), None)
        stat = workspace_store.workspace_file.stat()
    except (SkeletonError, OSError) as exc:
        return WorkspaceLoad(Workspace(), None, tuple(_lines(exc)))
    return _read(str(workspace_store.folder.resolve()),
                 (revision, stat.st_size, stat.st_mtime_ns))


def _create_empty(workspace_store: WorkspaceStore) -> None:
    """The app opens on its folder: an empty workspace is created there when none exists
    (another session may have just done it; that is fine)."""
    try:
        workspace_store.init(who=user_name(), via="web")
    except WorkspaceError:
        if not workspace_store.exists():
            raise


def untouched(workspace: Workspace) -> bool:
    """Still the empty workspace the app created: the Overview offers the example then."""
    return workspace == Workspace()


def example_names() -> list[str]:
    return bundled.example_names()


def start_workspace(example: str | None) -> bool:
    """Create the workspace, empty or from a bundled example (the Overview offers both)."""
    try:
        store().init(example=example, who=user_name(), via="web", over_untouched=True)
    except SkeletonError as exc:
        notify("start", "error", str(exc))
        return False
    notify("start", "success", f"Started from the example {example!r}." if example
           else "Started an empty workspace.")
    return True


# -- one run's view of everything --------------------------------------------------------------

@dataclass(frozen=True)
class Analysis:
    """What the domain says about one workspace revision with one knowledge base."""

    scope: dict[str, AspectScope]
    findings: tuple[Finding, ...]
    order: tuple[str, ...]
    ready: tuple[str, ...]
    status: WorkspaceStatus


@st.cache_resource(max_entries=32, show_spinner=False)
def _analyse(kb_key: tuple[Any, ...], ws_key: tuple[str, int | None], _kb: KnowledgeBase,
             _workspace: Workspace) -> Analysis:
    """Computed once per (knowledge base, workspace revision), shared by every session."""
    order = walk_order(_kb, _workspace)
    return Analysis(scope=compute_scope(_kb, _workspace), findings=tuple(analyse(_kb, _workspace)),
                    order=tuple(order), ready=tuple(frontier(_kb, _workspace, order)),
                    status=workspace_status(_kb, _workspace))


@dataclass(frozen=True)
class Snapshot:
    """Everything one run renders: read once at the top of the run, never mutated."""

    folder: Path
    workspace: Workspace
    revision: int | None
    """None while the folder holds no workspace (or its file cannot be read)."""
    kb: KnowledgeBase | None
    analysis: Analysis | None
    kb_key: tuple[Any, ...]
    """What the knowledge base was loaded from: base, packs, digest of their files."""
    ws_key: tuple[str, int | None]
    """The workspace folder (resolved) and revision: with kb_key, what every cache keys on."""
    kb_problems: tuple[str, ...] = ()
    packs_ignored: bool = False
    workspace_problems: tuple[str, ...] = ()

    @property
    def findings(self) -> list[Finding]:
        return list(self.analysis.findings) if self.analysis else []


def take_snapshot() -> Snapshot:
    """Read the workspace and its knowledge base (cached) and analyse them (cached)."""
    folder = workspace_folder()
    loaded = read_workspace()
    workspace = loaded.workspace
    knowledge = load_kb(pack_paths(workspace, folder))
    packs_ignored = False
    kb_problems = knowledge.problems
    if knowledge.kb is None and workspace.packs:
        fallback = load_kb()
        if fallback.kb is not None:
            knowledge, packs_ignored = fallback, True
    ws_key = (str(folder.resolve()), loaded.revision)
    analysis = None
    if knowledge.kb is not None:
        analysis = _analyse(knowledge.key, ws_key, knowledge.kb, workspace)
    return Snapshot(folder=folder, workspace=workspace, revision=loaded.revision,
                    kb=knowledge.kb, analysis=analysis, kb_key=knowledge.key, ws_key=ws_key,
                    kb_problems=kb_problems, packs_ignored=packs_ignored,
                    workspace_problems=loaded.problems)


def refresh() -> Snapshot:
    """Take this run's snapshot (app.py calls it first) and note the revision it shows."""
    snapshot = take_snapshot()
    st.session_state[_SNAPSHOT] = snapshot
    st.session_state[_SEEN_REVISION] = snapshot.revision
    return snapshot


def current() -> Snapshot:
    """This run's snapshot (taken by app.py; taken here when a callback runs first)."""
    snapshot = st.session_state.get(_SNAPSHOT)
    return snapshot if snapshot is not None else refresh()


def seen_revision() -> int | None:
    return st.session_state.get(_SEEN_REVISION)


def changed_elsewhere() -> bool:
    """Whether the workspace moved on since this session last rendered it (for polling)."""
    try:
        return current_revision(store()) != seen_revision()
    except (SkeletonError, OSError):
        return False


# -- writing ---------------------------------------------------------------------------------

def write(place: str, operation: Operation, done: str) -> bool:
    """Apply an operation to the workspace as of the revision this session last rendered.

    A stale revision is refused by the store (nothing is written) and the message says what
    changed; the caller keeps what the user typed. Any other refusal shows its message. The
    first write to a folder without a workspace creates an empty one."""
    kb = current().kb
    if kb is None:
        notify(place, "error", "The knowledge base did not load, so nothing can be changed "
                               "until its errors are fixed (see the Knowledge base page).")
        return False
    workspace_store = store()
    expected = seen_revision()
    try:
        if expected is None and not workspace_store.exists():
            workspace_store.init(who=user_name(), via="web")
        workspace_store.apply(expected if expected is not None else 0,
                              lambda workspace: operation(kb, workspace),
                              who=user_name(), via="web")
    except ConflictError as exc:
        notify(place, "error", f"Not saved: {exc}. The page now shows the latest state; what "
                               "you typed is kept, so check it and save again.")
        return False
    except (SkeletonError, ValueError) as exc:
        notify(place, "error", f"Not saved: {exc}")
        return False
    notify(place, "success", done)
    return True


# -- notices and drafts ------------------------------------------------------------------------

def notify(place: str, level: str, text: str) -> None:
    """Show `text` at `place` in the next run (success, info, warning or error)."""
    st.session_state.setdefault(_NOTICES, {}).setdefault(place, []).append((level, text))


def take_notices(place: str) -> list[tuple[str, str]]:
    return st.session_state.setdefault(_NOTICES, {}).pop(place, [])


def keep_draft(name: str, values: dict[str, Any]) -> None:
    """Keep what the user typed into a form that could not be saved."""
    st.session_state.setdefault(_DRAFTS, {})[name] = dict(values)


def draft(name: str) -> dict[str, Any] | None:
    return st.session_state.setdefault(_DRAFTS, {}).get(name)


def drop_draft(name: str) -> None:
    st.session_state.setdefault(_DRAFTS, {}).pop(name, None)


def today() -> dt.date:
    return dt.date.today()


# -- the plan and its forecast (cached by their inputs) -------------------------------------

@dataclass(frozen=True)
class PlanInputs:
    """What the Plan page asks: the team's size, the start date, the target date."""

    team: int
    start: dt.date
    target: dt.date | None


def plan_inputs(snapshot: Snapshot) -> PlanInputs:
    """This session's plan inputs: the profile's team size, next Monday and no target until
    the user changes them on the Plan page."""
    team = team_size(snapshot.kb, snapshot.workspace) if snapshot.kb else 1
    defaults = PlanInputs(team, next_monday(today()), None)
    return remembered("plan.inputs", defaults)


def set_plan_inputs(inputs: PlanInputs) -> None:
    remember("plan.inputs", inputs)


@dataclass(frozen=True)
class PlanView:
    """The schedule and its forecast for one set of inputs."""

    schedule: Schedule
    forecast: Forecast
    keys: tuple[Any, ...]

    def spans(self) -> Any:
        """The makespan of every trial, for the histogram (computed on the Plan page only)."""
        return _spans(*self.keys, self.schedule)


@st.cache_resource(max_entries=32, show_spinner=False)
def _schedule(kb_key: tuple[Any, ...], ws_key: tuple[Any, ...], team: int, start: dt.date,
              _kb: KnowledgeBase, _workspace: Workspace) -> Schedule:
    return schedule(_kb, _workspace, start, team)


@st.cache_resource(max_entries=32, show_spinner=False)
def _spans(kb_key: tuple[Any, ...], ws_key: tuple[Any, ...], team: int, start: dt.date,
           _plan: Schedule) -> Any:
    return makespans(_plan)


@st.cache_resource(max_entries=64, show_spinner=False)
def _forecast(kb_key: tuple[Any, ...], ws_key: tuple[Any, ...], team: int, start: dt.date,
              target: dt.date | None, _plan: Schedule) -> Forecast:
    # One simulation serves the percentiles, the target's chance and the histogram.
    return summarise(_plan, _spans(kb_key, ws_key, team, start, _plan), DEFAULT_SEED, target)


def plan(snapshot: Snapshot, inputs: PlanInputs | None = None) -> PlanView | None:
    """The plan for this session's inputs; None while the knowledge base is missing."""
    if snapshot.kb is None:
        return None
    inputs = inputs or plan_inputs(snapshot)
    keys = (snapshot.kb_key, snapshot.ws_key, inputs.team, inputs.start)
    planned = _schedule(*keys, snapshot.kb, snapshot.workspace)
    return PlanView(planned, _forecast(*keys, inputs.target, planned), keys)


@st.cache_resource(max_entries=16, show_spinner=False)
def _burn_up_until(kb_key: tuple[Any, ...], folder: str, events: int, day: dt.date,
                   _kb: KnowledgeBase, _events: tuple[Event, ...]) -> list[BurnUpPoint]:
    """The points of the days before `day`: they cannot change any more, so a write today
    costs only today's point."""
    return burn_up(_kb, _events)


def burn_up_points(snapshot: Snapshot) -> list[BurnUpPoint]:
    """The burn-up of this workspace's history, one point per day (UTC) and today's."""
    if snapshot.kb is None or snapshot.revision is None:
        return []
    day = dt.datetime.now(dt.UTC).date()
    try:
        events = _history(snapshot.ws_key)
    except SkeletonError:
        return []
    past = tuple(e for e in events if e.at.astimezone(dt.UTC).date() < day)
    points = _burn_up_until(snapshot.kb_key, snapshot.ws_key[0], len(past), day, snapshot.kb,
                            past)
    return [*points, BurnUpPoint(day, *_scope_and_done(snapshot.kb_key, snapshot.ws_key,
                                                       snapshot.kb, snapshot.workspace))]


@st.cache_resource(max_entries=16, show_spinner=False)
def _scope_and_done(kb_key: tuple[Any, ...], ws_key: tuple[Any, ...], _kb: KnowledgeBase,
                    _workspace: Workspace) -> tuple[float, float]:
    return scope_and_done(_kb, _workspace)


@st.cache_resource(max_entries=8, show_spinner=False)
def _history(ws_key: tuple[Any, ...]) -> tuple[Event, ...]:
    return tuple(WorkspaceStore(Path(ws_key[0])).history())


def history(snapshot: Snapshot, aspect: str | None = None) -> list[Event]:
    """The workspace's events (all, or about one aspect), cached per revision; none while
    there is no workspace or the history cannot be read (the banner says why)."""
    if snapshot.revision is None:
        return []
    try:
        return events_for(_history(snapshot.ws_key), aspect)
    except SkeletonError:
        return []


# -- the dependency graph (cached per revision and filter) ------------------------------------

@st.cache_resource(max_entries=32, show_spinner=False)
def _dot(kb_key: tuple[Any, ...], ws_key: tuple[Any, ...], aspect: str | None,
         category: str | None, _kb: KnowledgeBase, _workspace: Workspace,
         _findings: tuple[Finding, ...]) -> str:
    return to_dot(_kb, _workspace, list(_findings), aspect=aspect, category=category)


def dot(snapshot: Snapshot, aspect: str | None, category: str | None) -> str:
    """The Graphviz DOT of this revision's graph: whole, one category's or one aspect's."""
    assert snapshot.kb is not None
    return _dot(snapshot.kb_key, snapshot.ws_key, aspect, category, snapshot.kb,
                snapshot.workspace, tuple(snapshot.findings))


# -- exports (cached per revision and inputs) ------------------------------------------------

@st.cache_resource(max_entries=8, show_spinner=False)
def _adr_export(kb_key: tuple[Any, ...], ws_key: tuple[Any, ...], fmt: str,
                _kb: KnowledgeBase, _workspace: Workspace) -> AdrExport:
    return render_adrs(_kb, _workspace, fmt)


def adr_export(snapshot: Snapshot, fmt: str) -> AdrExport:
    """The ADR files of this revision in one format (raises AdrError for an unknown one)."""
    assert snapshot.kb is not None
    return _adr_export(snapshot.kb_key, snapshot.ws_key, fmt, snapshot.kb, snapshot.workspace)


@st.cache_resource(max_entries=8, show_spinner=False)
def _report(kb_key: tuple[Any, ...], ws_key: tuple[Any, ...], inputs: PlanInputs,
            day: dt.date, _kb: KnowledgeBase, _workspace: Workspace,
            _findings: tuple[Finding, ...], _plan: Plan | None) -> str:
    return workshop_report(_kb, _workspace, _findings, day, _plan)


def report(snapshot: Snapshot, made: Plan | None) -> str:
    """The workshop report of this revision with this session's plan inputs."""
    assert snapshot.kb is not None
    return _report(snapshot.kb_key, snapshot.ws_key, plan_inputs(snapshot), today(),
                   snapshot.kb, snapshot.workspace, tuple(snapshot.findings), made)


# -- charts ----------------------------------------------------------------------------------

@st.cache_resource(max_entries=64, show_spinner=False)
def _chart_spec(name: str, inputs: tuple[Any, ...], _build: Callable[[], Any]) -> dict[str, Any]:
    return dict(_build().to_dict())


def chart_spec(name: str, inputs: tuple[Any, ...], build: Callable[[], Any]) -> dict[str, Any]:
    """The Vega-Lite spec of an Altair chart, built once per `inputs` (building and validating
    an Altair chart costs tens of milliseconds; a rerun should not pay it again)."""
    return dict(_chart_spec(name, inputs, build))


@st.cache_resource(max_entries=16, show_spinner=False)
def _template(name: str, _build: Callable[[], Any]) -> dict[str, Any]:
    spec = dict(_build().to_dict())
    spec.pop("data", None)
    spec.pop("datasets", None)
    return spec


def chart_template(name: str, build: Callable[[], Any]) -> dict[str, Any]:
    """The Vega-Lite spec of an Altair chart without its data, built once per process: the
    page passes this run's rows with it, so a changed workspace costs no Altair work."""
    return dict(_template(name, build))
