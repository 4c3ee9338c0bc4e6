"""`skeleton check|order|graph`: findings as a CI gate, the walk order, the dependency graph."""

from __future__ import annotations

import argparse

from decisions.findings import Finding, analyse, exceeds
from decisions.graph import frontier, to_dot, walk_order
from knowledge.errors import UsageError
from ui.commands.common import add_workspace_option, emit, open_workspace, print_json

SEVERITIES = ("error", "warning", "info")


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="list conflicts, missing prerequisites and risks; "
                                              "exit 1 at or above --fail-on")
    add_workspace_option(check)
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.add_argument("--fail-on", choices=("error", "warning"), default="error",
                       help="lowest severity that fails the command (default: error)")
    check.set_defaults(func=run_check)

    order = commands.add_parser("order", help="print the walk order and what can start now")
    add_workspace_option(order)
    order.add_argument("--json", action="store_true")
    order.set_defaults(func=run_order)

    graph = commands.add_parser("graph", help="write the dependency graph as Graphviz DOT")
    add_workspace_option(graph)
    graph.add_argument("--aspect", metavar="ID", help="only this aspect's neighbourhood")
    graph.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    graph.set_defaults(func=run_graph)


def run_check(args: argparse.Namespace) -> int:
    kb, workspace, _ = open_workspace(args)
    findings = analyse(kb, workspace)
    if args.json:
        print_json([f.to_json() for f in findings])
    else:
        print(format_findings(findings))
    return 1 if exceeds(findings, args.fail_on) else 0


def format_findings(findings: list[Finding]) -> str:
    if not findings:
        return "No findings."
    lines = []
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"{severity.upper()} ({len(group)})")
        for finding in group:
            lines.append(f"  [{finding.kind}] {finding.message}")
            lines.append(f"      fix: {finding.resolution}")
            lines.append(f"      id: {finding.id}")
    return "\n".join(lines)


def run_order(args: argparse.Namespace) -> int:
    kb, workspace, _ = open_workspace(args)
    order = walk_order(kb, workspace)
    ready = frontier(kb, workspace, order)
    if args.json:
        print_json({"order": order, "frontier": ready})
        return 0
    for position, aspect_id in enumerate(order, 1):
        state = workspace.progress_of(aspect_id).state
        mark = "  <- can start now" if aspect_id in ready else ""
        print(f"{position:>3}. {aspect_id:<28} {state}{mark}")
    print(f"\nCan start now: {', '.join(ready) if ready else 'nothing'}")
    return 0


def run_graph(args: argparse.Namespace) -> int:
    kb, workspace, _ = open_workspace(args)
    if args.aspect and kb.aspect(args.aspect) is None:
        raise UsageError(f"unknown aspect {args.aspect!r} (see `skeleton kb list`)")
    dot = to_dot(kb, workspace, analyse(kb, workspace), aspect=args.aspect)
    emit(dot, args.output)
    return 0
