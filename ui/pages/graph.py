"""Graph: the dependency graph, whole, by category, or around one aspect; conflicts in red."""

from __future__ import annotations

import streamlit as st

from ui import app_state, widgets
from ui.app_state import Snapshot

EVERYTHING = ""


def remember(name: str) -> None:
    app_state.remember(f"graph.{name}", app_state.widget_value(app_state.key("graph", name)))


def filters(snapshot: Snapshot) -> tuple[str | None, str | None]:
    kb = snapshot.kb
    assert kb is not None
    categories = [EVERYTHING, *(c.id for c in kb.categories)]
    titles = {c.id: c.title for c in kb.categories}
    aspects = [EVERYTHING, *sorted(kb.aspects, key=lambda a: kb.aspects[a].title.lower())]
    for name, options in (("category", categories), ("aspect", aspects)):
        kept = app_state.remembered(f"graph.{name}", EVERYTHING)
        app_state.preset(app_state.key("graph", name), kept if kept in options else EVERYTHING)
    left, right = st.columns(2)
    category = left.selectbox("Category", categories, key=app_state.key("graph", "category"),
                              on_change=remember, args=("category",),
                              format_func=lambda c: titles.get(c, "All categories"))
    aspect = right.selectbox("Neighbourhood of one aspect", aspects,
                             key=app_state.key("graph", "aspect"), on_change=remember,
                             args=("aspect",),
                             format_func=lambda a: widgets.aspect_label(snapshot, a) if a
                             else "None (whole graph or category)",
                             help="The aspect, what it builds on, what builds on it, and what "
                                  "it conflicts with. Overrides the category.")
    return category or None, aspect or None


def graph_page(snapshot: Snapshot) -> None:
    assert snapshot.kb is not None
    category, aspect = filters(snapshot)
    dot = app_state.dot(snapshot, aspect, None if aspect else category)
    st.caption("Arrows run from a prerequisite to what builds on it. Fill: white not started, "
               "yellow in progress, green done, grey deferred; dashed boxes are out of scope; "
               "red dashed arrows are conflicts and missing prerequisites.")
    st.graphviz_chart(dot, width="stretch")
    st.download_button("Download the DOT source", dot, file_name="skeleton.dot",
                       mime="text/vnd.graphviz", key=app_state.key("graph", "download"),
                       on_click="ignore")


snapshot = app_state.current()
st.title("Dependency graph")
if widgets.require_kb(snapshot):
    graph_page(snapshot)
