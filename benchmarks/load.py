"""Load: concurrent web sessions making decisions on one workspace, and the checks that none
of their decisions was lost or corrupted.

Each session is its own process (its own Streamlit caches, as separate server processes
would have) holding one AppTest of app.py on the Walkthrough page, with $SKELETON_WORKSPACE
naming the shared folder. It types its name into the sidebar, then loops until its time is
up: jump to a random in-scope aspect (seeded per session), pick one of its decision points,
choose a random option with the status "accepted" and a rationale naming the session and a
counter, and press "Record decision", exactly as a user would. The save's rerun shows either
"Recorded ..." (the write landed) or "Not saved: workspace changed since you read it"
(refused as stale; that same rerun already shows the latest state with the typed text kept,
so the session presses the button again, up to RETRIES times). Every at.run() is timed.

    python -m benchmarks.load [--sessions 10] [--seconds 60] [--seed 1] [--workspace DIR]

runs the whole load against a temporary copy of the bundled example (or DIR), verifies the
workspace afterwards, prints the Markdown report and saves it under benchmarks/results/.
`python -m benchmarks.load --session N ...` is one session (what run_load starts).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
RESULTS = ROOT / "benchmarks" / "results"
EXAMPLE = "acme-analytics"

RETRIES = 3
"""How many times a session presses "Record decision" again after a stale refusal."""
RUN_TIMEOUT = 60.0
"""AppTest's limit for one run: far above any rerun, so only a hang trips it."""
READY_TIMEOUT = 240.0
"""How long the sessions may take to start (import Streamlit, load the base, first run)."""
FINISH_GRACE = 120.0
"""How long after its time is up a session may take to finish its last attempt and report."""

LANDED, STALE, OTHER = "landed", "stale", "other"


# -- one session (runs in its own process) -----------------------------------------------------

def session_name(index: int) -> str:
    return f"session-{index:02d}"


def rationale_of(name: str, counter: int) -> str:
    return f"Load test: {name} decision #{counter}."


class Session:
    """One browser session, driven through AppTest; keeps the record of its attempts."""

    def __init__(self, index: int, seed: int):
        from streamlit.testing.v1 import AppTest

        from ui import app_state

        self.key = app_state.key
        self.name = session_name(index)
        self.rng = random.Random(f"{seed}:{index}")
        self.at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT)
        self.attempts: list[dict[str, Any]] = []
        self.reruns: list[dict[str, Any]] = []
        self.errors: list[str] = []

    def run(self, kind: str) -> float:
        """One rerun of the app, timed; an exception on the page is recorded."""
        started = time.perf_counter()
        self.at.run()
        seconds = time.perf_counter() - started
        self.reruns.append({"kind": kind, "seconds": seconds})
        for exception in self.at.exception:
            self.errors.append(f"{kind}: {exception.message}")
        return seconds

    def start(self) -> None:
        """Open the Walkthrough and type the session's name (the history records it)."""
        self.at.switch_page("ui/pages/walkthrough.py")
        self.run("start")
        self.at.text_input(key=self.key("user")).input(self.name)
        self.run("start")

    def snapshot(self) -> Any:
        return self.at.session_state["snapshot"]

    def form_widget(self, kind: str, point_ref: str, name: str) -> Any:
        """The form widget of a point whatever its version (the key changes with the live
        decision): `w:walk:<point>:<version>:<name>`."""
        prefix, suffix = self.key("walk", point_ref, ""), ":" + name
        found = [w for w in getattr(self.at, kind) if w.key and w.key.startswith(prefix)
                 and w.key.endswith(suffix)]
        if len(found) != 1:
            raise AssertionError(f"{self.name}: {len(found)} {kind} widgets {prefix}*{suffix}")
        return found[0]

    def decide_once(self, counter: int, deadline: float) -> None:
        """Go to a random point, choose, save; press again while the save is refused (not
        after the deadline: the session's time is up)."""
        snapshot = self.snapshot()
        aspect_id = self.rng.choice(list(snapshot.analysis.order))
        jump = self.at.selectbox(key=self.key("walk", "jump"))
        if jump.value != aspect_id:
            jump.set_value(aspect_id)
            self.run("navigate")
        aspect = self.snapshot().kb.aspects[aspect_id]
        point = self.rng.choice(aspect.decisions)
        point_ref = f"{aspect_id}.{point.id}"
        option = self.rng.choice(point.options).id
        rationale = rationale_of(self.name, counter)
        self.form_widget("radio", point_ref, "option").set_value(option)
        self.form_widget("selectbox", point_ref, "status").set_value("accepted")
        self.form_widget("text_area", point_ref, "rationale").input(rationale)
        for attempt in range(1 + RETRIES):
            if attempt and time.monotonic() >= deadline:
                return
            if attempt:
                kept = self.form_widget("text_area", point_ref, "rationale").value
                if kept != rationale:
                    self.errors.append(f"{point_ref}: the refused save lost the typed "
                                       f"rationale (shows {kept!r})")
                    return
            self.form_widget("button", point_ref, "save").click()
            seconds = self.run("save")
            outcome, message = self.outcome(point_ref, option)
            self.attempts.append({"counter": counter, "try": attempt, "point": point_ref,
                                  "option": option, "rationale": rationale,
                                  "outcome": outcome, "seconds": seconds,
                                  "message": message})
            if outcome != STALE:
                return

    def outcome(self, point_ref: str, option: str) -> tuple[str, str]:
        """What the save's rerun showed next to the form."""
        if self.at.exception:
            return OTHER, self.at.exception[0].message
        shown = [str(e.value).replace("\\", "") for e in [*self.at.success, *self.at.error]]
        if any(t.startswith(f"Recorded {option} (accepted) for {point_ref}") for t in shown):
            return LANDED, ""
        if any("Not saved: workspace changed since you read it" in t for t in shown):
            return STALE, ""
        refused = [t for t in shown if "Not saved" in t]
        return OTHER, refused[0] if refused else "neither saved nor refused: " + "; ".join(shown)

    def report(self) -> dict[str, Any]:
        return {"session": self.name, "attempts": self.attempts, "reruns": self.reruns,
                "errors": self.errors}


