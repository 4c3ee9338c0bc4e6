"""The plan as files: CSV, Markdown, a Mermaid gantt chart and a TaskJuggler project."""

from __future__ import annotations

import csv
import io
import re

from decisions.effort import effort_by_category, total_effort
from decisions.plan import Plan
from decisions.schedule import Task
from decisions.workdays import working_day
from exporters.markdown_safe import clean_line, inline
from knowledge.catalog import KnowledgeBase

DEFAULT_TITLE = "Walking skeleton plan"
CSV_COLUMNS = ("id", "title", "category", "engineer", "start", "end", "effort", "critical")
_FORMULA_START = ("=", "+", "-", "@")

_MERMAID_KEYWORD = re.compile(
    r"^(gantt\b|dateformat\s|inclusiveenddates\b|topaxis\b|axisformat\s|tickinterval\s|"
    r"includes\s|excludes\s|todaymarker\s|weekday\s|weekend\s|title\s|section\s|"
    r"accdescription\s|acctitle\s*|accdescr\s*|href\s|call\s|click\s|\d{4}-\d\d-\d\d)",
    re.IGNORECASE)
"""Line starts that Mermaid's gantt lexer reads as a statement rather than a task name."""


def _title(kb: KnowledgeBase, aspect_id: str) -> str:
    return kb.aspects[aspect_id].title


def _category(kb: KnowledgeBase, aspect_id: str) -> str:
    return kb.aspects[aspect_id].category


def _category_title(kb: KnowledgeBase, category_id: str) -> str:
    category = kb.category(category_id)
    return category.title if category else category_id


def _by_category(kb: KnowledgeBase, plan: Plan) -> list[tuple[str, list[Task]]]:
    """The scheduled tasks grouped by category, in the knowledge base's category order."""
    order = [c.id for c in kb.categories]
    groups: dict[str, list[Task]] = {}
    for task in plan.schedule.tasks:
        groups.setdefault(_category(kb, task.aspect_id), []).append(task)
    ranked = sorted(groups, key=lambda c: (order.index(c) if c in order else len(order), c))
    return [(c, groups[c]) for c in ranked]


# -- CSV ----------------------------------------------------------------------------------------
def _cell(text: str) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ would make it a formula."""
    line = clean_line(text)
    return "'" + line if line.startswith(_FORMULA_START) else line


def to_csv(kb: KnowledgeBase, plan: Plan) -> str:
    """One row per scheduled aspect, in dispatch order; dates are ISO, effort in person-days."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for task in plan.schedule.tasks:
        writer.writerow([task.aspect_id, _cell(_title(kb, task.aspect_id)),
                         _category(kb, task.aspect_id), task.engineer,
                         task.start_date.isoformat(), task.end_date.isoformat(),
                         f"{task.effort_days:.1f}", "true" if task.critical else "false"])
    return out.getvalue()


# -- Markdown -----------------------------------------------------------------------------------
def to_markdown(kb: KnowledgeBase, plan: Plan) -> str:
    """A summary (team, dates, forecast, critical path, effort by category) and the task table."""
    lines = [f"# {inline(plan.name) + ' - ' if plan.name.strip() else ''}{DEFAULT_TITLE}", ""]
    lines += _summary(kb, plan)
    lines += ["", "## Effort by category", "", "| Category | Person-days |", "|---|---:|"]
    for category, days in effort_by_category(kb, plan.schedule.efforts).items():
        if days > 0:
            lines.append(f"| {inline(_category_title(kb, category))} | {days:.1f} |")
    lines += ["", "## Tasks", "",
              "| Aspect | Category | Engineer | Start | Last day | Days | Effort | Critical |",
              "|---|---|---:|---|---|---:|---:|:---:|"]
    for task in plan.schedule.tasks:
        lines.append(
            f"| {inline(_title(kb, task.aspect_id))} (`{task.aspect_id}`) "
            f"| {inline(_category_title(kb, _category(kb, task.aspect_id)))} | {task.engineer} "
            f"| {task.start_date.isoformat()} | {task.end_date.isoformat()} | {task.days} "
            f"| {task.effort_days:.1f} | {'yes' if task.critical else ''} |")
    return "\n".join(lines) + "\n"


