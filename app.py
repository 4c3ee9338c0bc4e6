"""The web app (`streamlit run app.py`): navigation over the pages in ui/pages/."""

from __future__ import annotations

import streamlit as st

from ui import app_state, widgets

# How often each session asks the store whether another session changed the workspace.
POLL_SECONDS = 2

PAGES = [
    ("ui/pages/overview.py", "Overview", ":material/dashboard:"),
    ("ui/pages/profile_scope.py", "Profile & scope", ":material/tune:"),
    ("ui/pages/walkthrough.py", "Walkthrough", ":material/directions_walk:"),
    ("ui/pages/decision_log.py", "Decisions", ":material/gavel:"),
    ("ui/pages/graph.py", "Graph", ":material/account_tree:"),
    ("ui/pages/plan.py", "Plan", ":material/calendar_month:"),
    ("ui/pages/progress.py", "Progress", ":material/checklist:"),
    ("ui/pages/export.py", "Export", ":material/download:"),
    ("ui/pages/knowledge_base.py", "Knowledge base", ":material/menu_book:"),
]


@st.fragment(run_every=POLL_SECONDS)
def live_updates() -> None:
    """Rerun the whole app when the workspace's revision moved on (another tab wrote)."""
    if app_state.changed_elsewhere():
        st.rerun(scope="app")
    st.caption(f"Live: revision {app_state.seen_revision()}; checked every {POLL_SECONDS} s.")


def sidebar(snapshot: app_state.Snapshot) -> None:
    with st.sidebar:
        st.caption(f"Workspace: {widgets.safe(str(snapshot.folder))}")
        name = st.text_input("Your name (recorded in the history)",
                             value=app_state.remembered("user", ""), key=app_state.key("user"))
        app_state.remember("user", name)
        live_updates()


def banners(snapshot: app_state.Snapshot) -> None:
    """What is broken, on every page, while the rest of the app keeps working."""
    if snapshot.workspace_problems:
        with st.expander("The workspace file has errors; an empty workspace is shown",
                         expanded=True, icon=":material/error:"):
            widgets.problems("Fix these in workspace.yaml:", snapshot.workspace_problems)
    if snapshot.kb_problems:
        title = ("The workspace's packs did not load; the shipped base is used without them"
                 if snapshot.packs_ignored else "The knowledge base did not load")
        with st.expander(title, expanded=snapshot.kb is None, icon=":material/error:"):
            widgets.problems("Problems (file:line):", snapshot.kb_problems)


def main() -> None:
    st.set_page_config(page_title="Walking Skeleton Planner", page_icon=":material/construction:",
                       layout="wide")
    snapshot = app_state.refresh()
    pages = [st.Page(path, title=title, icon=icon, default=index == 0)
             for index, (path, title, icon) in enumerate(PAGES)]
    page = st.navigation(pages)
    sidebar(snapshot)
    banners(snapshot)
    page.run()


main()
