"""Decisions: a filtered table of every decision; edit one's status and rationale; its history."""

from __future__ import annotations

import zlib

import pandas as pd
import streamlit as st

from decisions.describe import describe_event
from decisions.operations import decide
from decisions.workspace import DECIDABLE, STATUSES, Decision
from ui import app_state, widgets
from ui.app_state import Snapshot

ANY, WITH, WITHOUT = "any", "with findings", "without findings"


def point_findings(snapshot: Snapshot) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in snapshot.findings:
        for point in item.points:
            counts[point] = counts.get(point, 0) + 1
    return counts


def filtered(snapshot: Snapshot, counts: dict[str, int]) -> list[Decision]:
    kb = snapshot.kb
    assert kb is not None
    categories = {c.id: c.title for c in kb.categories}
    left, middle, right = st.columns(3)
    chosen_categories = left.multiselect("Category", list(categories),
                                         format_func=categories.get,
                                         key=app_state.key("log", "category"),
                                         placeholder="All categories")
    statuses = middle.multiselect("Status", STATUSES, default=list(DECIDABLE),
                                  key=app_state.key("log", "status"))
    with_findings = right.selectbox("Findings", [ANY, WITH, WITHOUT],
                                    key=app_state.key("log", "findings"))
    kept = []
    for decision in snapshot.workspace.decisions:
        aspect = kb.aspect(decision.aspect_id)
        if chosen_categories and (aspect is None or aspect.category not in chosen_categories):
            continue
        if statuses and decision.status not in statuses:
            continue
        has = counts.get(decision.point, 0) > 0 and decision.status != "superseded"
        if (with_findings == WITH and not has) or (with_findings == WITHOUT and has):
            continue
        kept.append(decision)
    return kept


def table(snapshot: Snapshot, decisions: list[Decision], counts: dict[str, int]) -> None:
    kb = snapshot.kb
    assert kb is not None
    rows = []
    for decision in decisions:
        found = kb.point(decision.point)
        option = kb.option(decision.option_ref)
        rows.append({
            "#": decision.id,
            "Aspect": found[0].title if found else decision.aspect_id,
            "Question": found[1].question if found else decision.point,
            "Choice": option.label if option else decision.option,
            "Status": decision.status, "Date": decision.date,
            "Deciders": ", ".join(decision.deciders), "Rationale": decision.rationale,
            "Findings": counts.get(decision.point, 0) if decision.status != "superseded" else 0,
        })
    st.caption(f"{len(rows)} of {len(snapshot.workspace.decisions)} decision records.")
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                     column_config={"Rationale": st.column_config.TextColumn(width="large")})


def save(decision: Decision, keys: dict[str, str]) -> None:
    status = app_state.widget_value(keys["status"])
    rationale = app_state.widget_value(keys["rationale"]) or ""
    app_state.write("log", lambda kb, ws: decide(kb, ws, decision.point, decision.option,
                                                 status=status, rationale=rationale,
                                                 deciders=decision.deciders,
                                                 on=app_state.today()),
                    f"Decision on {decision.point} saved as {status}.")


def editor(snapshot: Snapshot) -> None:
    kb = snapshot.kb
    assert kb is not None
    live = sorted(snapshot.workspace.current_decisions().values(), key=lambda d: d.id)
    st.subheader("Edit a decision")
    widgets.show_notices("log")
    if not live:
        st.caption("No decision yet: make them in the Walkthrough.")
        return
    points = [d.point for d in live]
    picked = st.selectbox("Decision", points, key=app_state.key("log", "pick"),
                          format_func=lambda p: _label(snapshot, snapshot.workspace.current(p)))
    decision = snapshot.workspace.current(picked)
    assert decision is not None
    version = f"{decision.id}-{zlib.crc32((decision.status + decision.rationale).encode()):08x}"
    keys = {name: app_state.key("log", version, name) for name in ("status", "rationale")}
    app_state.preset(keys["status"], decision.status if decision.status in DECIDABLE
                     else "accepted")
    app_state.preset(keys["rationale"], decision.rationale)
    with st.form(app_state.key("log", "form")):
        st.selectbox("Status", DECIDABLE, key=keys["status"],
                     help="Accepting or rejecting an accepted decision keeps the old record as "
                          "superseded; a proposed one is updated in place.")
        st.text_area("Rationale", key=keys["rationale"])
        st.form_submit_button("Save", type="primary", on_click=save, args=(decision, keys),
                              key=app_state.key("log", "save"))
    decision_history(snapshot, decision)


def _label(snapshot: Snapshot, decision: Decision | None) -> str:
    if decision is None:
        return ""
    option = snapshot.kb.option(decision.option_ref) if snapshot.kb else None
    return f"#{decision.id} {decision.point} = {option.label if option else decision.option} " \
           f"({decision.status})"


def decision_history(snapshot: Snapshot, decision: Decision) -> None:
    st.markdown(f"**History of {widgets.safe(decision.point)}**")
    events = [e for e in app_state.history(snapshot, decision.aspect_id)
              if e.target == decision.point]
    if not events:
        st.caption("No recorded changes.")
    widgets.bullets(f"{e.at:%Y-%m-%d %H:%M} UTC: {describe_event(e)}" for e in reversed(events))


snapshot = app_state.current()
st.title("Decisions")
if widgets.require_kb(snapshot):
    counts = point_findings(snapshot)
    table(snapshot, filtered(snapshot, counts), counts)
    editor(snapshot)
