"""Overview: scope, decided and open points, findings, progress by category, forecast, next."""

from __future__ import annotations

import streamlit as st

from ui import app_state, widgets
from ui.app_state import Snapshot


def offer_start(snapshot: Snapshot) -> None:
    """While the workspace is still empty: start from a bundled example instead."""
    with st.container(border=True):
        st.markdown(f"The workspace in {widgets.safe(str(snapshot.folder))} is empty. Start "
                    "from the bundled example to see every page with real content, or begin "
                    "with the profile and the walkthrough.")
        names = app_state.example_names()
        for column, name in zip(st.columns(max(len(names), 1)), names, strict=False):
            column.button(f"Start from the example “{name}”", key=app_state.key("start", name),
                          on_click=app_state.start_workspace, args=(name,), type="primary")


def headline(snapshot: Snapshot) -> None:
    assert snapshot.kb is not None and snapshot.analysis is not None
    status = snapshot.analysis.status
    in_scope = status.scope.in_scope
    decided, still_open = len(status.decisions.decided), len(status.decisions.open)
    done = sum(c.states.get("done", 0) for c in status.progress)
    severities = [f.severity for f in snapshot.findings]
    columns = st.columns(5)
    columns[0].metric("Aspects in scope", f"{in_scope} of {len(snapshot.kb.aspects)}",
                      help=f"{status.scope.overridden} set by the team against the profile.")
    columns[1].metric("Decision points decided", f"{decided} of {decided + still_open}",
                      help=f"{still_open} in-scope decision points are still open.")
    columns[2].metric("Aspects done", f"{done} of {in_scope}")
    columns[3].metric("Errors", severities.count("error"),
                      help="Conflicts and missing prerequisites that block the plan.")
    columns[4].metric("Warnings / info", f"{severities.count('warning')} / "
                                         f"{severities.count('info')}")


def progress_by_category(snapshot: Snapshot) -> None:
    assert snapshot.analysis is not None
    st.subheader("Progress by category")
    for category in snapshot.analysis.status.progress:
        if not category.aspects:
            continue
        done = category.states.get("done", 0)
        st.progress(done / category.aspects,
                    text=f"{widgets.safe(category.title)}: {done} of {category.aspects} "
                         f"aspects done, {category.ticked} of {category.items} checklist "
                         "items ticked")


def start_now(snapshot: Snapshot) -> None:
    kb, analysis = snapshot.kb, snapshot.analysis
    assert kb is not None and analysis is not None
    st.subheader("What the team can start now")
    if not analysis.ready:
        st.caption("Nothing is ready: every in-scope aspect has started, or waits for a "
                   "prerequisite.")
    widgets.bullets(f"{kb.aspects[a].title} ({widgets.category_title(kb, a)})"
                    for a in analysis.ready)


def top_findings(snapshot: Snapshot) -> None:
    st.subheader("Findings")
    findings = snapshot.findings
    if not findings:
        st.success("No conflicts, missing prerequisites or risks.")
        return
    for item in findings[:5]:
        widgets.finding(item)
    if len(findings) > 5:
        st.caption(f"{len(findings) - 5} more on the Decisions and Graph pages.")


def forecast(snapshot: Snapshot) -> None:
    view = app_state.plan(snapshot)
    if view is None:
        return
    inputs = app_state.plan_inputs(snapshot)
    columns = st.columns(4)
    columns[0].metric("Done by (P50)", f"{view.forecast.date(50):%d %b %Y}",
                      help="Half of the simulated futures finish by then.")
    columns[1].metric("Done by (P85)", f"{view.forecast.date(85):%d %b %Y}",
                      help="Commit to this one: 85 % of the simulated futures finish by then.")
    columns[2].metric("Engineers", inputs.team, help="Change it on the Plan page.")
    columns[3].metric("Work left (person-days)",
                      f"{sum(t.effort_days for t in view.schedule.tasks):.0f}")


snapshot = app_state.current()
st.title("Walking Skeleton Planner")
widgets.show_notices("start")
if not snapshot.workspace_problems and app_state.untouched(snapshot.workspace):
    offer_start(snapshot)
if widgets.require_kb(snapshot):
    if snapshot.workspace.name:
        st.caption(widgets.safe(snapshot.workspace.name))
    headline(snapshot)
    forecast(snapshot)
    left, right = st.columns(2)
    with left:
        progress_by_category(snapshot)
    with right:
        start_now(snapshot)
        top_findings(snapshot)
