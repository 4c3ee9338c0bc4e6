"""The store under stress: concurrent writers lose no update; a killed writer loses nothing
that returned and never leaves a workspace that cannot be loaded."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from decisions.history import replay
from decisions.store import WorkspaceStore

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 4
WRITES = 200


def writer(folder: Path, base: Path, name: str, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.decisions.writer", str(folder), str(base), name, str(count)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def reasons(store: WorkspaceStore) -> list[str]:
    return [event.new["reason"] for event in store.history()]


@pytest.mark.slow
def test_concurrent_writers_lose_no_update(store, tiny_base):
    processes = [writer(store.folder, tiny_base, f"w{n}", WRITES) for n in range(WRITERS)]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [p.returncode for p in processes] == [0] * WRITERS, [err for _, err in outputs]
    lines = [line.split() for out, _ in outputs for line in out.splitlines()[1:]]
    landed = {line[1]: int(line[2]) for line in lines if line[0] == "landed"}
    conflicts = [line[1] for line in lines if line[0] == "conflict"]
    assert len(landed) + len(conflicts) == WRITERS * WRITES
    assert conflicts, "the writers never raced; the test proves nothing"
    history = store.history()
    assert sorted(reasons(store)) == sorted(landed)
    assert {e.new["reason"]: e.revision for e in history} == landed
    assert [e.revision for e in history] == list(range(1, len(landed) + 1))
    assert Counter(e.who for e in history) == Counter(r.split("-")[0] for r in landed)
    assert replay(history) == store.load()


@pytest.mark.slow
def test_a_writer_killed_at_any_moment_loses_nothing_that_returned(store, tiny_base):
    rounds = random.Random(int(os.environ.get("SKELETON_KILL_SEED", "20261120")))
    returned: list[str] = []
    for round_number in range(8):
        process = writer(store.folder, tiny_base, f"k{round_number}", 0)
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n"
        time.sleep(rounds.uniform(0.02, 0.3))
        os.kill(process.pid, signal.SIGKILL)
        out, _ = process.communicate(timeout=30)
        returned += [line.split()[1] for line in out.splitlines() if line.startswith("landed")]
        fresh = WorkspaceStore(store.folder)
        workspace = fresh.load()
        written = reasons(fresh)
        assert set(returned) <= set(written)
        assert len(written) - len(returned) <= round_number + 1
        assert replay(fresh.history()) == workspace
        assert workspace.revision == len(written)
        assert {event.via for event in fresh.history()} <= {"cli"}
    assert len(returned) > 8, "no write returned before the kills; the test proves nothing"


def test_threads_sharing_one_store_lose_no_update(store, tiny_kb):
    """The web app shares one store per folder between its sessions' threads."""
    import threading

    from decisions.operations import set_scope
    from knowledge.errors import ConflictError

    aspects = ["certificates", "tokens", "tenant-isolation", "logging"]
    landed: list[str] = []
    refused: list[str] = []

    def session(name: str) -> None:
        for i in range(40):
            reason = f"{name}-{i}"
            seen = store.load().revision
            try:
                store.apply(seen, lambda w, i=i, reason=reason: set_scope(
                    tiny_kb, w, aspects[i % 4], bool(i % 2), reason), name, "web")
            except ConflictError:
                refused.append(reason)
            else:
                landed.append(reason)

    threads = [threading.Thread(target=session, args=(f"t{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(landed) + len(refused) == 160
    assert sorted(reasons(store)) == sorted(landed)
    assert replay(store.history()) == store.load()
