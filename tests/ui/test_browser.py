"""The real app in Debian's headless Chromium: walk one aspect and decide, see the decision
arrive in a second tab without a reload, see the graph's SVG and the Gantt chart, download the
ADR zip. Skipped where /usr/bin/chromium is missing, except under CI=true, where that fails."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from decisions.graph import walk_order
from decisions.store import WorkspaceStore
from knowledge.loader import load_knowledge
from tests.ui.conftest import example_name

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
STARTUP_SECONDS = 60
WAIT_MS = 20_000
RATIONALE = "Chosen in the browser test, to see it reach the other tab."
DRAFT = "Typed in the other tab and not saved yet."


def require_chromium() -> None:
    if CHROMIUM.is_file():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {CHROMIUM} is missing: .ci/run installs it with apt-get")
    pytest.skip(f"headless Chromium is not installed at {CHROMIUM} (apt-get install chromium)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    url: str
    folder: Path


def wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{output}")
        with contextlib.suppress(OSError), \
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"streamlit did not answer on {url} within {STARTUP_SECONDS} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`streamlit run app.py` on a free port of 127.0.0.1, on a copy of the bundled example."""
    require_chromium()
    folder = tmp_path_factory.mktemp("browser") / "workspace"
    WorkspaceStore(folder).init(example=example_name())
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SKELETON_WORKSPACE": str(folder)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(url, process)
        yield Server(url, folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


def first_change(folder: Path) -> tuple[str, str, str]:
    """The first decision point of the walk's first aspect and an option it does not hold:
    (point, option id, option label)."""
    kb = load_knowledge(allow_cycles=True)
    workspace = WorkspaceStore(folder).load()
    aspect = kb.aspects[walk_order(kb, workspace)[0]]
    point = aspect.decisions[0]
    live = workspace.current(f"{aspect.id}.{point.id}")
    option = next(o for o in point.options if live is None or o.id != live.option)
    return f"{aspect.id}.{point.id}", option.id, option.label


def test_workshop_in_a_real_browser(server: Server, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    point, option_id, label = first_change(server.folder)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(accept_downloads=True, viewport={"width": 1400,
                                                                            "height": 1000})
            walker, watcher = context.new_page(), context.new_page()
            for tab in (watcher, walker):
                tab.goto(f"{server.url}/walkthrough", wait_until="commit")
            for tab in (watcher, walker):
                expect(tab.locator('[data-testid="stForm"]').first).to_be_visible(
                    timeout=WAIT_MS)

            # Text typed but not yet saved in the other tab must survive its live update.
            draft = watcher.locator('[data-testid="stForm"]').nth(1).locator("textarea")
            draft.fill(DRAFT)

            form = walker.locator('[data-testid="stForm"]').first
            form.locator('[data-testid="stRadio"] label').filter(has_text=label).first.click()
            form.locator("textarea").fill(RATIONALE)
            form.get_by_role("button", name="Record decision").click()
            expect(walker.get_by_text(f"Recorded {option_id}", exact=False)).to_be_visible(
                timeout=WAIT_MS)
            decision = WorkspaceStore(server.folder).load().current(point)
            assert decision is not None and decision.rationale == RATIONALE

            # The other tab was not touched: the polling fragment brings the decision in.
            watcher.wait_for_function(
                "text => [...document.querySelectorAll('textarea')].some(t => t.value === text)",
                arg=RATIONALE, timeout=WAIT_MS)
            expect(watcher.locator('[data-testid="stForm"]').nth(1).locator("textarea")
                   ).to_have_value(DRAFT)

            walker.get_by_test_id("stSidebarNav").get_by_text("Graph", exact=True).click()
            expect(walker.locator('[data-testid="stGraphVizChart"] svg').first).to_be_visible(
                timeout=WAIT_MS)
            assert walker.locator('[data-testid="stGraphVizChart"] svg g.node').count() > 10

            walker.get_by_test_id("stSidebarNav").get_by_text("Plan", exact=True).click()
            gantt = walker.locator('[data-testid="stVegaLiteChart"]').first
            expect(gantt.locator("canvas, svg").first).to_be_visible(timeout=WAIT_MS)

            walker.get_by_test_id("stSidebarNav").get_by_text("Export", exact=True).click()
            button = walker.get_by_role("button", name="Download the ADRs as a zip")
            expect(button).to_be_visible(timeout=WAIT_MS)
            with walker.expect_download(timeout=WAIT_MS) as download:
                button.click()
            data = Path(download.value.path()).read_bytes()
        finally:
            browser.close()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "README.md" in names
    adrs = [n for n in names if n[:4].isdigit() and n.endswith(".md")]
    assert len(adrs) >= len(WorkspaceStore(server.folder).load().current_decisions())


def test_missing_chromium_skips_locally_and_fails_under_ci(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_chromium()
