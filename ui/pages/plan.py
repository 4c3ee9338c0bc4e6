"""Plan: team size, start and target; the Gantt chart, the critical path and the forecast."""

from __future__ import annotations

import datetime as dt

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from decisions.forecast import PERCENTILES
from decisions.workdays import working_days_through
from ui import app_state, widgets
from ui.app_state import PlanInputs, PlanView, Snapshot

INPUTS = ("team", "start", "target")
ROW_PIXELS = 20


def changed() -> None:
    team, start, target = (app_state.widget_value(app_state.key("plan", name))
                           for name in INPUTS)
    if team and start:
        app_state.set_plan_inputs(PlanInputs(int(team), start, target))


def inputs(snapshot: Snapshot) -> PlanInputs:
    current = app_state.plan_inputs(snapshot)
    for name in INPUTS:
        app_state.preset(app_state.key("plan", name), getattr(current, name))
    team, start, target = st.columns(3)
    team.number_input("Engineers on the skeleton", min_value=1, max_value=200, step=1,
                      key=app_state.key("plan", "team"), on_change=changed,
                      help="Defaults to the profile's team size; changing it here is a what-if.")
    start.date_input("Start", key=app_state.key("plan", "start"), on_change=changed,
                     help="Work starts on the first working day on or after it.")
    target.date_input("Target", key=app_state.key("plan", "target"), on_change=changed,
                      help="The date the skeleton should be done by.")
    return app_state.plan_inputs(snapshot)


GANTT_COLUMNS = ("Aspect", "Category", "Engineer", "Start", "Finish", "Last day",
                 "Effort (person-days)", "Critical")


def gantt_chart() -> alt.Chart:
    """The Gantt chart's shape; the rows come with each run (see app_state.chart_template)."""
    return alt.Chart(pd.DataFrame(columns=GANTT_COLUMNS)).mark_bar(cornerRadius=2).encode(
        x=alt.X("Start:T", title=None, axis=alt.Axis(format="%d %b")),
        x2="Finish:T",
        y=alt.Y("Aspect:N", sort=None, title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=220)),
        color=alt.Color("Category:N", legend=alt.Legend(orient="bottom", columns=4)),
        stroke=alt.Stroke("Critical:N", scale=alt.Scale(domain=["critical path", "has slack"],
                                                        range=["#111111", "transparent"]),
                          legend=alt.Legend(orient="bottom", title=None)),
        strokeWidth=alt.value(2),
        tooltip=["Aspect:N", "Category:N", "Engineer:Q", "Start:T", "Last day:N",
                 "Effort (person-days):Q", "Critical:N"],
    ).properties(title="Schedule (outlined: the critical path)")


def gantt(snapshot: Snapshot, view: PlanView) -> None:
    kb = snapshot.kb
    assert kb is not None
    frame = pd.DataFrame(
        [{"Aspect": kb.aspects[t.aspect_id].title,
          "Category": widgets.category_title(kb, t.aspect_id),
          "Engineer": t.engineer, "Start": pd.Timestamp(t.start_date),
          "Finish": pd.Timestamp(t.end_date + dt.timedelta(days=1)),
          "Last day": t.end_date.isoformat(), "Effort (person-days)": round(t.effort_days, 1),
          "Critical": "critical path" if t.critical else "has slack"}
         for t in view.schedule.tasks], columns=GANTT_COLUMNS)
    spec = app_state.chart_template("gantt", gantt_chart)
    spec["height"] = max(ROW_PIXELS * len(frame), 120)
    st.vega_lite_chart(frame, spec, width="stretch")


def critical_path(snapshot: Snapshot, view: PlanView) -> None:
    kb = snapshot.kb
    assert kb is not None
    st.subheader("Critical path")
    st.caption("Every delay on these aspects delays the end of the skeleton.")
    lines = []
    for aspect_id in view.schedule.critical_path:
        task = view.schedule.task(aspect_id)
        when = f" ({task.start_date:%d %b} – {task.end_date:%d %b})" if task else ""
        lines.append(f"{kb.aspects[aspect_id].title}{when}")
    widgets.bullets(lines)


def histogram_chart(view: PlanView, inputs: PlanInputs) -> alt.LayerChart:
    days, counts = np.unique(view.spans(), return_counts=True)
    frame = pd.DataFrame({"Working days": days, "Trials": counts})
    bars = alt.Chart(frame).mark_bar(color="#7fa7d9").encode(
        x=alt.X("Working days:Q", title="Working days to finish the skeleton"),
        y=alt.Y("Trials:Q"), tooltip=["Working days", "Trials"])
    marks = [{"Working days": view.forecast.days[p],
              "Label": f"P{p}: {view.forecast.date(p):%d %b %Y}"} for p in PERCENTILES]
    if inputs.target is not None:
        marks.append({"Working days": working_days_through(view.schedule.start_date,
                                                           inputs.target),
                      "Label": f"Target: {inputs.target:%d %b %Y}"})
    rules = alt.Chart(pd.DataFrame(marks)).mark_rule(color="#d62728", strokeDash=[4, 3]).encode(
        x="Working days:Q", tooltip=["Label"])
    labels = alt.Chart(pd.DataFrame(marks)).mark_text(
        align="left", dx=4, dy=-6, angle=270, color="#d62728").encode(
        x="Working days:Q", y=alt.value(0), text="Label")
    return (bars + rules + labels).properties(
        height=260, title=f"Forecast ({view.forecast.trials:,} trials)")


def histogram(snapshot: Snapshot, view: PlanView, inputs: PlanInputs) -> None:
    spec = app_state.chart_spec("forecast", (snapshot.kb_key, snapshot.ws_key, inputs),
                                lambda: histogram_chart(view, inputs))
    st.vega_lite_chart(spec, width="stretch")


def forecast_figures(view: PlanView, inputs: PlanInputs) -> None:
    columns = st.columns(len(PERCENTILES) + 1)
    for column, percentile in zip(columns, PERCENTILES, strict=False):
        column.metric(f"P{percentile}", f"{view.forecast.date(percentile):%d %b %Y}",
                      help=f"{view.forecast.days[percentile]} working days; {percentile} % of "
                           "the simulated futures finish by then.")
    if view.forecast.p_target is None:
        columns[-1].metric("Chance of meeting the target", "–", help="Set a target date.")
    else:
        columns[-1].metric("Chance of meeting the target", f"{view.forecast.p_target:.0%}",
                           help=f"Done by {inputs.target:%d %b %Y} in this share of the "
                                "simulated futures.")


def plan_page(snapshot: Snapshot) -> None:
    chosen = inputs(snapshot)
    view = app_state.plan(snapshot, chosen)
    if view is None:
        return
    if not view.schedule.tasks:
        st.success("Nothing is left to build: every in-scope aspect is done or deferred.")
        return
    forecast_figures(view, chosen)
    st.caption(f"Planned end: {view.schedule.end_date:%d %b %Y} "
               f"({view.schedule.duration_days} working days on {view.schedule.team} "
               f"engineer{'s' * (view.schedule.team != 1)}, expected efforts).")
    gantt(snapshot, view)
    left, right = st.columns([3, 2])
    with left:
        histogram(snapshot, view, chosen)
    with right:
        critical_path(snapshot, view)


snapshot = app_state.current()
st.title("Plan")
if widgets.require_kb(snapshot):
    plan_page(snapshot)