def _summary(kb: KnowledgeBase, plan: Plan) -> list[str]:
    planned, outlook = plan.schedule, plan.forecast
    efforts = planned.efforts
    states = [e.state for e in efforts.values()]
    lines = [
        f"- **Team:** {planned.team} engineer{'s' if planned.team != 1 else ''}, from "
        f"{planned.start_date.isoformat()} (working days, Monday to Friday)",
        f"- **Planned:** {planned.duration_days} working days "
        f"({planned.duration_days / 5:.1f} weeks), last day {planned.end_date.isoformat()}",
        f"- **Effort left:** {total_effort(efforts):.1f} person-days in {len(planned.tasks)} "
        f"aspects ({states.count('done')} done, {states.count('deferred')} deferred, "
        f"{states.count('out-of-scope')} out of scope)",
        f"- **Forecast** ({outlook.trials:,} Monte Carlo trials, PERT-Beta, seed {outlook.seed}): "
        + ", ".join(f"P{p} {outlook.weeks(p):.1f} weeks ({outlook.date(p).isoformat()})"
                    for p in sorted(outlook.days)),
    ]
    if outlook.target is not None and outlook.p_target is not None:
        lines.append(f"- **Chance to finish by {outlook.target.isoformat()}:** "
                     f"{outlook.p_target:.0%}")
    path = " → ".join(inline(_title(kb, a)) for a in planned.critical_path)
    lines.append(f"- **Critical path:** {path or 'none'}")
    return lines


# -- Mermaid ------------------------------------------------------------------------------------
def mermaid_id(aspect_id: str) -> str:
    """A kebab id as a Mermaid task id: `token-management` -> `t_token_management`."""
    return "t_" + aspect_id.replace("-", "_")


def mermaid_text(text: str) -> str:
    """A task, section or chart name that Mermaid reads as plain words: no `:` `#` `;` `%`,
    one line, and never the start of a gantt statement."""
    words = " ".join(re.sub(r"[:#;%]", " ", clean_line(text)).split())
    words = words or "untitled"
    return "- " + words if _MERMAID_KEYWORD.match(words) else words


def to_mermaid(kb: KnowledgeBase, plan: Plan) -> str:
    """A `gantt` chart: a section per category, `crit` on zero-float tasks, weekends excluded.

    A task starts `after` its prerequisites when they alone set its start; when it also waits
    for its engineer, `after` adds the engineer's previous task, so that Mermaid reproduces the
    planned date. Mermaid resolves `after` only towards tasks written above (it compiles in one
    pass), so a task whose waits come later in the text gets its planned date instead."""
    lines = ["gantt", f"    title {mermaid_text(plan.name or DEFAULT_TITLE)}",
             "    dateFormat YYYY-MM-DD", "    axisFormat %Y-%m-%d", "    excludes weekends"]
    previous = _previous_on_engineer(plan)
    written: dict[str, Task] = {}
    for category, tasks in _by_category(kb, plan):
        lines.append(f"    section {mermaid_text(_category_title(kb, category))}")
        for task in tasks:
            tags = "crit, " if task.critical else ""
            start = _mermaid_start(plan, task, previous.get(task.aspect_id), written)
            lines.append(f"    {mermaid_text(_title(kb, task.aspect_id))} :{tags}"
                         f"{mermaid_id(task.aspect_id)}, {start}, {task.days}d")
            written[task.aspect_id] = task
    return "\n".join(lines) + "\n"


def _previous_on_engineer(plan: Plan) -> dict[str, str]:
    """For each task, the task its engineer builds just before it (if any)."""
    last: dict[int, str] = {}
    previous: dict[str, str] = {}
    for task in plan.schedule.tasks:
        if task.engineer in last:
            previous[task.aspect_id] = last[task.engineer]
        last[task.engineer] = task.aspect_id
    return previous


