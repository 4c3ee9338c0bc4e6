"""Script time of one rerun of every page, measured with Streamlit's AppTest."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def _pages() -> list[tuple[str, str]]:
    import ast

    tree = ast.parse((ROOT / "app.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PAGES":
            return [(path, title) for path, title, _ in ast.literal_eval(node.value)]
    raise RuntimeError("app.py has no PAGES list")


def page_rerun_times(workspace: Path, runs: int) -> dict[str, float]:
    """Median seconds of `at.run()` per page, after a first run that warms the caches."""
    previous = os.environ.get("SKELETON_WORKSPACE")
    os.environ["SKELETON_WORKSPACE"] = str(workspace)
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        times = {}
        for path, title in _pages():
            at.switch_page(path)
            at.run()
            if at.exception:
                raise RuntimeError(f"{title}: {at.exception[0].message}")
            samples = []
            for _ in range(max(runs, 1)):
                started = time.perf_counter()
                at.run()
                samples.append(time.perf_counter() - started)
            times[title] = statistics.median(samples)
        return times
    finally:
        if previous is None:
            os.environ.pop("SKELETON_WORKSPACE", None)
        else:
            os.environ["SKELETON_WORKSPACE"] = previous
