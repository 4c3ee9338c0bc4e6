"""Load: 10 web sessions deciding on one workspace at once for a minute lose nothing.

Each session is a separate process (spawned by benchmarks.load) with its own AppTest of
app.py, so the file lock, the revision check and the per-process caches are exercised as
separate server sessions would exercise them. Every session presses "Record decision" on the
Walkthrough page as a user does; a save refused as stale is pressed again. Afterwards every
save a session saw land must be in the history exactly once and in the workspace, nothing
refused may have been written, the files must parse and the live state must equal the
history's replay. The figures (attempts, landed, stale, rerun latency) are printed and saved
to benchmarks/results/load-latest.md. LOAD_SECONDS shortens the minute for local iteration.
"""

from __future__ import annotations

import os

import pytest

from benchmarks.load import (
    LoadRun,
    copy_example,
    markdown,
    percentile,
    run_load,
    save_report,
    summary,
    verify,
)

SESSIONS = 10
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
SEED = 8


@pytest.mark.slow
def test_ten_sessions_deciding_at_once_lose_nothing(tmp_path, capsys, record_property):
    folder = tmp_path / "workspace"
    initial = copy_example(folder)
    run = run_load(folder, SESSIONS, SECONDS, SEED)
    problems = verify(folder, run, initial)
    report = markdown(run, problems, SEED)
    saved = save_report(report, "load-latest.md")
    totals = summary(run)
    latencies = run.latencies()
    figures = {**totals, "p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95),
               "max": max(latencies, default=0.0)}
    for name, value in figures.items():
        record_property(f"load_{name}", value)
    with capsys.disabled():
        print(f"\n\n{report}(saved to {saved.relative_to(saved.parents[2])})\n")

    assert problems["app"] == [], "an exception or a missing form under load"
    assert totals["other"] == 0, [a["message"] for a in run.attempts if a["outcome"] == "other"]
    assert problems["files"] == [], "a corrupted or half-written file"
    assert problems["history"] == [], "the history does not parse line by line"
    assert problems["replay"] == [], "the live state is not the history's replay"
    assert problems["lost"] == [], "a save the user saw land is not in the workspace once"
    assert problems["phantom"] == [], "a save refused as stale was written anyway"
    assert all(session["attempts"] for session in run.sessions), "a session never saved"
    assert totals["landed"] > 0, "no decision got through"


# -- the checks themselves catch what they are for ---------------------------------------------

def attempt(rationale: str, outcome: str, point: str, option: str) -> dict:
    return {"counter": 1, "try": 0, "point": point, "option": option, "rationale": rationale,
            "outcome": outcome, "seconds": 0.1, "message": ""}


def test_the_checks_catch_a_lost_save_a_phantom_and_a_corrupted_history(tmp_path):
    from decisions.operations import decide
    from decisions.store import WorkspaceStore
    from knowledge.loader import load_knowledge

    kb = load_knowledge(allow_cycles=True)
    folder = tmp_path / "workspace"
    initial = copy_example(folder)
    store = WorkspaceStore(folder)
    (aspect, point), *_ = kb.points()
    ref, option = f"{aspect.id}.{point.id}", point.options[0].id

    def save(rationale: str) -> None:
        store.apply(store.revision(), lambda ws: decide(kb, ws, ref, option,
                                                        rationale=rationale),
                    who="session-00", via="web")

    save("kept")
    save("refused, yet written")
    run = LoadRun([{"session": "session-00", "reruns": [], "errors": [], "attempts": [
        attempt("kept", "landed", ref, option), attempt("lost", "landed", ref, option),
        attempt("refused, yet written", "stale", ref, option)]}], 1.0, 1.0)
    problems = verify(folder, run, initial)
    assert any("'lost' landed, but 0 history event(s)" in p for p in problems["lost"])
    assert not any("'kept'" in p for p in problems["lost"])
    assert problems["phantom"] == ["'refused, yet written' was never reported saved, but the "
                                   "workspace holds it"]
    assert problems["files"] == problems["history"] == problems["replay"] == []

    with open(store.history_file, "ab") as history:
        history.write(b'{"seq": 1, "half a line\n')
    assert verify(folder, run, initial)["history"]
    store.workspace_file.write_text("decisions: [unclosed\n")
    assert verify(folder, run, initial)["files"]