def _mermaid_start(plan: Plan, task: Task, previous: str | None, written: dict[str, Task]) -> str:
    needs = list(plan.schedule.prerequisites[task.aspect_id])
    if not (needs and max((written[n].end for n in needs if n in written), default=-1)
            == task.start):
        needs += [previous] if previous and previous not in needs else []
    if needs and all(n in written for n in needs):
        return "after " + " ".join(mermaid_id(n) for n in needs)
    return task.start_date.isoformat()


# -- TaskJuggler --------------------------------------------------------------------------------
def tjp_string(text: str) -> str:
    """A double-quoted TaskJuggler string: quotes escaped, no macro `${` or environment `$(`
    expansion, and no trailing backslash that would escape the closing quote."""
    line = clean_line(text).replace("${", "$ {").replace("$(", "$ (").rstrip("\\ ")
    return '"' + line.replace('"', '\\"') + '"'


def tjp_id(prefix: str, kebab: str) -> str:
    """A kebab id as a TaskJuggler id (letters, digits, underscores; never a leading digit)."""
    return f"{prefix}_{kebab.replace('-', '_')}"


def to_tjp(kb: KnowledgeBase, plan: Plan) -> str:
    """A TaskJuggler 3 project: the engineers as resources, a task per scheduled aspect with its
    whole-day effort, prerequisites as `depends`, the planned engineer as `allocate`, zero-float
    tasks flagged `critical`, and an HTML report. The three-point estimate goes in the note."""
    planned = plan.schedule
    slack = sum(t.days for t in planned.tasks) + 60
    finish = working_day(planned.start_date, slack)
    lines = [f"project skeleton {tjp_string(plan.name or DEFAULT_TITLE)} "
             f"{planned.start_date.isoformat()} - {finish.isoformat()} {{",
             '  timeformat "%Y-%m-%d"', "}", "", "flags critical", "",
             'resource team "Team" {']
    lines += [f'  resource e{n} "Engineer {n}"' for n in range(1, planned.team + 1)]
    lines += ["}", ""]
    groups = _by_category(kb, plan)
    where = {a: f"{tjp_id('c', c)}.{tjp_id('t', a)}"
             for c, tasks in groups for a in (t.aspect_id for t in tasks)}
    priorities = _tjp_priorities(plan)
    for category, tasks in groups:
        lines.append(f"task {tjp_id('c', category)} "
                     f"{tjp_string(_category_title(kb, category))} {{")
        for task in tasks:
            lines += _tjp_task(kb, plan, task, where, priorities[task.aspect_id])
        lines += ["}", ""]
    lines += ['taskreport skeleton_plan "skeleton-plan" {', "  formats html",
              f"  headline {tjp_string(plan.name or DEFAULT_TITLE)}",
              "  columns bsi, name, start, end, effort, resources, chart", "  loadunit days",
              "}"]
    return "\n".join(lines) + "\n"


def _tjp_priorities(plan: Plan) -> dict[str, int]:
    """TaskJuggler's priority (1 to 1000, higher first) from the plan's dispatch order, so that
    where two tasks want one engineer, TaskJuggler picks the one the plan picked."""
    last = max(len(plan.schedule.tasks) - 1, 1)
    return {t.aspect_id: 1000 - rank * 999 // last for rank, t in enumerate(plan.schedule.tasks)}


def _tjp_task(kb: KnowledgeBase, plan: Plan, task: Task, where: dict[str, str],
              priority: int) -> list[str]:
    effort = plan.schedule.efforts[task.aspect_id]
    lines = [f"  task {tjp_id('t', task.aspect_id)} {tjp_string(_title(kb, task.aspect_id))} {{",
             f"    effort {task.days}d", f"    allocate e{task.engineer}",
             f"    priority {priority}"]
    needs = plan.schedule.prerequisites[task.aspect_id]
    if needs:
        lines.append("    depends " + ", ".join(where[a] for a in needs))
    if task.critical:
        lines.append("    flags critical")
    lines.append(f'    note "Estimate {effort.optimistic:.1f} / {effort.likely:.1f} / '
                 f'{effort.pessimistic:.1f} person-days (optimistic / likely / pessimistic)"')
    lines.append("  }")
    return lines
