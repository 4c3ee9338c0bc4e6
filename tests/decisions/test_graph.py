"""Walk order, frontier, impact and the DOT rendering."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from decisions.findings import analyse
from decisions.graph import frontier, impact, to_dot, walk_order
from decisions.workspace import Progress, ScopeOverride, Workspace
from knowledge.loader import load_knowledge
from tests.decisions.analysis_kb import analysis_kb, decision, workspace
from tests.decisions.memory_kb import make_aspect, make_kb
from tests.knowledge.kbfactory import aspect_text, write_base


@st.composite
def graphs(draw):
    n = draw(st.integers(2, 25))
    aspects = []
    for i in range(n):
        requires = draw(st.lists(st.integers(0, i - 1), unique=True, max_size=3)) if i else []
        aspects.append(make_aspect(
            f"a{i}", category=f"c{draw(st.integers(0, 2))}",
            requires=[f"a{j}" for j in requires],
            priority=draw(st.sampled_from(["must", "should", "could"]))))
    out = draw(st.sets(st.integers(0, n - 1), max_size=n // 3))
    ws = Workspace(scope={f"a{i}": ScopeOverride(in_scope=False, reason="r") for i in out})
    return make_kb(aspects), ws


@settings(max_examples=200, deadline=None)
@given(graphs())
def test_walk_order_respects_every_dependency(case):
    kb, ws = case
    order = walk_order(kb, ws)
    position = {a: i for i, a in enumerate(order)}
    assert set(order) == {a for a in kb.aspects if a not in ws.scope}
    for aspect_id in order:
        for required in kb.aspects[aspect_id].requires:
            if required in position:
                assert position[required] < position[aspect_id]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["must", "should", "could"])),
                min_size=1, max_size=20))
def test_without_dependencies_priority_comes_first_and_categories_stay_together(spec):
    kb = make_kb([make_aspect(f"a{i}", f"c{c}", priority=p) for i, (c, p) in enumerate(spec)])
    order = walk_order(kb, Workspace())
    rank = {"must": 0, "should": 1, "could": 2}
    priorities = [rank[kb.aspects[a].priority.default] for a in order]
    assert priorities == sorted(priorities)
    for band in set(priorities):
        categories = [kb.aspects[a].category for a in order
                      if rank[kb.aspects[a].priority.default] == band]
        runs = [c for i, c in enumerate(categories) if i == 0 or categories[i - 1] != c]
        assert len(runs) == len(set(runs))


def test_a_prerequisite_inherits_the_urgency_of_what_needs_it():
    kb = make_kb([make_aspect("base", priority="could"), make_aspect("other", priority="should"),
                  make_aspect("top", requires=["base"], priority="must")])
    assert walk_order(kb, Workspace()) == ["base", "top", "other"]


def test_walk_order_keeps_a_category_together():
    kb = make_kb([make_aspect("x1", "c0"), make_aspect("y1", "c1"), make_aspect("x2", "c0",
                                                                               requires=["y1"]),
                  make_aspect("y2", "c1")])
    assert walk_order(kb, Workspace()) == ["x1", "y1", "y2", "x2"]


def test_frontier_holds_what_can_start_now(tmp_path):
    kb = analysis_kb(tmp_path)
    assert frontier(kb, workspace()) == ["certs", "deploy"]
    done = workspace(progress={"certs": "done"})
    assert frontier(kb, done) == ["tokens", "deploy"]


def test_impact_is_transitive(tmp_path):
    kb = analysis_kb(tmp_path)
    assert impact(kb, "certs") == ["tokens", "login"]
    assert impact(kb, "deploy") == []


def test_a_cycle_from_a_pack_is_a_finding_and_the_order_still_comes(tmp_path):
    base = write_base(tmp_path / "base")
    pack = tmp_path / "pack" / "identity"
    pack.mkdir(parents=True)
    (pack / "a.yaml").write_text(aspect_text("a", requires="b"))
    kb = load_knowledge([tmp_path / "pack"], base=base, allow_cycles=True)
    ws = Workspace()
    cycles = [f for f in analyse(kb, ws) if f.kind == "cycle"]
    assert [f.id for f in cycles] == ["cycle:a->b"]
    assert sorted(walk_order(kb, ws)) == ["a", "b"]
    assert "digraph" in to_dot(kb, ws, cycles)


def test_dot_clusters_by_category_and_colours_by_state(tmp_path):
    kb = analysis_kb(tmp_path)
    ws = workspace(progress={"certs": "done", "tokens": "in-progress"})
    dot = to_dot(kb, ws, analyse(kb, ws))
    assert 'subgraph "cluster_identity"' in dot and 'subgraph "cluster_delivery"' in dot
    assert re.search(r'"certs" \[label="Certs", fillcolor="#b7e1cd"', dot)
    assert re.search(r'"tokens" \[label="Tokens", fillcolor="#ffe08a"', dot)
    assert '"certs" -> "tokens";' in dot and '"tokens" -> "login";' in dot


def test_dot_draws_conflicts_in_red(tmp_path):
    kb = analysis_kb(tmp_path)
    ws = workspace(decision("login.style", "second"), decision("tokens.style", "second", 2))
    dot = to_dot(kb, ws, analyse(kb, ws))
    assert re.search(r'"login" -> "tokens" \[color="#d62728".*label="conflict"', dot)


def test_dot_neighbourhood_shows_only_direct_neighbours(tmp_path):
    kb = analysis_kb(tmp_path)
    ws = workspace()
    dot = to_dot(kb, ws, [], aspect="tokens")
    assert all(f'"{a}" [' in dot for a in ("certs", "tokens", "login"))
    assert '"deploy" [' not in dot


def test_dot_escapes_titles_from_a_pack(tmp_path):
    base = write_base(tmp_path, {"identity/a.yaml": aspect_text("a", title='Evil" ] x [ "')})
    kb = load_knowledge(base=base)
    dot = to_dot(kb, Workspace(), [])
    assert 'label="Evil\\" ] x [ \\""' in dot


def test_transitive_edges_are_dropped_from_the_picture():
    kb = make_kb([make_aspect("a"), make_aspect("b", requires=["a"]),
                  make_aspect("c", requires=["a", "b"])])
    dot = to_dot(kb, Workspace(progress={"a": Progress(state="done")}), [])
    assert '"a" -> "b";' in dot and '"b" -> "c";' in dot and '"a" -> "c";' not in dot
