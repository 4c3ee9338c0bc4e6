"""Export: the ADRs (zip or a folder on the server), the plan, the workshop report.

Downloads are generated when clicked (a callable as the data), so that the page itself stays
fast after every change of the workspace."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from decisions.plan import Plan, build_plan
from exporters import plan_export
from exporters.adr_export import FORMATS, adr_zip
from exporters.adr_folder import export_to_folder
from exporters.report import workshop_report
from knowledge.errors import SkeletonError
from ui import app_state, widgets
from ui.app_state import PlanInputs, Snapshot

ADR_FORMATS = {"madr": "MADR 4 (docs/decisions)", "nygard": "Nygard / adr-tools (doc/adr)"}
PLAN_FILES = (
    ("CSV", "plan.csv", "text/csv", plan_export.to_csv),
    ("Markdown", "plan.md", "text/markdown", plan_export.to_markdown),
    ("Mermaid gantt", "plan.mmd", "text/plain", plan_export.to_mermaid),
    ("TaskJuggler", "plan.tjp", "text/plain", plan_export.to_tjp),
)


def write_folder(fmt_key: str, folder_key: str) -> None:
    """Write the ADRs into a folder on the server (a callback, so the result shows at once)."""
    snapshot = app_state.current()
    folder = str(app_state.widget_value(folder_key) or "").strip()
    if snapshot.kb is None or not folder:
        app_state.notify("adr-folder", "error", "Name a folder to write the ADRs into.")
        return
    try:
        result = export_to_folder(snapshot.kb, snapshot.workspace, folder,
                                  app_state.widget_value(fmt_key))
    except (SkeletonError, OSError) as exc:
        app_state.notify("adr-folder", "error", f"Nothing was written: {exc}")
        return
    counts: dict[str, int] = {}
    for item in result.written:
        counts[item.action] = counts.get(item.action, 0) + 1
    summary = ", ".join(f"{n} {action}" for action, n in sorted(counts.items()))
    app_state.notify("adr-folder", "success", f"Wrote into {result.folder}: {summary}.")
    for warning in result.warnings:
        app_state.notify("adr-folder", "warning", warning)


def preview_adrs(snapshot: Snapshot, fmt: str) -> None:
    try:
        export = app_state.adr_export(snapshot, fmt)
    except SkeletonError as exc:
        st.error(widgets.safe(str(exc)))
        return
    for warning in export.warnings:
        st.warning(widgets.safe(warning))
    st.dataframe(pd.DataFrame({"File": list(export.files),
                               "Bytes": [len(t.encode()) for t in export.files.values()]}),
                 hide_index=True)


def adrs(snapshot: Snapshot) -> None:
    kb, workspace = snapshot.kb, snapshot.workspace
    assert kb is not None
    st.subheader("Architecture Decision Records")
    fmt_key = app_state.key("export", "format")
    app_state.preset(fmt_key, app_state.remembered("export.format", "madr"))
    fmt = st.radio("Format", list(FORMATS), key=fmt_key, horizontal=True,
                   format_func=lambda f: ADR_FORMATS.get(f, f))
    app_state.remember("export.format", fmt)
    st.caption(f"{len(workspace.decisions)} decision records (superseded ones keep their own "
               "ADR) and a README index; existing numbers stay stable.")
    st.download_button("Download the ADRs as a zip", lambda: adr_zip(kb, workspace, fmt),
                       file_name=f"adr-{fmt}.zip", mime="application/zip", type="primary",
                       key=app_state.key("export", "adr-zip"), on_click="ignore",
                       icon=":material/download:")
    if st.toggle("Preview the files and any warnings", key=app_state.key("export", "preview")):
        preview_adrs(snapshot, fmt)
    folder_key = app_state.key("export", "folder")
    widgets.show_notices("adr-folder")
    with st.form(app_state.key("export", "folder-form")):
        st.text_input("Or write them into a folder on the server", key=folder_key,
                      placeholder="e.g. ../my-service/docs/decisions",
                      help="Existing ADR numbers are kept, unchanged files are left alone, and a "
                           ".adr-dir file in the folder is honoured.")
        st.form_submit_button("Write the ADRs", on_click=write_folder, args=(fmt_key, folder_key),
                              key=app_state.key("export", "write"))


def planner(snapshot: Snapshot, inputs: PlanInputs) -> Callable[[], Plan]:
    """Makes the plan when a download asks for it (the same plan as the Plan page's)."""
    kb, workspace = snapshot.kb, snapshot.workspace
    assert kb is not None
    return lambda: build_plan(kb, workspace, inputs.start, team=inputs.team,
                              target=inputs.target)


def plan_files(snapshot: Snapshot, inputs: PlanInputs) -> None:
    kb = snapshot.kb
    assert kb is not None
    st.subheader("Plan")
    st.caption(f"{inputs.team} engineers from {inputs.start:%d %b %Y} (change them on the Plan "
               "page).")
    make = planner(snapshot, inputs)
    columns = st.columns(len(PLAN_FILES))
    for column, (label, name, mime, render) in zip(columns, PLAN_FILES, strict=True):
        column.download_button(label, lambda render=render: render(kb, make()), file_name=name,
                               mime=mime, key=app_state.key("export", name), on_click="ignore",
                               icon=":material/download:")


def report(snapshot: Snapshot, inputs: PlanInputs) -> None:
    kb, workspace, findings = snapshot.kb, snapshot.workspace, snapshot.findings
    assert kb is not None
    st.subheader("Workshop report")
    st.caption("Profile, scope, decisions with their rationale, findings and the plan, in "
               "Markdown.")
    make = planner(snapshot, inputs)
    day = app_state.today()
    st.download_button("Download the workshop report",
                       lambda: workshop_report(kb, workspace, findings, day, make()),
                       file_name="workshop-report.md", mime="text/markdown",
                       key=app_state.key("export", "report"), on_click="ignore",
                       icon=":material/download:")
    if st.toggle("Preview the report", key=app_state.key("export", "report-preview")):
        view = app_state.plan(snapshot, inputs)
        made = Plan(workspace.name, view.schedule, view.forecast) if view else None
        st.code(app_state.report(snapshot, made), language="markdown", wrap_lines=True)


snapshot = app_state.current()
st.title("Export")
if widgets.require_kb(snapshot):
    inputs = app_state.plan_inputs(snapshot)
    adrs(snapshot)
    plan_files(snapshot, inputs)
    report(snapshot, inputs)
