"""`skeleton plan`: the schedule, critical path and forecast, as a table, JSON or an export."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections.abc import Callable

from decisions.forecast import DEFAULT_SEED, DEFAULT_TRIALS, MAX_TRIALS, MIN_TRIALS, PERCENTILES
from decisions.plan import Plan, build_plan
from decisions.workdays import next_monday
from exporters.plan_export import to_csv, to_markdown, to_mermaid, to_tjp
from knowledge.catalog import KnowledgeBase
from knowledge.errors import UsageError
from ui.commands.common import add_workspace_option, emit, open_workspace

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FORMATS = ("table", "json", "csv", "md", "mermaid", "tjp")


def register(commands: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands."""
    plan = commands.add_parser(
        "plan", help="schedule the aspects left on the team and forecast the end",
        description="Schedule the in-scope aspects with work left on the team's engineers "
                    "(critical-path-first list scheduling, whole working days, weekends "
                    "skipped) and forecast the end with a Monte Carlo simulation over the "
                    "three-point estimates (PERT-Beta).")
    add_workspace_option(plan)
    plan.add_argument("--team", type=int, metavar="N",
                      help="engineers on the skeleton (default: the profile's team-size)")
    plan.add_argument("--start", type=_date("--start"), metavar="YYYY-MM-DD",
                      help="the first day of work (default: next Monday)")
    plan.add_argument("--target", type=_date("--target"), metavar="YYYY-MM-DD",
                      help="a date to compute the chance of finishing by")
    plan.add_argument("--trials", type=int, default=DEFAULT_TRIALS, metavar="N",
                      help=f"Monte Carlo trials, {MIN_TRIALS:,} to {MAX_TRIALS:,} "
                           f"(default: {DEFAULT_TRIALS:,})")
    plan.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="N",
                      help=f"random seed; the same seed gives the same forecast "
                           f"(default: {DEFAULT_SEED})")
    plan.add_argument("--format", choices=FORMATS, default="table",
                      help="table (default), json, csv, md, mermaid (gantt) or tjp (TaskJuggler)")
    plan.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    plan.set_defaults(func=run_plan)


def _date(option: str) -> Callable[[str], dt.date]:
    def parse(text: str) -> dt.date:
        try:
            if _ISO_DATE.fullmatch(text):
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        raise UsageError(f"{option} must be a date as YYYY-MM-DD, not {text!r}")
    return parse


def today() -> dt.date:
    return dt.date.today()


def check_arguments(args: argparse.Namespace) -> None:
    """UsageError, one line, for values the plan cannot use."""
    if args.team is not None and args.team < 1:
        raise UsageError(f"--team must be at least 1, not {args.team}")
    if not MIN_TRIALS <= args.trials <= MAX_TRIALS:
        raise UsageError(f"--trials must be between {MIN_TRIALS:,} and {MAX_TRIALS:,}, "
                         f"not {args.trials:,}")
    if args.seed < 0:
        raise UsageError(f"--seed must be 0 or more, not {args.seed}")
    if args.start and args.target and args.target < args.start:
        raise UsageError(f"--target {args.target} is before --start {args.start}")


def run_plan(args: argparse.Namespace) -> int:
    check_arguments(args)
    kb, workspace, _ = open_workspace(args)
    start = args.start or next_monday(today())
    if args.target and args.target < start:
        raise UsageError(f"--target {args.target} is before the start, {start}")
    try:
        plan = build_plan(kb, workspace, start, team=args.team, trials=args.trials,
                          seed=args.seed, target=args.target)
        text = render(kb, plan, args.format)
    except OverflowError:  # a working day after 9999-12-31
        raise UsageError(f"a plan starting {start} would end after 9999-12-31, the last date "
                         "the calendar holds; choose an earlier --start") from None
    emit(text, args.output)
    return 0


def render(kb: KnowledgeBase, plan: Plan, form: str) -> str:
    """The plan in one of FORMATS."""
    if form == "json":
        return json.dumps(plan.to_json(), indent=2, ensure_ascii=False) + "\n"
    exports = {"csv": to_csv, "md": to_markdown, "mermaid": to_mermaid, "tjp": to_tjp}
    return exports[form](kb, plan) if form in exports else table(kb, plan)


def table(kb: KnowledgeBase, plan: Plan) -> str:
    """The plan for a terminal: the summary, one line per task, the critical path."""
    planned, outlook = plan.schedule, plan.forecast
    lines = [f"{planned.team} engineer{'s' * (planned.team != 1)} from "
             f"{planned.start_date.isoformat()}: {planned.duration_days} working days "
             f"({planned.duration_days / 5:.1f} weeks), last day {planned.end_date.isoformat()}",
             f"Forecast ({outlook.trials:,} trials, seed {outlook.seed}): "
             + ", ".join(f"P{p} {outlook.weeks(p):.1f} weeks ({outlook.date(p).isoformat()})"
                         for p in PERCENTILES)]
    if outlook.target is not None and outlook.p_target is not None:
        lines.append(f"Chance to finish by {outlook.target.isoformat()}: {outlook.p_target:.0%}")
    if not planned.tasks:
        return "\n".join([*lines, "", "Nothing is left to build."]) + "\n"
    width = max(len(t.aspect_id) for t in planned.tasks)
    lines += ["", f"  {'aspect':<{width}}  eng  start       last day    days  effort",
              *(f"{'*' if t.critical else ' '} {t.aspect_id:<{width}}  {t.engineer:>3}  "
                f"{t.start_date.isoformat()}  {t.end_date.isoformat()}  {t.days:>4}  "
                f"{t.effort_days:>6.1f}" for t in planned.tasks),
              "", "* on the critical path: " + " -> ".join(planned.critical_path)]
    return "\n".join(lines) + "\n"
