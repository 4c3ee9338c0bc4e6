"""The plan as CSV, Markdown, Mermaid gantt and TaskJuggler: goldens, escaping, and tj3 itself.

Golden files live in tests/golden/plan/; refresh them with UPDATE_GOLDEN=1 and review the diff."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from decisions.bundled import example_names
from decisions.plan import Plan, build_plan
from decisions.store import WorkspaceStore
from decisions.workspace import Workspace
from exporters.plan_export import (
    CSV_COLUMNS,
    mermaid_id,
    mermaid_text,
    tjp_string,
    to_csv,
    to_markdown,
    to_mermaid,
    to_tjp,
)
from knowledge.catalog import KnowledgeBase
from knowledge.loader import load_knowledge
from tests.decisions.memory_kb import make_aspect, make_kb
from tests.decisions.plan_kb import START, TARGET, plan_kb, plan_workspace

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "plan"
EXPORTS = {"csv": to_csv, "md": to_markdown, "mmd": to_mermaid, "tjp": to_tjp,
           "json": lambda kb, plan: json.dumps(plan.to_json(), indent=2, ensure_ascii=False)
           + "\n"}
HOSTILE_TITLES = [
    'Evil" } task x "y', "Macro ${oops} and $(HOME)", "Trailing backslash \\",
    "50% done: #1; click here", "Section handling", "title of the chart", "%%{init: {}}%%",
    "2026-01-01 cutover", "Line\nbreak", "=HYPERLINK(\"http://x\")", "a | b * c",
]


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), (f"no golden file tests/golden/plan/{name}: run UPDATE_GOLDEN=1 "
                           "pytest tests/exporters/test_plan_export.py and review the diff")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def fixed_plan() -> tuple[KnowledgeBase, Plan]:
    return plan_kb(), build_plan(plan_kb(), plan_workspace(), START, seed=0, target=TARGET)


def hostile_plan() -> tuple[KnowledgeBase, Plan]:
    aspects = [make_aspect(f"h{i}", f"c{i % 3}", requires=[f"h{i - 1}"] if i % 2 else [])
               .model_copy(update={"title": title}) for i, title in enumerate(HOSTILE_TITLES)]
    kb = make_kb(aspects)
    return kb, build_plan(kb, Workspace(name='Name: "quoted" #1 ${x}', profile={"team-size": 3}),
                          START, trials=1_000)


@pytest.mark.parametrize("extension", list(EXPORTS))
def test_every_format_of_the_fixed_workspace_matches_its_golden_file(extension):
    kb, plan = fixed_plan()
    assert_golden(f"fixed.{extension}", EXPORTS[extension](kb, plan))


def example_plan(example: str, folder: Path) -> tuple[KnowledgeBase, Plan]:
    """The bundled example's plan from START, seed 0, with a target half a year on."""
    store = WorkspaceStore(folder / example)
    store.init(example=example)
    workspace = store.load()
    kb = load_knowledge([store.folder / p for p in workspace.packs])
    return kb, build_plan(kb, workspace, START, seed=0, target=START + dt.timedelta(weeks=26))


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> dict[str, tuple[KnowledgeBase, Plan]]:
    return {name: example_plan(name, tmp_path_factory.mktemp("example"))
            for name in example_names()}


@pytest.mark.parametrize("extension", list(EXPORTS))
@pytest.mark.parametrize("example", example_names())
def test_every_format_of_each_bundled_example_matches_its_golden_file(example, extension,
                                                                      examples):
    kb, plan = examples[example]
    assert_golden(f"example-{example}.{extension}", EXPORTS[extension](kb, plan))


def test_exports_are_deterministic():
    kb, plan = fixed_plan()
    again = fixed_plan()[1]
    for export in EXPORTS.values():
        assert export(kb, plan) == export(kb, again)


