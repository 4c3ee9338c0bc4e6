"""`skeleton init|profile|scope|decide|progress|milestone|history|status`: one team's workspace."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Callable
from typing import Any

from decisions import operations
from decisions.describe import describe, describe_event
from decisions.history import Change, Event
from decisions.lookup import require_aspect
from decisions.milestones import MilestoneComparison
from decisions.store import WorkspaceStore
from decisions.summary import WorkspaceStatus, workspace_status
from decisions.workspace import DECIDABLE, STATES, Workspace
from knowledge.catalog import KnowledgeBase
from knowledge.errors import UsageError
from knowledge.models import parse_option_ref
from ui.commands import common
from ui.commands.common import add_workspace_option, print_json, workspace_dir

USER_ENV = "SKELETON_USER"
SCOPE_CHOICES = {"in": True, "out": False, "auto": None}


def register(commands: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands."""
    init = _command(commands, "init", run_init, "create a workspace (empty, or a bundled example)")
    init.add_argument("--example", metavar="NAME", help="copy a bundled example workspace")

    profile = _command(commands, "profile", run_profile, "answer profile questions, or show them")
    profile.add_argument("answers", nargs="*", metavar="KEY=VALUE",
                         help="an answer; a multiple-choice answer is comma-separated, and "
                              "`compliance=` clears it")
    profile.add_argument("--json", action="store_true", help="print the profile as JSON")
    _add_by(profile)

    scope = _command(commands, "scope", run_scope, "put an aspect in or out of scope")
    scope.add_argument("aspect", metavar="ASPECT")
    scope.add_argument("choice", choices=list(SCOPE_CHOICES), metavar="in|out|auto",
                       help="in or out of scope; auto removes the override")
    scope.add_argument("--why", default="", help="the reason (required for in and out)")
    _add_by(scope)

    decide = _command(commands, "decide", run_decide, "choose an option for a decision point")
    decide.add_argument("choice", metavar="ASPECT.DECISION=OPTION")
    decide.add_argument("--why", default="", help="the rationale")
    decide.add_argument("--status", choices=DECIDABLE, default="accepted")
    _add_by(decide, "who decides (comma-separated for several)")

    progress = _command(commands, "progress", run_progress, "move an aspect, tick its checklist")
    progress.add_argument("aspect", metavar="ASPECT")
    progress.add_argument("state", choices=STATES, metavar="STATE", help=" | ".join(STATES))
    progress.add_argument("--tick", type=int, action="append", default=[], metavar="N",
                          help="tick checklist item N (0-based, repeatable)")
    progress.add_argument("--untick", type=int, action="append", default=[], metavar="N",
                          help="untick checklist item N (repeatable)")
    progress.add_argument("--why", help="a note: why it is done with items unticked, deferred...")
    _add_by(progress)

    milestone = _command(commands, "milestone", run_milestone,
                         "take a named snapshot, or compare one with today")
    milestone.add_argument("name", nargs="?", metavar="NAME")
    milestone.add_argument("--compare", metavar="NAME", help="what changed since milestone NAME")
    milestone.add_argument("--json", action="store_true")
    _add_by(milestone)

    history = _command(commands, "history", run_history, "list the changes, oldest first")
    history.add_argument("aspect", nargs="?", metavar="ASPECT")
    history.add_argument("--json", action="store_true", help="a JSON list, one object per event")

    status = _command(commands, "status", run_status,
                      "profile, scope, decided and open points, progress by category")
    status.add_argument("--json", action="store_true")


def _command(commands: argparse._SubParsersAction, name: str, func: Callable[..., int],
             help_text: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_text, description=help_text)
    add_workspace_option(parser)
    parser.set_defaults(func=func)
    return parser


def _add_by(parser: argparse.ArgumentParser, help_text: str = "who makes the change") -> None:
    parser.add_argument("--by", metavar="NAME",
                        help=f"{help_text} (default: ${USER_ENV}, else your login name)")


