"""Benchmarks: load, analysis, plan and forecast, ADR export and page reruns, by size.

`python -m benchmarks.run --quick` measures the shipped base only (make bench-quick);
`--full` adds synthetic bases of 500 and 2,000 aspects and the growth between sizes.
Each figure is the median of several runs. The report is a Markdown table, printed and saved
under benchmarks/results/, and ends with one line `targets: N/M met`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synthetic import half_decided, write_synthetic_base
from decisions.effort import effort_plan, total_effort
from decisions.findings import analyse
from decisions.forecast import forecast
from decisions.graph import frontier, walk_order
from decisions.schedule import schedule
from decisions.workspace import Workspace
from exporters.adr_folder import export_to_folder
from knowledge.catalog import KnowledgeBase
from knowledge.loader import BASE_DIR, load_knowledge

RESULTS = Path(__file__).parent / "results"
START = dt.date(2027, 1, 4)


@dataclass
class Figure:
    size: str
    name: str
    seconds: float | None
    """The measured value: seconds, unless `unit` says otherwise."""
    target: float | None = None
    """Met when the value is below it."""
    note: str = ""
    unit: str = "s"
    floor: float | None = None
    """Met only when the value is at least this too."""

    @property
    def met(self) -> bool | None:
        if self.target is None or self.seconds is None:
            return None
        return self.seconds < self.target and (self.floor is None or self.seconds >= self.floor)

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        unit = "" if self.unit == "s" else f" {self.unit}"
        low = "" if self.floor is None else f"{self.floor:g} to "
        return f"{low}< {self.target:g}{unit}"


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


TARGETS = {
    "shipped": {"load": 0.3, "analysis": 0.02, "plan": 0.5, "page": 0.1},
    "2000": {"load": 3.0, "analysis": 0.5, "plan": 5.0, "page": 1.0},
}


def measure_core(size: str, base: Path, kb: KnowledgeBase, ws: Workspace, runs: int
                 ) -> list[Figure]:
    targets = TARGETS.get(size, {})
    load_c = median_time(lambda: load_knowledge(base=base), runs)
    load_py = median_time(lambda: load_knowledge(base=base, pure_python=True), max(runs // 2, 2))
    figures = [
        Figure(size, "knowledge-base load + validation (libyaml)", load_c, targets.get("load")),
        Figure(size, "knowledge-base load + validation (pure Python)", load_py,
               note=f"libyaml is {load_py / load_c:.1f}x faster"),
        Figure(size, "analysis (findings, walk order, frontier)",
               median_time(lambda: (analyse(kb, ws), walk_order(kb, ws), frontier(kb, ws)),
                           runs * 3), targets.get("analysis"),
               note=f"{len(analyse(kb, ws))} findings"),
        Figure(size, "schedule + 10,000-trial forecast",
               median_time(lambda: forecast(schedule(kb, ws, START), 10_000, 1), runs),
               targets.get("plan"), note=f"{len(schedule(kb, ws, START).tasks)} tasks"),
    ]
    figures += measure_adr(size, kb, ws, max(runs // 2, 2))
    return figures


def measure_adr(size: str, kb: KnowledgeBase, ws: Workspace, runs: int) -> list[Figure]:
    records = len(ws.current_decisions())

    def export() -> None:
        with tempfile.TemporaryDirectory() as folder:
            export_to_folder(kb, ws, folder, "nygard")

    ours = median_time(export, runs)
    figures = [Figure(size, f"ADR export of {records} decisions", ours)]
    adr = shutil.which("adr")
    if adr is None:
        figures[0].note = "adr-tools' `adr` is not on the PATH: no ratio"
        return figures
    count = min(records, 200)

    def adr_new() -> None:
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run([adr, "init", "doc/adr"], cwd=folder, check=True, capture_output=True)
            for i in range(count):
                subprocess.run([adr, "new", f"Decision {i}"], cwd=folder, check=True,
                               capture_output=True, env={**os.environ, "EDITOR": "true"})

    theirs = median_time(adr_new, 1) * records / count
    figures[0].note = f"`adr new` for the same count: {theirs:.2f} s ({theirs / ours:.0f}x ours)"
    return figures


def measure_pages(size: str, workspace_dir: Path, runs: int) -> list[Figure]:
    from benchmarks.pages import page_rerun_times

    target = TARGETS.get(size, {}).get("page")
    return [Figure(size, f"page rerun: {page}", seconds, target)
            for page, seconds in page_rerun_times(workspace_dir, runs).items()]


FULL_B2B = {"market": "b2b", "compliance": ["gdpr", "soc2"], "residency": "multi-jurisdiction",
            "scale": "medium", "stage": "post-pmf", "funding": "funded", "seniority": "senior",
            "team-size": 5}
LEAN = {"market": "b2c", "compliance": [], "residency": "single-jurisdiction", "scale": "small",
        "stage": "pre-pmf", "funding": "bootstrapped"}


def calibration(kb: KnowledgeBase) -> list[Figure]:
    """The seed's yardstick: a senior team of five builds a full B2B skeleton in 4 to 6 months;
    a lean profile needs at least 40 % less effort."""
    full_ws, lean_ws = Workspace(profile=FULL_B2B), Workspace(profile=LEAN)
    outlook = forecast(schedule(kb, full_ws, START), 10_000, 0)
    full = total_effort(effort_plan(kb, full_ws))
    lean = total_effort(effort_plan(kb, lean_ws))
    return [
        Figure("shipped", "calibration: full B2B profile, team of 5, P50", outlook.weeks(50),
               26, f"P85 {outlook.weeks(85):.1f}, P95 {outlook.weeks(95):.1f} weeks; "
                   f"{full:.0f} person-days", unit="weeks", floor=16),
        Figure("shipped", "calibration: lean profile's effort below the full one",
               100 * (1 - lean / full), 100.1, f"{lean:.0f} vs {full:.0f} person-days",
               unit="%", floor=40),
    ]


def shipped(runs: int, pages: bool) -> list[Figure]:
    kb = load_knowledge()
    ws = half_decided(kb)
    figures = calibration(kb) + measure_core("shipped", BASE_DIR, kb, ws, runs)
    if pages:
        with tempfile.TemporaryDirectory() as folder:
            figures += measure_pages("shipped", _workspace_folder(Path(folder), ws), runs)
    return figures


def synthetic(aspects: int, runs: int, pages: bool) -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        base = write_synthetic_base(Path(folder) / "base", aspects)
        kb = load_knowledge(base=base)
        ws = half_decided(kb)
        size = str(aspects)
        figures = measure_core(size, base, kb, ws, runs)
        if pages:
            pack = _as_pack(base, Path(folder) / "pack")
            full = load_knowledge([pack])
            figures += measure_pages(size, _workspace_folder(
                Path(folder) / "ws", half_decided(full).model_copy(update={"packs": [str(pack)]})),
                max(runs // 2, 1))
        return figures


def _as_pack(base: Path, pack: Path) -> Path:
    shutil.copytree(base, pack)
    (pack / "profile.yaml").unlink()
    return pack


def _workspace_folder(folder: Path, ws: Workspace) -> Path:
    from decisions.store import WorkspaceStore

    store = WorkspaceStore(folder / "workspace")
    store.init(ws)
    return store.folder


def growth(figures: list[Figure]) -> list[str]:
    by = {(f.size, f.name): f.seconds for f in figures if f.seconds}
    lines = []
    for name in sorted({f.name for f in figures if not f.name.startswith("page")}):
        small, large = by.get(("500", name)), by.get(("2000", name))
        if small and large:
            lines.append(f"| {name} | {large / small:.1f}x for 4x the aspects |")
    return lines


def report(figures: list[Figure], mode: str) -> str:
    lines = [f"# Benchmarks ({mode}), {dt.date.today().isoformat()}", "",
             f"Python {platform.python_version()} on {platform.machine()}, "
             f"{os.cpu_count()} cores; median of several runs.", "",
             "| size | figure | value (s) | target | met | note |",
             "| --- | --- | ---: | ---: | :---: | --- |"]
    for f in figures:
        seconds = "n/a" if f.seconds is None else f"{f.seconds:.4f}"
        met = {True: "yes", False: "NO", None: ""}[f.met]
        if f.unit != "s" and f.seconds is not None:
            seconds = f"{f.seconds:.1f} {f.unit}"
        lines.append(f"| {f.size} | {f.name} | {seconds} | {f.target_text} | {met} | {f.note} |")
    ratios = growth(figures)
    if ratios:
        lines += ["", "Growth from 500 to 2,000 aspects (linear would be 4x):", "",
                  "| figure | ratio |", "| --- | --- |", *ratios]
    judged = [f for f in figures if f.met is not None]
    lines += ["", f"targets: {sum(bool(f.met) for f in judged)}/{len(judged)} met"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="the shipped base only (< 60 s)")
    mode.add_argument("--full", action="store_true", help="shipped, 500 and 2,000 aspects")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-pages", action="store_true", help="skip the AppTest page reruns")
    args = parser.parse_args(argv)
    pages = not args.no_pages
    figures = shipped(args.runs, pages)
    if args.full:
        figures += synthetic(500, max(args.runs - 2, 3), pages)
        figures += synthetic(2000, 3, pages)
    name = "full" if args.full else "quick"
    text = report(figures, name)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.md").write_text(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