# -- CSV ---------------------------------------------------------------------------------------
def test_csv_has_one_row_per_scheduled_aspect_with_the_documented_columns():
    kb, plan = fixed_plan()
    rows = list(csv.DictReader(io.StringIO(to_csv(kb, plan))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == [t.aspect_id for t in plan.schedule.tasks]
    assert rows[0] == {"id": "certificate-management", "title": "Certificate management",
                       "category": "identity", "engineer": "1", "start": "2026-01-05",
                       "end": "2026-01-09", "effort": "4.1", "critical": "true"}


def test_csv_titles_never_become_spreadsheet_formulas():
    kb, plan = hostile_plan()
    titles = {r["id"]: r["title"] for r in csv.DictReader(io.StringIO(to_csv(kb, plan)))}
    assert titles["h9"] == "'=HYPERLINK(\"http://x\")"
    assert titles["h8"] == "Line break"


# -- Markdown ----------------------------------------------------------------------------------
def test_markdown_escapes_titles_so_every_table_row_keeps_its_eight_cells():
    kb, plan = hostile_plan()
    text = to_markdown(kb, plan)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "(`h" in line]
    assert len(rows) == len(HOSTILE_TITLES)
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 9 for row in rows)
    assert "| a \\| b \\* c (`h10`) |" in text


# -- Mermaid -----------------------------------------------------------------------------------
TASK_LINE = re.compile(r"^    (?P<name>[^:#;%\n]+) :(?P<crit>crit, )?(?P<id>t_[a-z0-9_]+), "
                       r"(?P<when>after( t_[a-z0-9_]+)+|\d{4}-\d\d-\d\d), (?P<days>\d+)d$")


@pytest.mark.parametrize("make", [fixed_plan, hostile_plan])
def test_mermaid_gantt_lines_are_statements_mermaid_reads(make):
    kb, plan = make()
    lines = to_mermaid(kb, plan).splitlines()
    assert lines[:5] == ["gantt", lines[1], "    dateFormat YYYY-MM-DD",
                         "    axisFormat %Y-%m-%d", "    excludes weekends"]
    assert re.fullmatch(r"    title [^#;%\n:]+", lines[1])
    tasks = [TASK_LINE.match(line) for line in lines[5:] if not line.startswith("    section ")]
    assert all(tasks), [line for line in lines[5:] if not TASK_LINE.match(line)]
    defined = {m["id"] for m in tasks}
    assert defined == {mermaid_id(t.aspect_id) for t in plan.schedule.tasks}
    for match in tasks:
        assert set(match["when"].split()[1:]) <= defined
        assert not re.match(r"(?i)(section|title|click|\d{4}-)", match["name"])


def one_engineer_plan() -> tuple[KnowledgeBase, Plan]:
    return plan_kb(), build_plan(plan_kb(), plan_workspace(), START, team=1, trials=1_000)


@pytest.mark.parametrize("make", [fixed_plan, hostile_plan, one_engineer_plan])
def test_mermaid_starts_every_task_where_the_schedule_does(make):
    """`after` names tasks written above whose latest end is the planned start (every
    prerequisite among them); otherwise the line carries the planned date."""
    kb, plan = make()
    by_id = {mermaid_id(t.aspect_id): t for t in plan.schedule.tasks}
    written: set[str] = set()
    for match in filter(None, map(TASK_LINE.match, to_mermaid(kb, plan).splitlines())):
        task, when = by_id[match["id"]], match["when"].split()
        if when[0] == "after":
            assert set(when[1:]) <= written
            assert max(by_id[i].end for i in when[1:]) == task.start
            assert {mermaid_id(n) for n in plan.schedule.prerequisites[task.aspect_id]} <= set(
                when[1:])
        else:
            assert when == [task.start_date.isoformat()]
        assert (match["crit"] is not None) == task.critical
        assert match["days"] == str(task.days)
        written.add(match["id"])


