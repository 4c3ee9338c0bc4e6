"""Progress: each aspect's state and checklist, the burn-up over time, milestones."""

from __future__ import annotations

import datetime as dt
import zlib

import altair as alt
import pandas as pd
import streamlit as st

from decisions.milestones import MilestoneComparison
from decisions.operations import compare_milestone, set_progress, take_milestone
from decisions.workspace import STATES, Progress
from knowledge.errors import SkeletonError
from knowledge.models import Aspect
from ui import app_state, widgets
from ui.app_state import Snapshot

STATE_LABELS = {"not-started": "Not started", "in-progress": "In progress", "done": "Done",
                "deferred": "Deferred"}


# -- state and checklist -----------------------------------------------------------------------

def tick(aspect_id: str, index: int, widget_key: str) -> None:
    ticked = bool(app_state.widget_value(widget_key))
    change = {"tick": [index]} if ticked else {"untick": [index]}
    verb = "Ticked" if ticked else "Unticked"
    if not app_state.write(aspect_id,
                           lambda kb, ws: set_progress(kb, ws, aspect_id, **change),
                           f"{verb} item {index + 1} of {aspect_id}."):
        st.session_state[widget_key] = not ticked


def save_state(aspect_id: str, keys: dict[str, str]) -> None:
    state = app_state.widget_value(keys["state"])
    note = app_state.widget_value(keys["note"]) or ""
    app_state.write(aspect_id, lambda kb, ws: set_progress(kb, ws, aspect_id, state, note=note),
                    f"{aspect_id} is now {STATE_LABELS.get(state, state).lower()}.")


def aspect_progress(aspect: Aspect, progress: Progress) -> None:
    widgets.show_notices(aspect.id)
    for index, item in enumerate(aspect.checklist):
        done = index in progress.ticked
        widget_key = app_state.key("progress", aspect.id, index, int(done))
        app_state.preset(widget_key, done)
        st.checkbox(widgets.safe(item), key=widget_key, on_change=tick,
                    args=(aspect.id, index, widget_key))
    version = f"{zlib.crc32((progress.state + progress.note).encode()):08x}"
    keys = {name: app_state.key("progress", aspect.id, version, name) for name in ("state", "note")}
    app_state.preset(keys["state"], progress.state)
    app_state.preset(keys["note"], progress.note)
    with st.form(app_state.key("progress", aspect.id, "form")):
        left, right = st.columns([1, 2])
        left.selectbox("State", STATES, key=keys["state"], format_func=STATE_LABELS.get)
        right.text_input("Note (why it is done with items open, or deferred)", key=keys["note"])
        st.form_submit_button("Save the state", on_click=save_state, args=(aspect.id, keys),
                              key=app_state.key("progress", aspect.id, "save"))


def checklists(snapshot: Snapshot) -> None:
    kb, analysis = snapshot.kb, snapshot.analysis
    assert kb is not None and analysis is not None
    st.subheader("State and checklist")
    categories = [c for c in kb.categories
                  if any(kb.aspects[a].category == c.id for a in analysis.order)]
    if not categories:
        st.caption("No aspect is in scope.")
        return
    titles = {c.id: c.title for c in categories}
    kept = app_state.remembered("progress.category")
    category_key = app_state.key("progress", "category")
    app_state.preset(category_key, kept if kept in titles else categories[0].id)
    category = st.segmented_control("Category", list(titles), format_func=titles.get,
                                    key=category_key, required=True)
    app_state.remember("progress.category", category)
    for aspect_id in analysis.order:
        aspect = kb.aspects[aspect_id]
        if aspect.category != category:
            continue
        progress = snapshot.workspace.progress_of(aspect_id)
        label = (f"{widgets.safe(aspect.title)}: {STATE_LABELS[progress.state].lower()}, "
                 f"{len(progress.ticked)} of {len(aspect.checklist)} ticked")
        with st.expander(label, expanded=progress.state == "in-progress"):
            aspect_progress(aspect, progress)


# -- burn-up -----------------------------------------------------------------------------------

def burn_up_chart() -> alt.Chart:
    """The burn-up's shape; the points come with each run (see app_state.chart_template)."""
    frame = pd.DataFrame(columns=["Day", "Series", "Person-days"])
    return alt.Chart(frame).mark_line(point=True, interpolate="step-after").encode(
        x=alt.X("Day:T", title=None),
        y=alt.Y("Person-days:Q", title="Expected person-days"),
        color=alt.Color("Series:N", scale=alt.Scale(domain=["Total scope", "Done"],
                                                    range=["#7f7f7f", "#2ca02c"]),
                        legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["Day:T", "Series:N", "Person-days:Q"],
    ).properties(height=280)


def burn_up(snapshot: Snapshot) -> None:
    st.subheader("Burn-up")
    points = app_state.burn_up_points(snapshot)
    if not points:
        st.caption("No history yet: the burn-up starts with the first recorded change.")
        return
    frame = pd.DataFrame(
        [{"Day": pd.Timestamp(p.day), "Series": series, "Person-days": round(value, 1)}
         for series, field in (("Total scope", "scope"), ("Done", "done"))
         for p in points for value in (getattr(p, field),)])
    st.vega_lite_chart(frame, app_state.chart_template("burn-up", burn_up_chart),
                       width="stretch")


# -- milestones ----------------------------------------------------------------------------------

def take(name_key: str) -> None:
    name = str(app_state.widget_value(name_key) or "")
    now = dt.datetime.now(dt.UTC)
    if app_state.write("milestones", lambda kb, ws: take_milestone(kb, ws, name, now),
                       f"Milestone {name.strip()!r} taken."):
        app_state.forget(name_key)


def comparison(result: MilestoneComparison) -> None:
    if result.unchanged:
        st.caption("Nothing changed since this milestone.")
        return
    lines = [f"Profile {c.question}: {c.before} → {c.after}" for c in result.profile]
    lines += [f"Entered the scope: {a}" for a in result.entered_scope]
    lines += [f"Left the scope: {a}" for a in result.left_scope]
    lines += [f"{d.point}: {d.change} ({d.before or '–'} → {d.after or '–'})"
              for d in result.decisions]
    lines += [f"{p.aspect}: {p.before} → {p.after} ({p.ticked_before} → {p.ticked_after} "
              "items ticked)" for p in result.progress]
    widgets.bullets(lines)


def milestones(snapshot: Snapshot) -> None:
    st.subheader("Milestones")
    widgets.show_notices("milestones")
    name_key = app_state.key("milestones", "name")
    with st.form(app_state.key("milestones", "form")):
        st.text_input("Name of a new milestone", key=name_key,
                      placeholder="e.g. End of the planning workshop")
        st.form_submit_button("Take a milestone", on_click=take, args=(name_key,),
                              key=app_state.key("milestones", "take"))
    names = [m.name for m in snapshot.workspace.milestones]
    if not names:
        st.caption("No milestone yet.")
        return
    picked = st.selectbox("Compare a milestone with today", names,
                          index=len(names) - 1,
                          key=app_state.key("milestones", "pick", len(names)))
    assert snapshot.kb is not None
    try:
        result = compare_milestone(snapshot.kb, snapshot.workspace, picked)
    except SkeletonError as exc:
        st.error(widgets.safe(str(exc)))
        return
    st.caption(f"Taken {result.taken_at:%Y-%m-%d %H:%M} UTC at revision {result.revision}.")
    comparison(result)


snapshot = app_state.current()
st.title("Progress")
if widgets.require_kb(snapshot):
    checklists(snapshot)
    left, right = st.columns([3, 2])
    with left:
        burn_up(snapshot)
    with right:
        milestones(snapshot)