def run_session(index: int, seconds: float, seed: int, control: Path) -> dict[str, Any]:
    """Start, say ready, wait for the go, make decisions until the time is up."""
    session = Session(index, seed)
    session.start()
    (control / f"{session.name}.ready").touch()
    waited = time.monotonic() + READY_TIMEOUT
    while not (control / "go").exists():
        if time.monotonic() > waited:
            raise TimeoutError("no go from the load driver")
        time.sleep(0.01)
    deadline = time.monotonic() + seconds
    counter = 0
    while time.monotonic() < deadline:
        counter += 1
        try:
            session.decide_once(counter, deadline)
        except AssertionError as exc:
            session.errors.append(str(exc))
            session.run("recover")
    return session.report()


# -- the whole load (runs in the test or from the command line) --------------------------------

@dataclasses.dataclass
class LoadRun:
    """What the sessions reported, with how long the load took."""

    sessions: list[dict[str, Any]]
    seconds: float
    """Wall time from the go to the last session's report."""
    startup: float
    """Wall time from starting the processes to every session being ready."""

    @property
    def attempts(self) -> list[dict[str, Any]]:
        return [dict(a, session=s["session"]) for s in self.sessions for a in s["attempts"]]

    def landed(self) -> list[dict[str, Any]]:
        return [a for a in self.attempts if a["outcome"] == LANDED]

    def latencies(self, kind: str | None = None) -> list[float]:
        return [r["seconds"] for s in self.sessions for r in s["reruns"]
                if r["kind"] != "start" and (kind is None or r["kind"] == kind)]

    def errors(self) -> list[str]:
        return [f"{s['session']}: {e}" for s in self.sessions for e in s["errors"]]


def _fail(message: str, control: Path, processes: list[subprocess.Popen[bytes]]) -> None:
    logs = []
    for index, process in enumerate(processes):
        log = control / f"{session_name(index)}.log"
        text = log.read_text(errors="replace")[-3000:] if log.exists() else ""
        if process.poll() not in (None, 0) or text.strip():
            logs.append(f"--- {session_name(index)} (exit {process.poll()}):\n{text}")
    raise RuntimeError(message + "\n" + "\n".join(logs))


