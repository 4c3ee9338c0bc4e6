"""Profile & scope: the profile questions, the aspects in and out of scope, overrides."""

from __future__ import annotations

import json
import zlib
from typing import Any

import pandas as pd
import streamlit as st

from decisions.operations import set_profile, set_scope
from knowledge.models import ProfileQuestion
from ui import app_state, widgets
from ui.app_state import Snapshot

FOLLOW, INCLUDE, LEAVE_OUT = "follow", "include", "leave-out"
OVERRIDE_LABELS = {FOLLOW: "Follow the profile", INCLUDE: "Bring into scope",
                   LEAVE_OUT: "Leave out of scope"}


# -- profile ---------------------------------------------------------------------------------

def profile_version(snapshot: Snapshot) -> str:
    """Changes when the stored profile changes, so that the form shows another tab's edit."""
    text = json.dumps(snapshot.workspace.profile, sort_keys=True)
    return f"{zlib.crc32(text.encode()):08x}"


def question_widget(question: ProfileQuestion, widget_key: str) -> None:
    """One question; its label and help come from a pack, so they are escaped (widget labels
    and help texts are Markdown; the options of a select box are plain text)."""
    labels = {o.id: o.label for o in question.options}
    label, hint = widgets.safe(question.question), widgets.safe(question.help) or None
    if question.kind == "integer":
        st.number_input(label, key=widget_key, step=1, min_value=question.minimum,
                        max_value=question.maximum, help=hint)
    elif question.kind == "multiple":
        st.multiselect(label, question.option_ids(), key=widget_key, format_func=labels.get,
                       help=hint)
    else:
        st.selectbox(label, question.option_ids(), key=widget_key, format_func=labels.get,
                     help=hint)


def save_profile(keys: dict[str, str]) -> None:
    snapshot = app_state.current()
    assert snapshot.kb is not None
    completed = snapshot.kb.complete_profile(snapshot.workspace.profile)
    answers: dict[str, Any] = {}
    for question_id, widget_key in keys.items():
        value = app_state.widget_value(widget_key)
        if isinstance(value, float):
            value = int(value)
        if value != completed.get(question_id) or question_id in snapshot.workspace.profile:
            answers[question_id] = value
    if app_state.write("profile", lambda kb, ws: set_profile(kb, ws, answers),
                       "Profile saved; scope and plan follow it."):
        app_state.drop_draft("profile")
    else:
        app_state.keep_draft("profile", {k: app_state.widget_value(v) for k, v in keys.items()})


def profile_form(snapshot: Snapshot) -> None:
    kb = snapshot.kb
    assert kb is not None
    st.subheader("Profile")
    completed = kb.complete_profile(snapshot.workspace.profile)
    version = profile_version(snapshot)
    keys = {q.id: app_state.key("profile", version, q.id) for q in kb.questions}
    kept = app_state.draft("profile") or {}
    for question in kb.questions:
        default = kept.get(question.id, completed.get(question.id))
        if question.kind == "multiple":
            default = [v for v in default or [] if v in question.option_ids()]
        elif question.kind == "single" and default not in question.option_ids():
            default = question.option_ids()[0]
        app_state.preset(keys[question.id], default)
    widgets.show_notices("profile")
    with st.form(app_state.key("profile", "form")):
        columns = st.columns(2)
        for index, question in enumerate(kb.questions):
            with columns[index % 2]:
                question_widget(question, keys[question.id])
        st.form_submit_button("Save the profile", type="primary", on_click=save_profile,
                              args=(keys,), key=app_state.key("profile", "save"))


# -- scope -----------------------------------------------------------------------------------

def scope_table(snapshot: Snapshot) -> None:
    kb, analysis = snapshot.kb, snapshot.analysis
    assert kb is not None and analysis is not None
    st.subheader("Scope")
    show = st.segmented_control("Show", ["in scope", "out of scope", "all"], default="in scope",
                                key=app_state.key("scope", "show"))
    rows = []
    for aspect_id, scope in analysis.scope.items():
        if (show == "in scope" and not scope.in_scope) or \
                (show == "out of scope" and scope.in_scope):
            continue
        rows.append({"Aspect": kb.aspects[aspect_id].title,
                     "Category": widgets.category_title(kb, aspect_id),
                     "In scope": scope.in_scope, "Priority": scope.priority,
                     "Why": scope.reason, "Set by the team": scope.overridden})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def save_override(keys: dict[str, str]) -> None:
    aspect_id = app_state.widget_value(keys["aspect"])
    choice = app_state.widget_value(keys["choice"])
    reason = app_state.widget_value(keys["reason"]) or ""
    in_scope = None if choice == FOLLOW else choice == INCLUDE
    if app_state.write("scope", lambda kb, ws: set_scope(kb, ws, aspect_id, in_scope, reason),
                       f"Scope of {aspect_id} saved."):
        app_state.forget(keys["reason"])


def override_form(snapshot: Snapshot) -> None:
    kb, analysis = snapshot.kb, snapshot.analysis
    assert kb is not None and analysis is not None
    st.subheader("Override an aspect's scope")
    keys = {name: app_state.key("scope", name) for name in ("aspect", "choice", "reason")}
    widgets.show_notices("scope")
    with st.form(app_state.key("scope", "form")):
        ids = sorted(kb.aspects, key=lambda a: kb.aspects[a].title.lower())
        st.selectbox("Aspect", ids, key=keys["aspect"],
                     format_func=lambda a: f"{widgets.aspect_label(snapshot, a)}: "
                                           f"{'in' if analysis.scope[a].in_scope else 'out'}")
        st.radio("Scope", list(OVERRIDE_LABELS), key=keys["choice"], horizontal=True,
                 format_func=OVERRIDE_LABELS.get)
        st.text_input("Reason (needed to bring in or leave out)", key=keys["reason"])
        st.form_submit_button("Save the override", on_click=save_override, args=(keys,),
                              key=app_state.key("scope", "save"))


snapshot = app_state.current()
st.title("Profile & scope")
if widgets.require_kb(snapshot):
    profile_form(snapshot)
    scope_table(snapshot)
    override_form(snapshot)
