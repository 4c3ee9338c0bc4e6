"""Small rendering helpers shared by the pages: text that never becomes markup, notices, badges."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from decisions.findings import Finding
from exporters.markdown_safe import inline, paragraphs
from knowledge.catalog import KnowledgeBase
from ui import app_state
from ui.app_state import Snapshot

SEVERITY_ICON = {"error": ":material/error:", "warning": ":material/warning:",
                 "info": ":material/info:"}


def safe(text: str) -> str:
    """One line of user or pack text as Markdown that shows exactly that text.

    Beyond CommonMark, Streamlit reads `:colour[...]`, `:material/icon:` and emoji
    shortcodes; escaping every colon keeps those from being injected too."""
    return inline(text).replace(":", "\\:")


def safe_block(text: str) -> str:
    """Multi-line user or pack text as escaped Markdown paragraphs."""
    return "\n\n".join(p.replace(":", "\\:") for p in paragraphs(text))


def prose(text: str) -> None:
    """Render user or pack text: words only, never HTML, links or formatting."""
    body = safe_block(text)
    if body:
        st.markdown(body)


def bullets(items: Iterable[str]) -> None:
    lines = [f"- {safe(item)}" for item in items]
    if lines:
        st.markdown("\n".join(lines))


def show_notices(place: str) -> None:
    """Show (once) what the last write at `place` reported."""
    for level, text in app_state.take_notices(place):
        show = {"success": st.success, "info": st.info, "warning": st.warning}.get(level, st.error)
        show(safe(text))


def finding(item: Finding) -> None:
    """A finding with its resolution, coloured by severity."""
    show = {"error": st.error, "warning": st.warning}.get(item.severity, st.info)
    show(f"**{item.severity.capitalize()}** ({item.kind}): {safe(item.message)}  \n"
         f"*Resolution:* {safe(item.resolution)}", icon=SEVERITY_ICON[item.severity])


def require_kb(snapshot: Snapshot) -> bool:
    """Whether the page can render; when the base did not load, say so and where to look."""
    if snapshot.kb is not None:
        return True
    st.error("The knowledge base did not load, so this page cannot be shown. Its errors are "
             "listed on the Knowledge base page.")
    return False


def problems(title: str, lines: Iterable[str]) -> None:
    """A list of file:line problems, as plain text."""
    text = "\n".join(lines)
    if text:
        st.error(safe(title))
        st.code(text, language=None, wrap_lines=True)


def aspect_label(snapshot: Snapshot, aspect_id: str) -> str:
    """`Token management (token-management)`, for select boxes (plain text)."""
    aspect = snapshot.kb.aspect(aspect_id) if snapshot.kb else None
    return f"{aspect.title} ({aspect_id})" if aspect else aspect_id


def category_title(kb: KnowledgeBase, aspect_id: str) -> str:
    aspect = kb.aspect(aspect_id)
    category = kb.category(aspect.category) if aspect else None
    return category.title if category else (aspect.category if aspect else "")
