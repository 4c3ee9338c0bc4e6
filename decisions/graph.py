"""The dependency graph: walk order, frontier, impact and a Graphviz rendering (networkx inside)."""

from __future__ import annotations

import heapq
from collections.abc import Iterable

import networkx as nx

from decisions.findings import Finding
from decisions.scope import PRIORITY_RANK, AspectScope, compute_scope
from decisions.workspace import Workspace
from knowledge.catalog import KnowledgeBase

STATE_COLOURS = {
    "done": "#b7e1cd",
    "in-progress": "#ffe08a",
    "not-started": "#ffffff",
    "deferred": "#d9d9d9",
}
OUT_OF_SCOPE_COLOUR = "#f2f2f2"


def _requires_graph(kb: KnowledgeBase, nodes: Iterable[str]) -> nx.DiGraph:
    """Edges run from prerequisite to dependent, among `nodes` only."""
    keep = set(nodes)
    graph = nx.DiGraph()
    graph.add_nodes_from(a for a in kb.aspects if a in keep)
    for aspect in kb.aspects.values():
        if aspect.id in keep:
            graph.add_edges_from((r, aspect.id) for r in aspect.requires if r in keep)
    return graph


def _acyclic(graph: nx.DiGraph, index: dict[str, int]) -> nx.DiGraph:
    """Cut cycles (a pack may bring one) by dropping each cycle's latest edge, deterministically."""
    graph = graph.copy()
    while True:
        try:
            cycle = nx.find_cycle(graph)
        except nx.NetworkXNoCycle:
            return graph
        graph.remove_edge(*max(cycle, key=lambda e: (index[e[1]], index[e[0]]))[:2])


def _dag(kb: KnowledgeBase, members: Iterable[str]) -> tuple[nx.DiGraph, dict[str, int]]:
    """The requires graph among `members` with any cycle cut, and each aspect's base position."""
    index = {a: i for i, a in enumerate(kb.aspects)}
    return _acyclic(_requires_graph(kb, members), index), index


def walk_order(kb: KnowledgeBase, workspace: Workspace) -> list[str]:
    """The in-scope aspects in an order that respects every prerequisite, visits must before
    should before could (a prerequisite inherits the urgency of what needs it), and stays in
    one category while the dependencies allow."""
    scope = compute_scope(kb, workspace)
    members = [a for a, s in scope.items() if s.in_scope]
    graph, index = _dag(kb, members)
    urgency = _inherited_urgency(graph, scope)
    category_rank = {c.id: i for i, c in enumerate(kb.categories)}
    category = {a: kb.aspects[a].category for a in members}
    waiting = {a: graph.in_degree(a) for a in members}
    # Ready aspects in heaps by (urgency, category): each pick looks at a handful of buckets.
    buckets: dict[tuple[int, str], list[int]] = {}
    aspect_at = {index[a]: a for a in members}

    def push(aspect_id: str) -> None:
        heapq.heappush(buckets.setdefault((urgency[aspect_id], category[aspect_id]), []),
                       index[aspect_id])

    for aspect_id in members:
        if waiting[aspect_id] == 0:
            push(aspect_id)
    order: list[str] = []
    current = ""
    while any(buckets.values()):
        best = min(u for (u, _), heap in buckets.items() if heap)
        bucket = (best, current) if buckets.get((best, current)) else min(
            (key for key, heap in buckets.items() if heap and key[0] == best),
            key=lambda key: category_rank.get(key[1], len(category_rank)))
        pick = aspect_at[heapq.heappop(buckets[bucket])]
        order.append(pick)
        current = category[pick]
        for nxt in graph.successors(pick):
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                push(nxt)
    return order


def _inherited_urgency(graph: nx.DiGraph, scope: dict[str, AspectScope]) -> dict[str, int]:
    urgency = {a: PRIORITY_RANK[scope[a].priority] for a in graph.nodes}
    for node in reversed(list(nx.topological_sort(graph))):
        for nxt in graph.successors(node):
            urgency[node] = min(urgency[node], urgency[nxt])
    return urgency


def frontier(kb: KnowledgeBase, workspace: Workspace,
             order: list[str] | None = None) -> list[str]:
    """In-scope aspects not started whose in-scope prerequisites are all done: start these now.
    Pass the walk order when the caller has it already."""
    scope = compute_scope(kb, workspace)
    ready = []
    for aspect_id in walk_order(kb, workspace) if order is None else order:
        if workspace.progress_of(aspect_id).state != "not-started":
            continue
        needed = [r for r in kb.aspects[aspect_id].requires if scope[r].in_scope]
        if all(workspace.progress_of(r).state == "done" for r in needed):
            ready.append(aspect_id)
    return ready


def impact(kb: KnowledgeBase, aspect_id: str) -> list[str]:
    """Every aspect that depends on `aspect_id`, directly or transitively, in base order."""
    graph = _requires_graph(kb, kb.aspects)
    if aspect_id not in graph:
        return []
    return _in_dependency_order(kb, nx.descendants(graph, aspect_id))


def _in_dependency_order(kb: KnowledgeBase, members: set[str]) -> list[str]:
    sub, index = _dag(kb, members)
    return list(nx.lexicographical_topological_sort(sub, key=index.__getitem__))