def test_mermaid_says_after_for_prerequisites_and_for_the_engineers_previous_task():
    kb, plan = fixed_plan()
    text = to_mermaid(kb, plan)
    assert "    section Identity and access\n    Certificate management :crit, " in text
    assert "    Rollouts :crit, t_rollouts, after t_authentication t_build_pipelines, 8d" in text
    kb, plan = one_engineer_plan()
    line = "    Build pipelines :crit, t_build_pipelines, after t_token_management, 6d"
    assert line in to_mermaid(kb, plan)


@pytest.mark.parametrize(("title", "text"), [
    ("Token management", "Token management"),
    ("Alerts: on-call #1; 50%", "Alerts on-call 1 50"),
    ("Section handling", "- Section handling"),
    ("click here", "- click here"),
    ("2026-01-01 cutover", "- 2026-01-01 cutover"),
    ("::", "untitled"),
    ("Line\nbreak", "Line break"),
])
def test_mermaid_text_keeps_names_plain(title, text):
    assert mermaid_text(title) == text


def test_mermaid_ids_are_simple_identifiers():
    assert mermaid_id("token-management") == "t_token_management"
    assert mermaid_id("2fa") == "t_2fa"


# -- TaskJuggler -------------------------------------------------------------------------------
@pytest.mark.parametrize(("title", "text"), [
    ("Token management", '"Token management"'),
    ('Say "hi"', '"Say \\"hi\\""'),
    ("Cost ${rate} in $(HOME)", '"Cost $ {rate} in $ (HOME)"'),
    ("Trailing \\", '"Trailing"'),
    ("Two\nlines", '"Two lines"'),
])
def test_tjp_strings_are_quoted_without_macros(title, text):
    assert tjp_string(title) == text


def test_tjp_declares_engineers_tasks_dependencies_and_allocations():
    kb, plan = fixed_plan()
    text = to_tjp(kb, plan)
    assert text.startswith('project skeleton "Acme: billing platform" 2026-01-05 - ')
    assert '  resource e2 "Engineer 2"' in text
    assert ("    depends c_identity.t_authentication, c_delivery.t_build_pipelines"
            in text)
    assert "    effort 8d\n    allocate e1\n" in text


TJ_REPORT = """
taskreport check "check" {
  formats csv
  columns id, name, start, end, resources
  timeformat "%Y-%m-%d"
  hidetask ~isleaf()
}
"""


def run_tj3(text: str, folder: Path) -> list[dict[str, str]]:
    (folder / "plan.tjp").write_text(text + TJ_REPORT, encoding="utf-8")
    done = subprocess.run(["tj3", "--no-color", "--silent", "-o", str(folder), "plan.tjp"],
                          cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    # tj3 writes every field in quotes without escaping the quotes inside: split on `";"`
    header, *rows = (line[1:-1].split('";"') for line in
                     (folder / "check.csv").read_text(encoding="utf-8").splitlines())
    return [dict(zip(header, row, strict=True)) for row in rows]


needs_tj3 = pytest.mark.skipif(shutil.which("tj3") is None,
                               reason="TaskJuggler (Debian's tj3) is not installed")


@needs_tj3
@pytest.mark.parametrize("case", ["fixed", "hostile", *example_names()])
def test_taskjuggler_accepts_the_project_and_schedules_the_same_dates(case, tmp_path, examples):
    makers = {"fixed": fixed_plan, "hostile": hostile_plan}
    kb, plan = makers[case]() if case in makers else examples[case]
    rows = {row["Id"].rpartition(".t_")[2]: row for row in run_tj3(to_tjp(kb, plan), tmp_path)}
    for task in plan.schedule.tasks:
        row = rows[task.aspect_id.replace("-", "_")]
        assert (row["Start"], row["End"]) == (task.start_date.isoformat(),
                                              task.end_date.isoformat()), task.aspect_id
        assert row["Name"].strip() == tjp_string(kb.aspects[task.aspect_id].title)[1:-1].replace(
            '\\"', '"')
