"""Walkthrough (workshop mode): the in-scope aspects in walk order, one at a time."""

from __future__ import annotations

import zlib

import streamlit as st

from decisions.operations import decide
from decisions.workspace import DECIDABLE, Decision
from exporters.report import time_box
from knowledge.catalog import KnowledgeBase
from knowledge.models import Aspect, DecisionPoint, Option
from ui import app_state, widgets
from ui.app_state import Snapshot

POSITION = "walk.aspect"
OPTIONS_PER_ROW = 4


# -- moving through the walk -----------------------------------------------------------------

def go_to(aspect_id: str) -> None:
    app_state.remember(POSITION, aspect_id)
    st.session_state[app_state.key("walk", "jump")] = aspect_id


def jumped() -> None:
    app_state.remember(POSITION, app_state.widget_value(app_state.key("walk", "jump")))


def navigation(snapshot: Snapshot, order: list[str]) -> str:
    """The aspect shown now (kept across pages), with previous / next / jump controls."""
    current = app_state.remembered(POSITION)
    if current not in order:
        current = order[0]
        app_state.remember(POSITION, current)
    index = order.index(current)
    jump = app_state.key("walk", "jump")
    if app_state.widget_value(jump) != current:
        st.session_state[jump] = current
    back, pick, forward = st.columns([1, 6, 1], vertical_alignment="bottom")
    back.button("Previous", key=app_state.key("walk", "back"), disabled=index == 0,
                on_click=go_to, args=(order[max(index - 1, 0)],), width="stretch")
    pick.selectbox("Aspect", order, key=jump, on_change=jumped,
                   format_func=lambda a: f"{order.index(a) + 1}. "
                                         f"{widgets.aspect_label(snapshot, a)}")
    forward.button("Next", key=app_state.key("walk", "next"), disabled=index == len(order) - 1,
                   on_click=go_to, args=(order[min(index + 1, len(order) - 1)],),
                   width="stretch", type="primary")
    return current


# -- one aspect --------------------------------------------------------------------------------

def aspect_header(snapshot: Snapshot, aspect: Aspect, position: int, total: int) -> None:
    kb, analysis = snapshot.kb, snapshot.analysis
    assert kb is not None and analysis is not None
    scope = analysis.scope[aspect.id]
    st.header(f"{position} of {total}: {widgets.safe(aspect.title)}")
    st.caption(f"{widgets.safe(widgets.category_title(kb, aspect.id))} · priority "
               f"**{scope.priority}** · suggested time box **{time_box(aspect)} min** · "
               f"{len(aspect.decisions)} decision point{'s' * (len(aspect.decisions) != 1)}")
    widgets.prose(aspect.summary)
    left, right = st.columns(2)
    with left:
        st.markdown("**Why now**")
        widgets.prose(aspect.why)
    with right:
        st.markdown("**What skipping it costs**")
        widgets.prose(aspect.skipping_cost)
    if aspect.requires:
        st.caption("Builds on: " + ", ".join(widgets.safe(widgets.aspect_label(snapshot, r))
                                             for r in aspect.requires))
    with st.expander("Checklist: what done means"):
        widgets.bullets(aspect.checklist)
    for item in snapshot.findings:
        if aspect.id in item.aspects and not any(p.startswith(aspect.id + ".")
                                                 for p in item.points):
            widgets.finding(item)


def option_card(point: DecisionPoint, option: Option, live: Decision | None) -> None:
    with st.container(border=True):
        badges = []
        if option.id == point.recommended:
            badges.append(":green-badge[:material/star: Recommended]")
        if live is not None and live.option == option.id:
            badges.append(f":blue-badge[:material/check: Chosen ({live.status})]")
        st.markdown(f"**{widgets.safe(option.label)}** " + " ".join(badges))
        widgets.prose(option.summary)
        st.markdown("**Pros**")
        widgets.bullets(option.pros)
        st.markdown("**Cons**")
        widgets.bullets(option.cons)
        if option.fits_when:
            st.caption("Fits when: " + widgets.safe(option.fits_when))
        if option.risk and option.id != point.recommended:
            st.caption(f":orange[Risk ({option.risk})]: " + widgets.safe(option.risk_reason))


def options_side_by_side(point: DecisionPoint, live: Decision | None) -> None:
    for start in range(0, len(point.options), OPTIONS_PER_ROW):
        row = point.options[start:start + OPTIONS_PER_ROW]
        for column, option in zip(st.columns(OPTIONS_PER_ROW), row, strict=False):
            with column:
                option_card(point, option, live)