def who(args: argparse.Namespace) -> str:
    """--by, else $SKELETON_USER, else the login name."""
    chosen = getattr(args, "by", None) or os.environ.get(USER_ENV)
    return chosen.strip() if chosen else common.login_name("unknown")


def _change(args: argparse.Namespace, build: Callable[[KnowledgeBase, Workspace], Any]) -> int:
    """Apply one change to the workspace named by -w and say what it did."""
    kb, workspace, store = common.open_workspace(args)
    made: list[Change] = []

    def change_fn(current: Workspace) -> tuple[Workspace, list[Change]]:
        new, changes = build(kb, current)
        made[:] = changes
        return new, changes

    written = store.apply(workspace.revision, change_fn, who(args), "cli")
    if not made:
        print(f"nothing changed (revision {written.revision})")
    for change in made:
        print(f"{describe(change)} (revision {written.revision})")
    return 0


# -- commands ------------------------------------------------------------------------------------

def run_init(args: argparse.Namespace) -> int:
    folder = workspace_dir(args)
    WorkspaceStore(folder).init(example=args.example, who=who(args), via="cli")
    source = f" from the example {args.example}" if args.example else ""
    print(f"created a workspace in {folder}{source}")
    return 0


def run_profile(args: argparse.Namespace) -> int:
    if not args.answers:
        kb, workspace, _ = common.open_workspace(args)
        return _print_profile(kb, workspace, args.json)

    def build(kb: KnowledgeBase, workspace: Workspace) -> Any:
        answers = {}
        for text in args.answers:
            key, sep, value = text.partition("=")
            if not sep:
                raise UsageError(f"expected key=value, not {text!r}")
            answers[key.strip()] = operations.parse_answer(kb, key.strip(), value)
        return operations.set_profile(kb, workspace, answers)

    return _change(args, build)


def _print_profile(kb: KnowledgeBase, workspace: Workspace, as_json: bool) -> int:
    profile = kb.complete_profile(workspace.profile)
    if as_json:
        print_json(profile)
        return 0
    for question in kb.questions:
        value = profile.get(question.id)
        shown = ",".join(value) if isinstance(value, list) else ("" if value is None else value)
        default = "" if question.id in workspace.profile else "  (default)"
        print(f"{question.id}={shown}{default}")
    return 0


def run_scope(args: argparse.Namespace) -> int:
    return _change(args, lambda kb, ws: operations.set_scope(
        kb, ws, args.aspect, SCOPE_CHOICES[args.choice], args.why))


def run_decide(args: argparse.Namespace) -> int:
    try:
        aspect_id, point_id, option_id = parse_option_ref(args.choice)
    except ValueError:
        raise UsageError(f"expected aspect.decision=option, not {args.choice!r}") from None
    deciders = [name.strip() for name in who(args).split(",") if name.strip()]
    return _change(args, lambda kb, ws: operations.decide(
        kb, ws, f"{aspect_id}.{point_id}", option_id, status=args.status, rationale=args.why,
        deciders=deciders, on=dt.datetime.now(dt.UTC).date()))


def run_progress(args: argparse.Namespace) -> int:
    return _change(args, lambda kb, ws: operations.set_progress(
        kb, ws, args.aspect, args.state, tick=args.tick, untick=args.untick, note=args.why))


def run_milestone(args: argparse.Namespace) -> int:
    if args.compare:
        kb, workspace, _ = common.open_workspace(args)
        comparison = operations.compare_milestone(kb, workspace, args.compare)
        if args.json:
            print_json(comparison.model_dump(mode="json"))
        else:
            print("\n".join(comparison_lines(comparison)))
        return 0
    if not args.name:
        workspace = WorkspaceStore(workspace_dir(args)).load()
        for milestone in workspace.milestones:
            print(f"{milestone.name}  taken {milestone.taken_at:%Y-%m-%d %H:%M} UTC at revision "
                  f"{milestone.revision}")
        return 0
    return _change(args, lambda kb, ws: operations.take_milestone(
        kb, ws, args.name, dt.datetime.now(dt.UTC)))


