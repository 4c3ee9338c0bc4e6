"""Export: the ADRs (zip or a folder on the server), the plan, the workshop report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from decisions.plan import Plan
from exporters import plan_export
from exporters.adr_export import FORMATS
from exporters.adr_folder import export_to_folder
from knowledge.errors import SkeletonError
from ui import app_state, widgets
from ui.app_state import Snapshot

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


def adrs(snapshot: Snapshot) -> None:
    st.subheader("Architecture Decision Records")
    fmt_key = app_state.key("export", "format")
    app_state.preset(fmt_key, app_state.remembered("export.format", "madr"))
    fmt = st.radio("Format", list(FORMATS), key=fmt_key, horizontal=True,
                   format_func=lambda f: ADR_FORMATS.get(f, f))
    app_state.remember("export.format", fmt)
    if not snapshot.workspace.decisions:
        st.caption("No decision yet: the export holds only the index.")
    try:
        export = app_state.adr_export(snapshot, fmt)
    except SkeletonError as exc:
        st.error(widgets.safe(str(exc)))
        return
    for warning in export.warnings:
        st.warning(widgets.safe(warning))
    st.download_button(f"Download {len(export.files)} files as a zip", app_state.adr_zip(
        snapshot, fmt), file_name=f"adr-{fmt}.zip", mime="application/zip", type="primary",
        key=app_state.key("export", "adr-zip"), on_click="ignore", icon=":material/download:")
    with st.expander("Files in the export"):
        st.dataframe(pd.DataFrame({"File": list(export.files),
                                   "Bytes": [len(t.encode()) for t in export.files.values()]}),
                     hide_index=True)
    folder_key = app_state.key("export", "folder")
    widgets.show_notices("adr-folder")
    with st.form(app_state.key("export", "folder-form")):
        st.text_input("Or write them into a folder on the server", key=folder_key,
                      placeholder="e.g. ../my-service/docs/decisions",
                      help="Existing ADR numbers are kept, unchanged files are left alone, and a "
                           ".adr-dir file in the folder is honoured.")
        st.form_submit_button("Write the ADRs", on_click=write_folder, args=(fmt_key, folder_key),
                              key=app_state.key("export", "write"))


def plan_files(snapshot: Snapshot) -> Plan | None:
    st.subheader("Plan")
    view = app_state.plan(snapshot)
    if view is None:
        return None
    made = Plan(snapshot.workspace.name, view.schedule, view.forecast)
    inputs = app_state.plan_inputs(snapshot)
    st.caption(f"{inputs.team} engineers from {view.schedule.start_date:%d %b %Y} (change them "
               "on the Plan page).")
    assert snapshot.kb is not None
    columns = st.columns(len(PLAN_FILES))
    for column, (label, name, mime, render) in zip(columns, PLAN_FILES, strict=True):
        column.download_button(label, render(snapshot.kb, made), file_name=name, mime=mime,
                               key=app_state.key("export", name), on_click="ignore",
                               icon=":material/download:")
    return made


def report(snapshot: Snapshot, made: Plan | None) -> None:
    st.subheader("Workshop report")
    text = app_state.report(snapshot, made)
    st.download_button("Download the report (Markdown)", text, file_name="workshop-report.md",
                       mime="text/markdown", key=app_state.key("export", "report"),
                       on_click="ignore", icon=":material/download:")
    with st.expander("Preview the report's source"):
        st.code(text, language="markdown", wrap_lines=True)


snapshot = app_state.current()
st.title("Export")
if widgets.require_kb(snapshot):
    adrs(snapshot)
    made = plan_files(snapshot)
    report(snapshot, made)
