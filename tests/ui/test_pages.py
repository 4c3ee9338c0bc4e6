"""The web app's pages under AppTest: every page renders for every kind of workspace, and the
key interactions work (choose an option and see its finding, tick a checklist item, change the
team size and see the forecast move, a stale write refused without losing the typed text)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from decisions.graph import walk_order
from decisions.operations import decide
from decisions.store import WorkspaceStore
from decisions.workspace import Workspace
from knowledge.catalog import KnowledgeBase
from tests.ui.conftest import KINDS, PAGES, example_name
from ui import app_state
from ui.widgets import safe

ROOT = Path(__file__).resolve().parents[2]
key = app_state.key


def texts(at) -> str:
    """Every piece of text the page shows, as one string without Markdown's escapes, to look
    for messages in."""
    parts = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "code",
                 "subheader", "header", "title"):
        parts += [str(element.value) for element in getattr(at, kind)]
    return "\n".join(parts).replace("\\", "")


def risky_point(kb: KnowledgeBase, order: list[str]) -> tuple[str, str, str]:
    """The first in-scope (aspect, point, option) whose option is chosen at a stated risk."""
    for aspect_id in order:
        for point in kb.aspects[aspect_id].decisions:
            for option in point.options:
                if option.risk and point.recommended and option.id != point.recommended:
                    return aspect_id, f"{aspect_id}.{point.id}", option.id
    raise AssertionError("the shipped base has no risky option")


# -- every page renders ------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(app, make_workspace, page, kind):
    make_workspace(kind)
    at = app(page)
    assert not at.exception
    assert at.title, "every page has a title"


def test_conflicts_show_as_findings_on_the_overview(app, make_workspace):
    make_workspace("conflicts")
    at = app()
    assert not at.exception
    errors = next(m for m in at.metric if m.label == "Errors")
    assert int(errors.value) > 0
    assert at.error, "the most severe findings are listed"


# -- walkthrough -------------------------------------------------------------------------------

def test_choosing_an_option_shows_its_finding_next_to_it(app, make_workspace, shipped_kb):
    store = make_workspace("empty")
    order = walk_order(shipped_kb, Workspace())
    aspect_id, point, option = risky_point(shipped_kb, order)
    at = app("walkthrough")
    at.selectbox(key=key("walk", "jump")).set_value(aspect_id).run()
    assert f"{order.index(aspect_id) + 1} of {len(order)}" in at.header[0].value
    at.radio(key=key("walk", point, "new", "option")).set_value(option)
    at.text_area(key=key("walk", point, "new", "rationale")).input("We accept the risk.")
    at.button(key=key("walk", point, "new", "save")).click().run()
    assert not at.exception
    decision = store.load().current(point)
    assert decision is not None and decision.option == option
    assert decision.rationale == "We accept the risk."
    shown = texts(at)
    assert "chosen against the recommendation" in shown
    assert "Recorded" in shown


def test_a_stale_write_is_refused_and_the_typed_rationale_stays(app, make_workspace, shipped_kb):
    store = make_workspace("empty")
    aspect_id = walk_order(shipped_kb, Workspace())[0]
    point = shipped_kb.aspects[aspect_id].decisions[0]
    point_ref = f"{aspect_id}.{point.id}"
    mine, theirs = point.options[0].id, point.options[-1].id
    at = app("walkthrough")
    store.apply(store.revision(), lambda ws: decide(shipped_kb, ws, point_ref, theirs,
                                                    rationale="Their reason."),
                who="someone else", via="web")
    at.radio(key=key("walk", point_ref, "new", "option")).set_value(mine)
    at.text_area(key=key("walk", point_ref, "new", "rationale")).input("My careful reason.")
    at.button(key=key("walk", point_ref, "new", "save")).click().run()
    assert not at.exception
    assert "Not saved: workspace changed since you read it" in texts(at)
    assert store.load().current(point_ref).rationale == "Their reason."
    assert "My careful reason." in [t.value for t in at.text_area]
    assert mine in [r.value for r in at.radio]
    save = next(b for b in at.button if b.key and b.key.startswith(key("walk", point_ref))
                and b.key.endswith(":save"))
    save.click().run()
    decision = store.load().current(point_ref)
    assert (decision.option, decision.rationale) == (mine, "My careful reason.")


def test_a_change_from_another_tab_shows_on_the_next_run(app, make_workspace, shipped_kb):
    store = make_workspace("example")
    at = app("decision_log")
    records = len(store.load().decisions)
    open_point = next(f"{a.id}.{p.id}" for a, p in shipped_kb.points()
                      if store.load().current(f"{a.id}.{p.id}") is None)
    store.apply(store.revision(), lambda ws: decide(
        shipped_kb, ws, open_point, shipped_kb.point(open_point)[1].options[0].id),
        who="other tab", via="web")
    assert app_state.current_revision(store) != at.session_state["seen_revision"]
    at.run()
    assert f"of {records + 1} decision records." in texts(at)


# -- progress ----------------------------------------------------------------------------------

def test_ticking_a_checklist_item_saves_it(app, make_workspace, shipped_kb):
    store = make_workspace("empty")
    aspect_id = walk_order(shipped_kb, Workspace())[0]
    at = app("progress")
    at.checkbox(key=key("progress", aspect_id, 0, 0)).check().run()
    assert not at.exception
    assert store.load().progress_of(aspect_id).ticked == [0]
    assert at.checkbox(key=key("progress", aspect_id, 0, 1)).value is True


def test_taking_a_milestone_and_comparing_it(app, make_workspace):
    store = make_workspace("example")
    at = app("progress")
    at.text_input(key=key("milestones", "name")).input("After the test")
    at.button(key=key("milestones", "take")).click().run()
    assert not at.exception
    assert store.load().milestone("After the test") is not None
    picker = next(s for s in at.selectbox if s.label == "Compare a milestone with today")
    assert picker.value == "After the test"
    assert "Nothing changed since this milestone." in texts(at)


# -- plan --------------------------------------------------------------------------------------

def p50(at) -> dt.date:
    metric = next(m for m in at.metric if m.label == "P50")
    return dt.datetime.strptime(metric.value, "%d %b %Y").date()


def test_changing_the_team_size_moves_the_forecast(app, make_workspace):
    make_workspace("example")
    at = app("plan")
    before = p50(at)
    at.number_input(key=key("plan", "team")).set_value(1).run()
    assert not at.exception
    assert p50(at) > before
    gantt, histogram = at.get("vega_lite_chart")
    assert '"x2"' in gantt.proto.spec and '"rule"' in histogram.proto.spec


def test_the_plan_inputs_survive_a_visit_to_another_page(app, make_workspace):
    make_workspace("example")
    at = app("plan")
    at.number_input(key=key("plan", "team")).set_value(2).run()
    at.switch_page("ui/pages/overview.py").run()
    assert next(m for m in at.metric if m.label == "Engineers").value == "2"
    at.switch_page("ui/pages/plan.py").run()
    assert at.number_input(key=key("plan", "team")).value == 2


# -- graph, decisions, export, knowledge base -----------------------------------------------------

def test_graph_shows_the_neighbourhood_of_one_aspect(app, make_workspace, shipped_kb):
    make_workspace("example")
    at = app("graph")
    whole = at.get("graphviz_chart")[0].proto.spec
    aspect_id = next(a for a in shipped_kb.aspects.values() if a.requires).id
    at.selectbox(key=key("graph", "aspect")).set_value(aspect_id).run()
    near = at.get("graphviz_chart")[0].proto.spec
    assert near.startswith("digraph") and len(near) < len(whole)
    assert f'"{aspect_id}"' in near


def test_editing_a_decision_records_its_history(app, make_workspace):
    store = make_workspace("example")
    at = app("decision_log")
    picked = at.selectbox(key=key("log", "pick")).value
    decision = store.load().current(picked)
    rationale = next(t for t in at.text_area if t.key and t.key.endswith(":rationale"))
    rationale.input("Revisited in the test.")
    at.button(key=key("log", "save")).click().run()
    assert not at.exception
    assert store.load().current(decision.point).rationale == "Revisited in the test."
    assert f"History of {decision.point}" in texts(at)


def shown_records(at) -> int:
    caption = next(c.value for c in at.caption if c.value.endswith(" decision records."))
    return int(caption.split(" of ")[0])


def test_decision_filters_narrow_the_table(app, make_workspace):
    make_workspace("conflicts")
    at = app("decision_log")
    everything = shown_records(at)
    at.selectbox(key=key("log", "findings")).set_value("with findings").run()
    with_findings = shown_records(at)
    at.selectbox(key=key("log", "findings")).set_value("without findings").run()
    assert not at.exception
    without_findings = shown_records(at)
    assert with_findings > 0
    assert with_findings + without_findings == everything


def test_export_offers_every_download(app, make_workspace):
    make_workspace("example")
    at = app("export")
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith("Download") and "zip" in label for label in labels)
    assert {"CSV", "Markdown", "Mermaid gantt", "TaskJuggler"} <= set(labels)
    assert any("report" in label for label in labels)


def test_writing_adrs_into_a_folder(app, make_workspace, tmp_path):
    make_workspace("example")
    at = app("export")
    at.text_input(key=key("export", "folder")).input(str(tmp_path / "adr"))
    at.button(key=key("export", "write")).click().run()
    assert not at.exception
    assert "Wrote into" in texts(at)
    assert (tmp_path / "adr" / "README.md").is_file()


def test_knowledge_base_search_and_a_broken_pack(app, make_workspace, tmp_path):
    make_workspace("empty")
    pack = tmp_path / "pack" / "identity"
    pack.mkdir(parents=True)
    (pack / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n")
    at = app("knowledge_base")
    at.text_input(key=key("kb", "query")).input("token").run()
    assert "Token management (token-management)" in at.selectbox(key=key("kb", "aspect")).options
    at.text_input(key=key("kb", "pack")).input(str(tmp_path / "pack"))
    at.button(key=key("kb", "load")).click().run()
    assert not at.exception
    assert "broken.yaml:3:1: invalid YAML" in texts(at)


# -- starting, broken inputs, hostile text ------------------------------------------------------

def test_opening_the_app_creates_the_missing_workspace(app, make_workspace):
    store = make_workspace("missing")
    at = app()
    assert not at.exception
    assert store.exists() and store.load() == Workspace()
    assert [b.key for b in at.button if b.key == key("start", example_name())]


def test_the_example_is_offered_only_while_the_workspace_is_untouched(app, make_workspace):
    make_workspace("example")
    at = app()
    assert not [b for b in at.button if b.key == key("start", example_name())]


def test_starting_from_the_bundled_example(app, make_workspace):
    store = make_workspace("missing")
    at = app()
    assert store.exists()
    at.button(key=key("start", example_name())).click().run()
    assert not at.exception
    assert store.exists() and store.load().decisions


def test_first_decision_creates_the_missing_workspace(app, make_workspace, shipped_kb):
    store = make_workspace("missing")
    aspect_id = walk_order(shipped_kb, Workspace())[0]
    point_ref = f"{aspect_id}.{shipped_kb.aspects[aspect_id].decisions[0].id}"
    at = app("walkthrough")
    at.button(key=key("walk", point_ref, "new", "save")).click().run()
    assert not at.exception
    assert store.load().current(point_ref) is not None


@pytest.mark.parametrize("page", PAGES)
def test_a_broken_pack_is_reported_and_the_base_used(app, make_workspace, tmp_path, page):
    pack = tmp_path / "pack" / "identity"
    pack.mkdir(parents=True)
    (pack / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n")
    WorkspaceStore(make_workspace("missing").folder).init(
        Workspace(packs=[str(tmp_path / "pack")]))
    at = app(page)
    assert not at.exception
    assert any("packs did not load" in e.label for e in at.expander)
    assert "broken.yaml:3:1: invalid YAML" in texts(at)


@pytest.mark.parametrize("page", PAGES)
def test_a_broken_base_leaves_the_app_usable(app, make_workspace, tmp_path, monkeypatch,
                                              page):
    make_workspace("empty")
    monkeypatch.setattr(app_state, "BASE_DIR", tmp_path / "no-base-here")
    at = app(page)
    assert not at.exception
    assert "did not load" in texts(at) or any("did not load" in e.label for e in at.expander)


def test_an_invalid_workspace_file_shows_its_errors(app, make_workspace):
    store = make_workspace("empty")
    store.workspace_file.write_text("version: 1\ndecisions: nope\n")
    at = app()
    assert not at.exception
    assert "workspace.yaml:2" in texts(at)


def test_user_and_pack_text_is_never_html():
    sources = [ROOT / "app.py", *sorted((ROOT / "ui").rglob("*.py"))]
    for source in sources:
        text = source.read_text()
        assert "unsafe_allow_html" not in text, source
        assert "st.html" not in text and "components.v1" not in text, source


def test_hostile_names_are_escaped(app, make_workspace):
    make_workspace("conflicts")
    at = app()
    caption = next(c.value for c in at.caption if "everywhere" in c.value)
    assert "<b>" not in caption and "\\<b\\>" in caption
    assert "\\[x\\]" in caption


HOSTILE = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) :red[red] **bold** $x$"


def hostile_pack(root: Path) -> Path:
    """A pack that replaces certificate-management with hostile text in what the pages show."""
    import yaml

    from knowledge.loader import BASE_DIR

    data = yaml.safe_load((BASE_DIR / "identity" / "certificate-management.yaml").read_text())
    data["title"] = data["summary"] = data["why"] = HOSTILE
    data["checklist"][0] = HOSTILE
    point = data["decisions"][0]
    point["question"] = point["guidance"] = HOSTILE
    point["options"][0]["label"] = point["options"][0]["pros"][0] = HOSTILE
    (root / "identity").mkdir(parents=True)
    (root / "identity" / "certificate-management.yaml").write_text(yaml.safe_dump(data))
    return root


@pytest.mark.parametrize("page", ["walkthrough", "knowledge_base", "progress", "overview"])
def test_pack_text_is_shown_as_words_only(app, make_workspace, tmp_path, page):
    pack = hostile_pack(tmp_path / "pack")
    WorkspaceStore(make_workspace("missing").folder).init(Workspace(packs=[str(pack)]))
    at = app(page)
    if page == "knowledge_base":
        at.selectbox(key=key("kb", "aspect")).set_value("certificate-management").run()
    assert not at.exception
    assert not any("did not load" in e.label for e in at.expander)
    bodies = [str(e.value) for kind in ("markdown", "caption", "header", "subheader", "error",
                                        "warning", "info", "success")
              for e in getattr(at, kind)]
    bodies += [str(e.label) for e in [*at.checkbox, *at.expander, *at.radio]]
    bodies += [str(option) for radio in at.radio for option in radio.proto.options]
    shown = [b for b in bodies if "onerror" in b]
    assert shown or page == "overview", "the hostile text is on the page"
    for body in shown:
        assert HOSTILE not in body
        assert safe(HOSTILE) in body, body