def critical_chain_length(kb: KnowledgeBase, members: Iterable[str],
                          weight: dict[str, float]) -> float:
    """The longest weighted path through `members` (a lower bound of any schedule)."""
    graph, _ = _dag(kb, members)
    finish: dict[str, float] = {}
    for node in nx.topological_sort(graph):
        start = max((finish[p] for p in graph.predecessors(node)), default=0.0)
        finish[node] = start + weight.get(node, 0.0)
    return max(finish.values(), default=0.0)


def requirement_pairs(kb: KnowledgeBase, members: Iterable[str]) -> list[tuple[str, str]]:
    """(prerequisite, dependent) pairs among `members`, cycles cut as walk_order cuts them,
    in knowledge-base order of the dependent, then of the prerequisite."""
    graph, index = _dag(kb, members)
    return sorted(graph.edges, key=lambda e: (index[e[1]], index[e[0]]))


def _quote(text: str) -> str:
    clean = "".join(ch if ch.isprintable() else " " for ch in text)
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(kb: KnowledgeBase, workspace: Workspace, findings: list[Finding],
           aspect: str | None = None, category: str | None = None) -> str:
    """Graphviz DOT: clusters by category, nodes coloured by state, conflicts in red.

    With `aspect`, only that aspect and its direct prerequisites and dependents (plus the
    aspects it conflicts with); with `category`, only that category's aspects and their
    direct neighbours. Implied edges are dropped (transitive reduction) to stay readable."""
    scope = compute_scope(kb, workspace)
    shown = _shown(kb, scope, findings, aspect, category)
    graph, index = _dag(kb, shown)
    reduced = nx.transitive_reduction(graph)
    lines = ["digraph skeleton {", '  graph [rankdir=LR, newrank=true, fontname="Helvetica", '
             'fontsize=11, nodesep=0.15, ranksep=0.5];',
             '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
             '  edge [color="#7f7f7f", arrowsize=0.6];']
    for cat in kb.categories:
        members = [a for a in kb.aspects if a in shown and kb.aspects[a].category == cat.id]
        if not members:
            continue
        lines.append(f"  subgraph {_quote('cluster_' + cat.id)} {{")
        lines.append(f'    label={_quote(cat.title)}; style="rounded"; color="#bfbfbf";')
        lines += [f"    {_node(kb, workspace, scope, a, a == aspect)}" for a in members]
        lines.append("  }")
    lines += [f"  {_quote(u)} -> {_quote(v)};" for u, v in sorted(reduced.edges,
                                                                  key=lambda e: (index[e[0]],
                                                                                 index[e[1]]))]
    lines += _conflict_edges(findings, shown)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _shown(kb: KnowledgeBase, scope: dict[str, AspectScope], findings: list[Finding],
           aspect: str | None, category: str | None) -> set[str]:
    shown = {a for a, s in scope.items() if s.in_scope}
    for finding in findings:
        if finding.kind in ("rule", "missing-prerequisite"):
            shown |= {a for a in finding.aspects if a in kb.aspects}
    if aspect and aspect in kb.aspects:
        near = {aspect, *kb.aspects[aspect].requires, *(
            a.id for a in kb.aspects.values() if aspect in a.requires)}
        near |= {a for f in findings if aspect in f.aspects for a in f.aspects}
        shown = {a for a in near if a in kb.aspects}
    elif category:
        own = {a for a in shown if kb.aspects[a].category == category}
        near = set(own)
        for a in own:
            near |= {r for r in kb.aspects[a].requires if r in shown}
        near |= {a for a in shown if set(kb.aspects[a].requires) & own}
        shown = near
    return shown


def _node(kb: KnowledgeBase, workspace: Workspace, scope: dict[str, AspectScope],
          aspect_id: str, focused: bool) -> str:
    state = workspace.progress_of(aspect_id).state
    in_scope = scope[aspect_id].in_scope
    colour = STATE_COLOURS[state] if in_scope else OUT_OF_SCOPE_COLOUR
    style = '"rounded,filled"' if in_scope else '"rounded,filled,dashed"'
    label = kb.aspects[aspect_id].title + ("" if in_scope else " (out of scope)")
    extra = ", penwidth=2.5" if focused else ""
    tooltip = f"{aspect_id}: {state}" if in_scope else f"{aspect_id}: out of scope"
    return (f"{_quote(aspect_id)} [label={_quote(label)}, "
            f"fillcolor={_quote(colour)}, style={style}, tooltip={_quote(tooltip)}{extra}];")


def _conflict_edges(findings: list[Finding], shown: set[str]) -> list[str]:
    lines = []
    seen = set()
    for finding in findings:
        if finding.kind not in ("rule", "missing-prerequisite") or finding.severity == "info":
            continue
        pair = [a for a in finding.aspects if a in shown]
        if len(pair) < 2 or (pair[0], pair[1]) in seen:
            continue
        seen.add((pair[0], pair[1]))
        label = "conflict" if finding.kind == "rule" else "missing"
        lines.append(f"  {_quote(pair[0])} -> {_quote(pair[1])} [color=\"#d62728\", "
                     f"fontcolor=\"#d62728\", penwidth=1.8, style=dashed, constraint=false, "
                     f"label={_quote(label)}, tooltip={_quote(finding.message[:200])}];")
    return lines
