"""The command line's arguments: any argv drawn from the real sub-commands, flags and values,
mixed with random tokens, ends in an exit code and a message, never a traceback.

Each example runs in a fresh copy of a folder holding workspaces, ADRs and packs, with only
relative, simple paths (no leading `/`, no `..`) as values, so that nothing outside the copy
can be written; the knowledge base is the tiny one, loaded once, and the parser built once."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

import ui.cli
import ui.commands.common
import ui.commands.kb
from decisions.store import WorkspaceStore
from knowledge.loader import load_knowledge
from tests.conftest import Clock
from tests.hostile.fuzzing import fuzz
from tests.hostile.test_workspace_input import FAST_TMP, small_workspace_steps
from tests.knowledge.kbfactory import aspect_text
from tests.tinykb import CHECKLISTS, POINTS

# -- the folder each example runs in -------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory, tiny_kb) -> Path:
    """workspace/ (the small workshop), ws/ (empty), broken/ (an invalid workspace.yaml),
    adr/ (two ADRs and an index), pack/ (a valid pack), badpack/ (an invalid one), a file."""
    root = tmp_path_factory.mktemp("cli")
    store = WorkspaceStore(root / "workspace", clock=Clock())
    workspace = store.init()
    for step in small_workspace_steps(tiny_kb):
        workspace = store.apply(workspace.revision, step, "Ana", "cli")
    WorkspaceStore(root / "ws").init()
    WorkspaceStore(root / "broken").init()
    (root / "broken" / "workspace.yaml").write_text("decisions: [\n")
    (root / "adr").mkdir()
    (root / "adr" / "0001-use-postgres.md").write_text("# 1. Use Postgres\n\n## Status\n\n"
                                                       "Accepted\n")
    (root / "adr" / "0002-x.md").write_bytes(b"---\ndate: 0000-00-00\n---\n\xff\n")
    (root / "adr" / "README.md").write_text("# Our decisions\n")
    (root / "pack" / "identity").mkdir(parents=True)
    (root / "pack" / "identity" / "extra.yaml").write_text(aspect_text("extra"))
    (root / "badpack" / "identity").mkdir(parents=True)
    (root / "badpack" / "identity" / "bad.yaml").write_text("id: [\n")
    (root / "file.txt").write_text("not a folder\n")
    for lock in root.rglob(".workspace.lock"):
        lock.unlink()
    return root


@pytest.fixture(scope="module")
def fast_cli(tiny_base) -> Iterator[None]:
    """The commands load the tiny base, once (a pack is loaded on top of it each time), and
    main reuses one parser: argparse takes longer to build it than most commands take to run,
    and parsing leaves nothing behind in it."""
    loaded = {}

    def load(packs=(), base=None, **options):  # noqa: ARG001 - the base is always the tiny one
        if packs:
            return load_knowledge(packs, tiny_base, **options)
        key = tuple(sorted(options.items()))
        if key not in loaded:
            loaded[key] = load_knowledge((), tiny_base, **options)
        return loaded[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ui.commands.common, "load_knowledge", load)
        patch.setattr(ui.commands.kb, "load_knowledge", load)
        patch.setattr(ui.cli, "build_parser", functools.cache(ui.cli.build_parser))
        patch.delenv("SKELETON_WORKSPACE", raising=False)
        patch.delenv("SKELETON_USER", raising=False)
        yield


@contextlib.contextmanager
def inside_a_copy(template: Path) -> Iterator[Path]:
    """A fresh copy of the template as the working directory."""
    home = os.getcwd()
    with tempfile.TemporaryDirectory(dir=FAST_TMP) as tmp:
        folder = Path(tmp) / "cwd"
        shutil.copytree(template, folder)
        os.chdir(folder)
        try:
            yield folder
        finally:
            os.chdir(home)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = ui.cli.main(argv)
    return code, out.getvalue(), err.getvalue()


# -- the grammar ---------------------------------------------------------------------------------

_characters = st.characters(exclude_categories=("Cs",), exclude_characters="/\x00")
random_tokens = st.text(_characters | st.sampled_from(["\udcff", "\udc80"]), max_size=12).filter(
    lambda token: ".." not in token)
"""Anything a shell passes on: no NUL (argv cannot hold one), and lone surrogates only as
Python decodes bytes that are not UTF-8 (U+DC80 to U+DCFF); no `/` and no `..`, so a random
token used as a path stays inside the working directory."""


def values(*known: str) -> st.SearchStrategy[str]:
    """One of the known values nine times in ten, else a random token."""
    return st.integers(0, 9).flatmap(lambda n: st.sampled_from(known) if n else random_tokens)


folders = values("workspace", "workspace", "workspace", "ws", "ws", "broken", "adr", "out",
                 "out/adr", "pack", "badpack", "missing", ".", "file.txt",
                 "workspace/workspace.yaml", "adr/0001-use-postgres.md")
outputs = values("out.txt", "plan.csv", "graph.dot", "ws", ".", "adr", "missing/out.txt",
                 "workspace/workspace.yaml", "workspace/history.jsonl", "adr/README.md")
aspects = values(*CHECKLISTS, "extra", "gone", "Tokens", "")
choices = values(*(f"{point}={option}" for point, options in POINTS.items()
                   for option in options), "tokens.lifetime=forever", "gone.point=x",
                 "tokens=eddsa", "tokens.signing-algorithm", "=", "a.b.c=d")
answers = values("market=b2b", "market=b2c", "compliance=gdpr,soc2", "compliance=",
                 "team-size=3", "team-size=0", "team-size=-1", "team-size=10000000000000000",
                 "team-size=x", "scale=huge", "unknown=1", "market", "=b2b", "market==b2b")
integers = values("-1", "0", "1", "2", "3", "4", "10", "1000000000000000000000", "x", "", "1e3")
trials = values("-5", "0", "999", "1000", "2500", "5000", "x")
dates = values("2026-09-07", "2026-09-05", "2026-02-30", "2026-9-7", "9999-12-31",
               "9999-11-01", "0001-01-01", "today", "")
texts = values("because", "", " ", "line\nbreak", "tab\there", "esc \x1b[31m red", "\x7f",
               "# heading", "<script>alert(1)</script>", "Ana,Ben", ",", "Émile")
names = values("kick-off", "beta", "GA 1", "", "missing")
formats = values("madr", "nygard", "table", "json", "csv", "md", "mermaid", "tjp", "html")


def flag(name: str, value: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[list[str]]:
    return st.just([name]) if value is None else value.map(lambda v: [name, v])


def command(words: list[str], positionals: list[st.SearchStrategy[str]],
            flags: list[st.SearchStrategy[list[str]]]) -> st.SearchStrategy[list[str]]:
    """The words, the positionals (each left out one time in four), and a few flags in any
    order."""
    return st.tuples(
        st.tuples(*[st.integers(0, 3).flatmap(
            lambda n, value=value: value.map(lambda v: [v]) if n else st.just([]))
            for value in positionals]),
        st.lists(st.one_of(*flags), max_size=4) if flags else st.just([]),
    ).map(lambda parts: [*words, *(w for p in parts[0] for w in p),
                         *(w for f in parts[1] for w in f)])


WORKSPACE = flag("-w", folders)
JSON = flag("--json")
BY = flag("--by", texts)
HELP = flag("--help")
PACK = flag("--pack", folders)

commands = st.one_of(
    command(["kb", "validate"], [], [PACK, JSON, HELP]),
    command(["kb", "list"], [], [PACK, JSON]),
    command(["kb", "show"], [aspects], [PACK, JSON]),
    command(["init"], [], [WORKSPACE, flag("--example", values("acme-analytics", "nope")),
                           HELP]),
    command(["profile"], [answers, answers], [WORKSPACE, JSON, BY]),
    command(["scope"], [aspects, values("in", "out", "auto", "maybe")],
            [WORKSPACE, flag("--why", texts), BY]),
    command(["decide"], [choices], [WORKSPACE, flag("--why", texts), BY,
                                    flag("--status", values("proposed", "accepted", "rejected",
                                                            "superseded"))]),
    command(["progress"], [aspects, values("not-started", "in-progress", "done", "deferred")],
            [WORKSPACE, flag("--tick", integers), flag("--untick", integers),
             flag("--why", texts), BY]),
    command(["milestone"], [names], [WORKSPACE, flag("--compare", names), JSON, BY]),
    command(["history"], [aspects], [WORKSPACE, JSON]),
    command(["status"], [], [WORKSPACE, JSON]),
    command(["check"], [], [WORKSPACE, JSON, flag("--fail-on", values("error", "warning"))]),
    command(["order"], [], [WORKSPACE, JSON]),
    command(["graph"], [], [WORKSPACE, flag("--aspect", aspects), flag("-o", outputs)]),
    command(["plan"], [], [WORKSPACE, flag("--team", integers), flag("--start", dates),
                           flag("--target", dates), flag("--trials", trials),
                           flag("--seed", integers), flag("--format", formats),
                           flag("-o", outputs)]),
    command(["adr", "export"], [], [WORKSPACE, flag("--out", folders),
                                    flag("--format", formats)]),
    command(["adr", "import"], [folders], [WORKSPACE, JSON, BY]),
    st.lists(random_tokens, max_size=4),
)


@st.composite
def argv_lists(draw: st.DrawFn) -> list[str]:
    """A command from the grammar; two times in five with a token dropped or one inserted."""
    argv = draw(commands)
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        position = draw(st.integers(0, len(argv)))
        if draw(st.booleans()) and position < len(argv):
            del argv[position]
        else:
            argv.insert(position, draw(random_tokens | st.sampled_from(
                ["-w", "--json", "-h", "--", "-", "--trials=1000", "--team=2", "-wws"])))
    return argv


COMMANDS = {"kb", "init", "profile", "scope", "decide", "progress", "milestone", "history",
            "status", "check", "order", "graph", "plan", "adr"}


# -- the law -------------------------------------------------------------------------------------

@fuzz
@given(argv=argv_lists())
@example(argv=["--help"])
@example(argv=["graph", "-o", "ws"])
@example(argv=["plan", "--start", "9999-12-31"])
@example(argv=["kb", "validate", "--pack", "", "--pack", "workspace/workspace.yaml"])
def test_any_arguments_end_in_an_exit_code_and_a_message(template, fast_cli, argv):
    with inside_a_copy(template):
        code, out, err = run(argv)
    assert type(code) is int and code in (0, 1), code
    if code:
        assert (out + err).strip(), "a failure that says nothing"
    assert "Traceback" not in out + err
    event(f"exit {code}")
    event(f"command {argv[0] if argv and argv[0] in COMMANDS else '(other)'}")


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["plan", "--help"], ["adr", "-h"],
                                  ["adr", "export", "--help"], ["kb", "show", "--help"]])
def test_help_prints_usage_and_returns_zero(argv, capsys):
    assert ui.cli.main(argv) == 0
    assert capsys.readouterr().out.startswith("usage: skeleton")


@pytest.mark.parametrize(("argv", "message"), [
    (["graph", "-o", "ws"], "error: cannot write ws: Is a directory\n"),
    (["graph", "-o", "missing/out.txt"],
     "error: cannot write missing/out.txt: No such file or directory\n"),
    (["plan", "--trials", "1000", "--start", "9999-12-31"],
     "error: a plan starting 9999-12-31 would end after 9999-12-31, the last date the calendar "
     "holds; choose an earlier --start\n"),
])
def test_what_the_fuzzing_found_is_refused_with_one_line(template, fast_cli, argv, message):
    with inside_a_copy(template):
        assert run(argv) == (1, "", message)


def test_problems_with_and_without_a_line_in_one_file_are_listed_file_first(template, fast_cli):
    """The working directory as a pack reads workspace.yaml as an aspect (problems at lines);
    the same file as a pack is not a folder (a problem without a line)."""
    with inside_a_copy(template):
        code, out, err = run(["kb", "validate", "--pack", "", "--pack", "workspace/workspace.yaml"])
    same_file = [line for line in err.splitlines() if line.startswith("workspace/workspace.yaml:")]
    assert (code, out) == (1, "")
    assert same_file[0] == "workspace/workspace.yaml: not a folder"
    assert same_file[1].startswith("workspace/workspace.yaml:3:1: ")
