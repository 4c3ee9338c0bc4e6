"""Knowledge base: search and browse aspects; load a pack and see its errors with file:line."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from decisions.scope import describe
from knowledge.catalog import KnowledgeBase
from knowledge.models import Aspect
from ui import app_state, widgets
from ui.app_state import KnowledgeLoad, Snapshot

PACK = "kb.pack"
SAFE_URL = re.compile(r"https?://[^\s()<>\[\]\\]+")


# -- packs ---------------------------------------------------------------------------------------

def load_pack(path_key: str) -> None:
    path = str(app_state.widget_value(path_key) or "").strip()
    app_state.remember(PACK, path or None)


def pack_panel(snapshot: Snapshot) -> KnowledgeLoad | None:
    """The pack this session loaded for browsing (with the base), or None."""
    st.subheader("Load a pack")
    path_key = app_state.key("kb", "pack")
    app_state.preset(path_key, app_state.remembered(PACK) or "")
    with st.form(app_state.key("kb", "pack-form")):
        st.text_input("Folder of a pack on the server", key=path_key,
                      placeholder="e.g. ../our-pack", help="A pack holds category folders of "
                      "aspect files that add to or replace the shipped base. It is validated "
                      "and shown here; the workspace's own packs are listed in its "
                      "workspace.yaml.")
        st.form_submit_button("Validate and browse", on_click=load_pack, args=(path_key,),
                              key=app_state.key("kb", "load"))
    path = app_state.remembered(PACK)
    if snapshot.workspace.packs:
        st.caption("The workspace's packs: " + ", ".join(widgets.safe(p)
                                                        for p in snapshot.workspace.packs))
    if not path:
        return None
    loaded = app_state.load_kb([path])
    if loaded.kb is None:
        widgets.problems(f"The pack {path} does not load; nothing else is affected. "
                         "Problems (file:line:column):", loaded.problems)
    else:
        st.success(widgets.safe(f"The pack {path} is valid: browsing the base with it."))
    return loaded


# -- browsing ------------------------------------------------------------------------------------

def matches(aspect: Aspect, query: str) -> bool:
    words = query.lower().split()
    text = " ".join([aspect.id, aspect.title, aspect.summary, aspect.why,
                     *(p.question for p in aspect.decisions),
                     *(o.label for p in aspect.decisions for o in p.options)]).lower()
    return all(word in text for word in words)


def search(kb: KnowledgeBase, snapshot: Snapshot) -> list[str]:
    categories = {c.id: c.title for c in kb.categories}
    left, right = st.columns([2, 1])
    query = left.text_input("Search", key=app_state.key("kb", "query"),
                            placeholder="token, tenant, outbox, ...")
    chosen = right.multiselect("Category", list(categories), format_func=categories.get,
                               key=app_state.key("kb", "category"), placeholder="All")
    found = [a for a in kb.aspects.values()
             if (not chosen or a.category in chosen) and matches(a, query or "")]
    scope = snapshot.analysis.scope if snapshot.analysis else {}
    rows = [{"Aspect": a.title, "Id": a.id, "Category": categories.get(a.category, a.category),
             "In scope here": scope[a.id].in_scope if a.id in scope else None,
             "Decision points": len(a.decisions), "Likely effort (days)": a.effort.likely}
            for a in found]
    st.caption(f"{len(found)} of {len(kb.aspects)} aspects.")
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    return [a.id for a in found]


def reference(title: str, url: str) -> str:
    if url and SAFE_URL.fullmatch(url):
        return f"[{widgets.safe(title)}]({url})"
    return widgets.safe(f"{title} {url}".strip())


def details(kb: KnowledgeBase, aspect: Aspect) -> None:
    st.subheader(widgets.safe(aspect.title))
    st.caption(f"{widgets.safe(aspect.id)} · {widgets.safe(kb.sources.get(aspect.id, ''))}")
    widgets.prose(aspect.summary)
    st.markdown("**Why it belongs in the skeleton**")
    widgets.prose(aspect.why)
    st.markdown("**What skipping it costs**")
    widgets.prose(aspect.skipping_cost)
    applies = "; or ".join(describe(c) for c in aspect.applies_when) or "every profile"
    st.markdown(f"**Applies to** {widgets.safe(applies)} · **priority** "
                f"{aspect.priority.default} · **effort** {aspect.effort.optimistic:g} / "
                f"{aspect.effort.likely:g} / {aspect.effort.pessimistic:g} person-days")
    if aspect.requires:
        st.markdown("**Builds on** " + ", ".join(
            widgets.safe(kb.aspects[r].title if r in kb.aspects else r) for r in aspect.requires))
    for point in aspect.decisions:
        with st.expander(widgets.safe(point.question)):
            widgets.prose(point.guidance)
            for option in point.options:
                mark = " (recommended)" if option.id == point.recommended else ""
                st.markdown(f"**{widgets.safe(option.label)}**{mark}: "
                            f"{widgets.safe(option.summary)}")
                widgets.bullets([f"+ {p}" for p in option.pros] + [f"− {c}" for c in option.cons])
    st.markdown("**Checklist**")
    widgets.bullets(aspect.checklist)
    if aspect.references:
        st.markdown("**Further reading**")
        st.markdown("\n".join(f"- {reference(r.title, r.url)}" for r in aspect.references))


def browse(kb: KnowledgeBase, snapshot: Snapshot) -> None:
    counts = kb.counts()
    columns = st.columns(len(counts))
    for column, (name, count) in zip(columns, counts.items(), strict=True):
        column.metric(name.capitalize(), count)
    found = search(kb, snapshot)
    if not found:
        return
    picked = st.selectbox("Read one aspect", found, key=app_state.key("kb", "aspect"),
                          format_func=lambda a: f"{kb.aspects[a].title} ({a})")
    if picked:
        details(kb, kb.aspects[picked])


snapshot = app_state.current()
st.title("Knowledge base")
if snapshot.kb_problems:
    widgets.problems("The knowledge base as the workspace configures it does not load. "
                     "Problems (file:line:column):", snapshot.kb_problems)
pack = pack_panel(snapshot)
browsed = pack.kb if pack is not None and pack.kb is not None else snapshot.kb
if browsed is not None:
    st.divider()
    browse(browsed, snapshot)
elif not snapshot.kb_problems:
    st.error("The knowledge base did not load.")