def form_keys(point_ref: str, live: Decision | None) -> dict[str, str]:
    """Widget keys that change when the live decision changes (so the form shows it), and
    stay put while it does not (so that a refused save keeps what was typed)."""
    if live is None:
        version = "new"
    else:
        text = f"{live.option}|{live.status}|{live.rationale}|{','.join(live.deciders)}"
        version = f"{live.id}-{zlib.crc32(text.encode()):08x}"
    return {name: app_state.key("walk", point_ref, version, name)
            for name in ("option", "status", "rationale", "deciders", "save")}


def record(point_ref: str, keys: dict[str, str]) -> None:
    """Save the choice (a callback: it runs before the page, with the revision last shown)."""
    values = {name: app_state.widget_value(keys[name])
              for name in ("option", "status", "rationale", "deciders")}
    deciders = [n.strip() for n in str(values["deciders"] or "").split(",") if n.strip()]
    saved = app_state.write(
        point_ref,
        lambda kb, workspace: decide(kb, workspace, point_ref, values["option"],
                                     status=values["status"], rationale=values["rationale"] or "",
                                     deciders=deciders, on=app_state.today()),
        f"Recorded {values['option']} ({values['status']}) for {point_ref}.")
    if saved:
        app_state.drop_draft(point_ref)
    else:
        app_state.keep_draft(point_ref, values)


def decision_form(point_ref: str, point: DecisionPoint, live: Decision | None) -> None:
    keys = form_keys(point_ref, live)
    for name, value in (app_state.draft(point_ref) or {}).items():
        app_state.preset(keys[name], value)
    ids = [o.id for o in point.options]
    app_state.preset(keys["option"],
                     live.option if live and live.option in ids else point.recommended or ids[0])
    app_state.preset(keys["status"],
                     live.status if live and live.status in DECIDABLE else "accepted")
    app_state.preset(keys["rationale"], live.rationale if live else "")
    app_state.preset(keys["deciders"], ", ".join(live.deciders) if live
                     else str(app_state.remembered("user", "")))
    labels = {o.id: o.label + (" (recommended)" if o.id == point.recommended else "")
              for o in point.options}
    with st.form(app_state.key("walk", point_ref, "form"), border=True):
        st.radio("Choice", ids, key=keys["option"], horizontal=True,
                 format_func=lambda o: widgets.safe(labels[o]))
        st.selectbox("Status", DECIDABLE, key=keys["status"])
        st.text_area("Rationale: why this option, for this team", key=keys["rationale"])
        st.text_input("Deciders (comma-separated)", key=keys["deciders"])
        st.form_submit_button("Record decision", key=keys["save"], type="primary",
                              on_click=record, args=(point_ref, keys))


def point_findings(snapshot: Snapshot, point_ref: str) -> None:
    """The findings this point's choice causes, with their resolution, next to the choice."""
    caused = [f for f in snapshot.findings if point_ref in f.points]
    if not caused:
        st.caption("No findings for this choice.")
    for item in caused:
        widgets.finding(item)


def decision_point(snapshot: Snapshot, aspect: Aspect, point: DecisionPoint) -> None:
    point_ref = f"{aspect.id}.{point.id}"
    live = snapshot.workspace.current(point_ref)
    st.subheader(widgets.safe(point.question))
    widgets.prose(point.guidance)
    options_side_by_side(point, live)
    form_column, findings_column = st.columns([3, 2])
    with form_column:
        widgets.show_notices(point_ref)
        decision_form(point_ref, point, live)
    with findings_column:
        st.markdown("**Findings of this choice**")
        point_findings(snapshot, point_ref)


def walkthrough(snapshot: Snapshot, kb: KnowledgeBase) -> None:
    assert snapshot.analysis is not None
    order = list(snapshot.analysis.order)
    if not order:
        st.info("No aspect is in scope. Answer the profile questions or bring aspects into "
                "scope on the Profile & scope page.")
        return
    aspect_id = navigation(snapshot, order)
    aspect = kb.aspects[aspect_id]
    aspect_header(snapshot, aspect, order.index(aspect_id) + 1, len(order))
    for point in aspect.decisions:
        st.divider()
        decision_point(snapshot, aspect, point)


snapshot = app_state.current()
st.title("Walkthrough")
if widgets.require_kb(snapshot) and snapshot.kb is not None:
    walkthrough(snapshot, snapshot.kb)