def _wait_ready(control: Path, processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    names = [session_name(i) for i in range(len(processes))]
    while not all((control / f"{n}.ready").exists() for n in names):
        if any(p.poll() is not None for p in processes):
            _fail("a session died while starting", control, processes)
        if time.monotonic() > deadline:
            _fail(f"the sessions were not ready after {READY_TIMEOUT:g} s", control, processes)
        time.sleep(0.05)


def run_load(folder: Path, sessions: int = 10, seconds: float = 60.0, seed: int = 1) -> LoadRun:
    """Run `sessions` processes against the workspace in `folder` for `seconds` each (after
    all of them started); every process is killed before this returns or raises."""
    control = Path(tempfile.mkdtemp(prefix="skeleton-load-"))
    env = {**os.environ, "SKELETON_WORKSPACE": str(folder), "PYTHONPATH": str(ROOT)}
    processes: list[subprocess.Popen[bytes]] = []
    try:
        started = time.monotonic()
        for index in range(sessions):
            with open(control / f"{session_name(index)}.log", "wb") as log:
                processes.append(subprocess.Popen(
                    [sys.executable, "-m", "benchmarks.load", "--session", str(index),
                     "--seconds", str(seconds), "--seed", str(seed), "--control", str(control)],
                    cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
                    stderr=subprocess.STDOUT))
        _wait_ready(control, processes)
        ready = time.monotonic()
        (control / "go").touch()
        deadline = ready + seconds + FINISH_GRACE
        for process in processes:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                _fail(f"a session did not finish within {FINISH_GRACE:g} s of its time",
                      control, processes)
        finished = time.monotonic()
        if any(p.returncode != 0 for p in processes):
            _fail("a session failed", control, processes)
        reports = [json.loads((control / f"{session_name(i)}.json").read_text())
                   for i in range(sessions)]
        for index, report in enumerate(reports):
            log = (control / f"{session_name(index)}.log").read_text(errors="replace")
            report["errors"] += [f"logged: {line}" for line in log.splitlines()
                                 if "Traceback" in line or " ERROR " in line]
        return LoadRun(reports, finished - ready, ready - started)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        shutil.rmtree(control, ignore_errors=True)


# -- checking the workspace afterwards ---------------------------------------------------------

def verify(folder: Path, run: LoadRun, initial_revision: int) -> dict[str, list[str]]:
    """Every problem found, by check (an empty list each when all is well):

    files    workspace.yaml parses; the last-good copy equals it; no temporary file is left
    history  history.jsonl parses line by line; its seq numbers run 1, 2, 3 ...; its revisions
             never go back
    replay   the live state equals the replay of the history (and state_at now, and the file)
    lost     every save a session saw land is one write, one history event and one decision
             record, by that session, on that point, with that option; and nothing else wrote
    phantom  no save that was never reported landed is in the history or the workspace
    app      no exception on any page, every form found"""
    from decisions.store import WorkspaceStore

    store = WorkspaceStore(folder)
    problems: dict[str, list[str]] = {"files": _check_files(store), "history": [],
                                      "replay": [], "lost": [], "phantom": [],
                                      "app": run.errors()}
    if problems["files"]:
        return problems
    events, problems["history"] = _read_history(store.history_file)
    if problems["history"]:
        return problems
    live = store.load()
    problems["replay"] = _check_replay(store, events, live)
    problems["lost"] = _check_landed(run, events, live, initial_revision)
    problems["phantom"] = _check_phantoms(run, events, live)
    return problems


def _check_files(store: Any) -> list[str]:
    from decisions.workspacefile import parse_workspace

    data = store.workspace_file.read_bytes()
    try:
        parse_workspace(data, str(store.workspace_file))
    except Exception as exc:  # noqa: BLE001 - whatever goes wrong is the finding
        return [f"workspace.yaml does not load: {exc}"]
    found = []
    if store.last_good_file.read_bytes() != data:
        found.append("the last-good copy differs from workspace.yaml")
    leftovers = sorted(p.name for p in store.folder.glob("*.tmp")) + \
        sorted(p.name for p in store.folder.glob(".*.tmp"))
    if leftovers:
        found.append(f"temporary files left behind: {leftovers}")
    return found


def _read_history(path: Path) -> tuple[list[Any], list[str]]:
    from decisions.history import Event

    data = path.read_bytes()
    events, found = [], []
    for number, line in enumerate(data.split(b"\n"), 1):
        if not line:
            continue
        try:
            events.append(Event.model_validate_json(line))
        except ValueError as exc:
            found.append(f"history.jsonl:{number}: {str(exc).splitlines()[0]}")
    if data and not data.endswith(b"\n"):
        found.append("history.jsonl does not end with a newline")
    if [e.seq for e in events] != list(range(1, len(events) + 1)):
        found.append("the history's sequence numbers are not 1, 2, 3, ...")
    revisions = [e.revision for e in events]
    if revisions != sorted(revisions):
        found.append("the history's revisions go backwards")
    return events, found


def _check_replay(store: Any, events: list[Any], live: Any) -> list[str]:
    from decisions.history import replay, state_at
    from decisions.workspace import Workspace
    from decisions.workspacefile import parse_workspace

    states = {"replay": replay(events),
              "state_at(now)": state_at(events, dt.datetime.now(dt.UTC)),
              "workspace.yaml": parse_workspace(store.workspace_file.read_bytes(), "")}
    expected = live.model_dump(mode="json")
    return [f"the live state differs from {label} of the history"
            for label, state in states.items()
            if Workspace.model_validate(state.model_dump()).model_dump(mode="json") != expected]


def _check_landed(run: LoadRun, events: list[Any], live: Any, initial: int) -> list[str]:
    landed = run.landed()
    found = []
    writes = {e.revision for e in events if e.revision > initial}
    if len(writes) != len(landed) or live.revision != initial + len(landed):
        found.append(f"{len(landed)} saves landed, but the history holds {len(writes)} writes "
                     f"after revision {initial} and the workspace is at revision "
                     f"{live.revision}")
    made: dict[str, list[Any]] = {}
    for event in events:
        if event.kind == "decision" and _created(event) is not None:
            made.setdefault(_created(event), []).append(event)
    records = Counter(d.rationale for d in live.decisions)
    for attempt in landed:
        rationale = attempt["rationale"]
        written = made.get(rationale, [])
        if len(written) != 1 or records[rationale] != 1:
            found.append(f"{rationale!r} landed, but {len(written)} history event(s) and "
                         f"{records[rationale]} decision record(s) hold it")
            continue
        event = written[0]
        if (event.who, event.via, event.target, event.new["option"]) != (
                attempt["session"], "web", attempt["point"], attempt["option"]):
            found.append(f"{rationale!r} was recorded as {event.who} via {event.via}, "
                         f"{event.target} = {event.new['option']}")
    return found


def _check_phantoms(run: LoadRun, events: list[Any], live: Any) -> list[str]:
    """A save refused (every time it was pressed) must have written nothing."""
    written = {_created(e) for e in events if e.kind == "decision"}
    written |= {d.rationale for d in live.decisions}
    refused = {a["rationale"] for a in run.attempts} - {a["rationale"] for a in run.landed()}
    return [f"{r!r} was never reported saved, but the workspace holds it"
            for r in sorted(refused & written)]


def _created(event: Any) -> str | None:
    """The rationale a decision event writes anew (None when it only changes a status)."""
    new, old = event.new or {}, event.old or {}
    rationale = new.get("rationale")
    return rationale if rationale is not None and rationale != old.get("rationale") else None


# -- the report --------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = min(max(math.ceil(share * len(ordered)), 1), len(ordered))
    return ordered[rank - 1]


def summary(run: LoadRun) -> dict[str, Any]:
    attempts = run.attempts
    outcomes = Counter(a["outcome"] for a in attempts)
    decisions = Counter((a["session"], a["counter"]) for a in attempts)
    stale = Counter((a["session"], a["counter"]) for a in attempts if a["outcome"] == STALE)
    return {"sessions": len(run.sessions), "attempts": len(attempts),
            "landed": outcomes[LANDED], "stale": outcomes[STALE], "other": outcomes[OTHER],
            "decisions": len(decisions),
            "gave_up": sum(1 for d, n in decisions.items() if stale[d] == n > RETRIES),
            "cut_short": sum(1 for d, n in decisions.items() if stale[d] == n <= RETRIES),
            "reruns": len(run.latencies()), "seconds": run.seconds, "startup": run.startup}


def markdown(run: LoadRun, problems: dict[str, list[str]], seed: int) -> str:
    """The report: totals, rerun latency by kind, one row per session, the checks."""
    total = summary(run)
    lines = [f"# Load, {dt.date.today().isoformat()}", "",
             f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} "
             f"cores. {total['sessions']} sessions, each its own process with an AppTest of "
             f"app.py on the Walkthrough page, on one workspace (a copy of {EXAMPLE}) for "
             f"{total['seconds']:.1f} s (seed {seed}; the sessions took "
             f"{total['startup']:.1f} s to start).", "",
             f"- save attempts: {total['attempts']} ({total['decisions']} decisions, "
             f"up to {RETRIES} retries each after a stale refusal)",
             f"- landed: {total['landed']} ({total['landed'] / max(total['seconds'], 1e-9):.1f}"
             " per second)",
             f"- refused as stale: {total['stale']}; decisions given up after "
             f"{RETRIES} retries: {total['gave_up']}; left unsaved when the time was up: "
             f"{total['cut_short']}",
             f"- other outcomes (errors): {total['other']}", "",
             "| reruns | count | p50 (s) | p95 (s) | max (s) |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for label, kind in (("all", None), ("save", "save"), ("navigate", "navigate")):
        values = run.latencies(kind)
        lines.append(f"| {label} | {len(values)} | {percentile(values, 0.5):.3f} | "
                     f"{percentile(values, 0.95):.3f} | {max(values, default=0):.3f} |")
    lines += ["", "| session | attempts | landed | stale | other | p50 (s) | p95 (s) |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for session in run.sessions:
        counts = Counter(a["outcome"] for a in session["attempts"])
        values = [r["seconds"] for r in session["reruns"] if r["kind"] != "start"]
        lines.append(f"| {session['session']} | {len(session['attempts'])} | "
                     f"{counts[LANDED]} | {counts[STALE]} | {counts[OTHER]} | "
                     f"{percentile(values, 0.5):.3f} | {percentile(values, 0.95):.3f} |")
    lines += ["", "| check | result |", "| --- | --- |"]
    for check, found in problems.items():
        lines.append(f"| {check} | " + ("ok" if not found else
                                         f"{len(found)} problem(s): {found[0]}") + " |")
    return "\n".join(lines) + "\n"


def save_report(text: str, name: str = "load.md") -> Path:
    """Save under benchmarks/results/: load.md from `python -m benchmarks.load` (committed),
    load-latest.md from the test suite (ignored by git, so a test run dirties no file)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    temp = path.with_suffix(".md.tmp")
    temp.write_text(text)
    temp.replace(path)
    return path


def copy_example(folder: Path) -> int:
    """A fresh copy of the bundled example in `folder`; returns its revision."""
    from decisions.store import WorkspaceStore

    store = WorkspaceStore(folder)
    store.init(example=EXAMPLE)
    return store.revision()


# -- command line ------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get(
        "LOAD_SECONDS", "60")))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workspace", type=Path, help="a folder holding the workspace "
                        "(default: a temporary copy of the bundled example)")
    parser.add_argument("--session", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--control", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.session is not None:
        report = run_session(args.session, args.seconds, args.seed, args.control)
        target = args.control / f"{session_name(args.session)}.json"
        target.with_suffix(".tmp").write_text(json.dumps(report))
        target.with_suffix(".tmp").replace(target)
        return 0
    with tempfile.TemporaryDirectory(prefix="skeleton-load-ws-") as temp:
        folder = args.workspace or Path(temp) / "workspace"
        if args.workspace is None:
            initial = copy_example(folder)
        else:
            from decisions.store import WorkspaceStore
            initial = WorkspaceStore(folder).revision()
        run = run_load(folder, args.sessions, args.seconds, args.seed)
        problems = verify(folder, run, initial)
    text = markdown(run, problems, args.seed)
    print(text)
    print(f"saved {save_report(text)}")
    return 1 if any(problems.values()) or summary(run)["other"] else 0


if __name__ == "__main__":
    sys.exit(main())