def run_history(args: argparse.Namespace) -> int:
    store = WorkspaceStore(workspace_dir(args))
    events = store.history(args.aspect)
    if args.aspect and not events:
        require_aspect(common.open_workspace(args)[0], args.aspect)
    if args.json:
        print_json([event.model_dump(mode="json") for event in events])
        return 0
    for event in events:
        print(history_line(event))
    return 0


def history_line(event: Event) -> str:
    return (f"{event.seq:>4}  {event.at:%Y-%m-%d %H:%M}  r{event.revision:<4} "
            f"{describe_event(event)} via {event.via}")


def run_status(args: argparse.Namespace) -> int:
    kb, workspace, store = common.open_workspace(args)
    status = workspace_status(kb, workspace)
    if args.json:
        print_json({"folder": str(store.folder), **status.model_dump(mode="json")})
    else:
        print("\n".join(status_lines(status, str(store.folder))))
    return 0


# -- text ----------------------------------------------------------------------------------------

def status_lines(status: WorkspaceStatus, folder: str) -> list[str]:
    title = status.name or folder
    scope, decisions = status.scope, status.decisions
    total = len(decisions.decided) + len(decisions.open)
    lines = [f"{title} (revision {status.revision})", "",
             "Profile: " + ", ".join(f"{k}={_shown(v)}" for k, v in status.profile.items()),
             f"Scope: {scope.in_scope} aspects in scope, {scope.out_of_scope} out "
             f"(must {scope.by_priority['must']}, should {scope.by_priority['should']}, "
             f"could {scope.by_priority['could']}); {scope.overridden} set by the team",
             f"Decisions: {len(decisions.decided)} of {total} decision points decided "
             f"({decisions.by_status['accepted']} accepted, {decisions.by_status['proposed']} "
             f"proposed), {len(decisions.open)} open"]
    if decisions.open:
        shown = ", ".join(decisions.open[:8])
        more = len(decisions.open) - 8
        lines.append(f"  open: {shown}" + (f" and {more} more" if more > 0 else ""))
    lines += ["", "Progress by category:"]
    for category in status.progress:
        if category.aspects:
            states = ", ".join(f"{n} {state}" for state, n in category.states.items() if n)
            noun = "aspect" if category.aspects == 1 else "aspects"
            lines.append(f"  {category.title:<34} {category.aspects:>3} {noun}: {states}; "
                         f"{category.ticked}/{category.items} items ticked")
    if status.stale:
        lines += ["", "Ids the knowledge base no longer has (kept in the workspace):"]
        lines += [f"  {stale}" for stale in status.stale]
    return lines


def _shown(value: Any) -> str:
    return ",".join(value) if isinstance(value, list) else str(value)


def comparison_lines(comparison: MilestoneComparison) -> list[str]:
    head = (f"milestone {comparison.name!r} ({comparison.taken_at:%Y-%m-%d}, revision "
            f"{comparison.revision})")
    if comparison.unchanged:
        return [f"nothing changed since {head}"]
    lines = [f"Since {head}:"]
    lines += [f"  profile {c.question}: {_shown(c.before)} -> {_shown(c.after)}"
              for c in comparison.profile]
    if comparison.entered_scope:
        lines.append("  entered scope: " + ", ".join(comparison.entered_scope))
    if comparison.left_scope:
        lines.append("  left scope: " + ", ".join(comparison.left_scope))
    marks = {"added": "+", "changed": "~", "removed": "-"}
    for c in comparison.decisions:
        what = c.after if c.change == "added" else c.before if c.change == "removed" \
            else f"{c.before} -> {c.after}"
        lines.append(f"  {marks[c.change]} {c.point}: {what}")
    lines += [f"  {p.aspect}: {p.before} -> {p.after} ({p.ticked_before} -> {p.ticked_after} "
              "items ticked)" for p in comparison.progress]
    return lines
