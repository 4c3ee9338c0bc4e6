"""Hostile workspace folders end in a valid workspace or WorkspaceError with a message, never
anything else: random bytes, text and YAML as workspace.yaml, corrupted copies of the bundled
example and of a small workspace, a corrupted history.jsonl; unsafe tags and alias bombs.

Every accepted file must also keep what it holds: it reads back the same, and its history
replays to it (unless the store's own bookkeeping vouches for a history damaged behind its
back), so that a hand edit never loses a decision silently.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from decisions import operations
from decisions.bundled import example_folder, example_names
from decisions.history import replay
from decisions.store import HISTORY_FILE, META_FILE, WORKSPACE_FILE, WorkspaceStore
from decisions.workspace import STATES, STATUSES, ImportedRecord, Workspace
from decisions.workspacefile import dump_workspace, parse_workspace
from knowledge.catalog import KnowledgeBase
from knowledge.errors import KnowledgeError, WorkspaceError
from knowledge.loader import load_knowledge
from knowledge.yamlfile import MAX_NODES
from tests.conftest import Clock
from tests.hostile.fuzzing import as_yaml, fuzz, hostile_texts, mutate
from tests.hostile.test_knowledge_input import UNSAFE_TAGS, billion_laughs
from tests.knowledge.kbfactory import aspect_text
from tests.tinykb import CHECKLISTS, POINTS

Files = dict[str, bytes]

FAST_TMP = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
"""A memory file system where there is one: the fuzz tests make and remove thousands of small
folders, and the store fsyncs every write."""


# -- the law every input must obey ---------------------------------------------------------------

def load_or_refuse(files: Files, *, replays: bool = True) -> Workspace | None:
    """Write the files into a fresh folder and load it. A refusal must say why and leave
    workspace.yaml as it was; an accepted state must read back the same and, with `replays`,
    be what its history replays to."""
    with tempfile.TemporaryDirectory(dir=FAST_TMP) as tmp:
        folder = Path(tmp)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        store = WorkspaceStore(folder, clock=Clock())
        try:
            workspace = store.load()
            events = store.history()
        except WorkspaceError as exc:
            assert str(exc).strip(), "a refusal without a message"
            assert (folder / WORKSPACE_FILE).read_bytes() == files[WORKSPACE_FILE]
            return None
        assert WorkspaceStore(folder).load() == workspace, "the accepted state does not read back"
        if replays:
            assert replay(events) == workspace, "the history does not replay to the state"
        return workspace


def fuzzed(files: Files, *, replays: bool = True) -> None:
    """`load_or_refuse`, counting the outcomes in hypothesis' statistics."""
    event("refused" if load_or_refuse(files, replays=replays) is None else "accepted")


def encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# -- random input as workspace.yaml --------------------------------------------------------------

@fuzz
@given(data=st.binary(max_size=400))
def test_random_bytes_as_workspace_file_load_or_fail_with_a_message(data):
    fuzzed({WORKSPACE_FILE: data})


@fuzz
@given(text=hostile_texts)
def test_random_text_as_workspace_file_loads_or_fails_with_a_message(text):
    fuzzed({WORKSPACE_FILE: encoded(text)})


_ids = st.sampled_from([*CHECKLISTS, *CHECKLISTS, "gone", "Not An Id", ""])
_points = st.sampled_from([*POINTS, *POINTS, "gone.point", "tokens", "a.b.c"])
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False),
                     st.text(max_size=12), st.dates())
_wrong = st.one_of(_scalars, st.lists(_scalars, max_size=2),
                   st.dictionaries(st.text(max_size=4), _scalars, max_size=2))


def _loose(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """A value of the right shape nine times in ten, else any scalar, list or mapping."""
    return st.integers(0, 9).flatmap(lambda n: strategy if n else _wrong)


def _numbered(records: list[dict]) -> list[dict]:
    """Ids in increasing order, as the file needs them, unless the record drew its own."""
    return [{"id": index, **record} for index, record in enumerate(records, start=1)]


_decisions = st.lists(st.fixed_dictionaries(
    {"point": _loose(_points),
     "option": _loose(st.sampled_from(["eddsa", "rsa", "json", "gone", "Bad Id"])),
     "date": _loose(st.dates())},
    optional={"id": _wrong, "status": _loose(st.sampled_from(STATUSES)),
              "rationale": _loose(st.text()), "deciders": _loose(st.lists(st.text(max_size=8),
                                                                           max_size=3)),
              "supersedes": _loose(st.integers(1, 4)), "superseded_by": _loose(st.integers(1, 4)),
              "extra": _scalars}), max_size=4).map(_numbered)
_progress = st.fixed_dictionaries({}, optional={
    "state": _loose(st.sampled_from(STATES)), "ticked": _loose(st.lists(st.integers(-1, 5))),
    "note": _loose(st.text(max_size=12))})
_milestones = st.lists(st.fixed_dictionaries(
    {"name": _loose(st.sampled_from(["kick-off", "beta", "GA", ""])),
     "taken_at": _loose(st.datetimes(timezones=st.sampled_from([dt.UTC, None])))},
    optional={"revision": _loose(st.integers(-1, 9)),
              "snapshot": _loose(st.dictionaries(st.text(max_size=6), _scalars, max_size=3))}),
    max_size=2, unique_by=lambda m: str(m.get("name")))
_imported = st.fixed_dictionaries({"title": _loose(st.text(max_size=12))}, optional={
    "number": _loose(st.integers(-1, 9)), "status": _loose(st.text(max_size=8)),
    "date": _loose(st.dates()), "file": _loose(st.sampled_from(["", "0001-a.md"])),
    "aspect": _loose(_ids)})
_answers = st.one_of(st.sampled_from(["b2b", "gdpr", "small"]), st.integers(-5, 300),
                     st.lists(st.sampled_from(["gdpr", "soc2"]), max_size=2), _scalars)

workspace_documents = st.fixed_dictionaries({}, optional={
    "version": _loose(st.just(1)), "revision": _loose(st.integers(0, 9)),
    "name": _loose(st.text(max_size=20)), "packs": _loose(st.lists(st.text(max_size=8))),
    "profile": _loose(st.dictionaries(_ids, _answers, max_size=3)),
    "scope": _loose(st.dictionaries(_ids, st.fixed_dictionaries(
        {"in_scope": _loose(st.booleans()), "reason": _loose(st.text(max_size=12))}), max_size=2)),
    "decisions": _loose(_decisions),
    "progress": _loose(st.dictionaries(_ids, _progress, max_size=3)),
    "milestones": _loose(_milestones),
    "imported": _loose(st.lists(_imported, max_size=2)),
    "unknown": _scalars,
})
"""Documents shaped like workspace.yaml, each value usually of the right type: most load,
many fail on one field, so both the accepting and the refusing paths are walked."""


_MILESTONE = {"name": "kick-off", "taken_at": dt.datetime(2000, 1, 1, tzinfo=dt.UTC)}


@fuzz
@given(document=workspace_documents)
@example(document={"milestones": [{**_MILESTONE, "snapshot": {"": dt.date(2000, 1, 1)}}]})
@example(document={"milestones": [{**_MILESTONE, "snapshot": {"x": [float("nan")]}}]})
@example(document={"milestones": [{**_MILESTONE, "snapshot": {"x": float("-inf")}}]})
def test_random_workspace_documents_load_or_fail_with_a_message(document):
    fuzzed({WORKSPACE_FILE: encoded(as_yaml(document))})


# -- corrupted copies of real workspaces ---------------------------------------------------------

def _trimmed(value: object, keep: int = 3) -> object:
    if isinstance(value, dict):
        return {k: _trimmed(v, keep) for k, v in list(value.items())[:keep]}
    if isinstance(value, list):
        return [_trimmed(v, keep) for v in value[:keep]]
    return value


def example_excerpt() -> Workspace:
    """The bundled example cut to a few records of each kind: its profile and scope, its
    first decisions and its first supersession, a few progress entries, its milestones with
    short snapshots. The whole file takes 25 ms to parse, too slow to load 2,000 times."""
    name = example_names()[0]
    full = parse_workspace((example_folder(name) / WORKSPACE_FILE).read_bytes(), "example")
    superseded = next(d for d in full.decisions if d.superseded_by)
    keep = {d.id for d in full.decisions[:4]} | {superseded.id, superseded.superseded_by}
    return full.model_copy(update={
        "decisions": [d for d in full.decisions if d.id in keep],
        "progress": dict(list(full.progress.items())[:4]),
        "milestones": [m.model_copy(update={"snapshot": _trimmed(m.snapshot)})
                       for m in full.milestones],
    })


def small_workspace_steps(kb: KnowledgeBase) -> list[Callable[[Workspace], tuple]]:
    """A workshop on the tiny base: every kind of change, a supersession and a milestone."""
    day = dt.date(2026, 9, 1)
    return [
        lambda w: operations.set_profile(kb, w, {"market": "b2b", "compliance": ["gdpr"]}),
        lambda w: operations.decide(kb, w, "tokens.signing-algorithm", "rsa", on=day,
                                    rationale="Our gateway: RS256 only.\n\n# not a heading",
                                    deciders=["Ana", "Émile"]),
        lambda w: operations.set_scope(kb, w, "logging", False, "later: 'quoted' & {braced}"),
        lambda w: operations.decide(kb, w, "tokens.signing-algorithm", "eddsa", on=day,
                                    rationale="The gateway verifies EdDSA now."),
        lambda w: operations.set_progress(kb, w, "tokens", "in-progress", tick=[0, 2]),
        lambda w: operations.take_milestone(kb, w, "kick-off",
                                            dt.datetime(2026, 9, 2, tzinfo=dt.UTC)),
        lambda w: operations.add_imported(kb, w, [ImportedRecord(
            number=3, title="Use Postgres", status="accepted", file="0003-postgres.md")]),
    ]


def store_files(folder: Path) -> Files:
    return {p.name: p.read_bytes() for p in folder.iterdir()
            if p.is_file() and p.name != ".workspace.lock"}


@pytest.fixture(scope="module")
def small_files(tmp_path_factory, tiny_kb) -> Files:
    """The files of a store that recorded the small workshop, one write per step."""
    store = WorkspaceStore(tmp_path_factory.mktemp("small"), clock=Clock())
    workspace = store.init()
    for step in small_workspace_steps(tiny_kb):
        workspace = store.apply(workspace.revision, step, "Ana", "cli")
    return store_files(store.folder)


@pytest.fixture(scope="module")
def excerpt_files(tmp_path_factory) -> Files:
    store = WorkspaceStore(tmp_path_factory.mktemp("excerpt"), clock=Clock())
    store.init(example_excerpt(), who="Priya", via="example")
    return store_files(store.folder)


def test_the_templates_are_valid_workspaces(small_files, excerpt_files):
    small = load_or_refuse(small_files)
    excerpt = load_or_refuse(excerpt_files)
    assert small is not None and small.revision == 7 and len(small.decisions) == 2
    assert excerpt is not None and excerpt.decisions == example_excerpt().decisions
    assert excerpt.milestones == example_excerpt().milestones


@fuzz
@given(data=st.data())
def test_a_corrupted_example_workspace_loads_or_fails_with_a_message(excerpt_files, data):
    text = excerpt_files[WORKSPACE_FILE].decode()
    fuzzed({**excerpt_files, WORKSPACE_FILE: encoded(mutate(text, data))})


@fuzz
@given(data=st.data())
def test_a_corrupted_small_workspace_loads_or_fails_with_a_message(small_files, data):
    text = small_files[WORKSPACE_FILE].decode()
    fuzzed({**small_files, WORKSPACE_FILE: encoded(mutate(text, data))})


def _corrupt_history(history: bytes, data: st.DataObject) -> bytes:
    """Mutated lines, and sometimes a torn line, stray bytes or a valid but foreign event."""
    text = mutate(history.decode(), data)
    tail = data.draw(st.sampled_from([
        "", '{"seq": 99, "at": "2026-', "\x00\xff garbage\n",
        '{"seq":99,"at":"2026-09-09T00:00:00Z","who":"x","via":"cli","revision":99,'
        '"kind":"decision","target":"tokens.lifetime","old":null,"new":{"id":1}}\n',
        '{"seq":99,"at":"2026-09-09T00:00:00Z","who":"x","via":"cli","revision":99,'
        '"kind":"replace","target":"revision","old":null,"new":5}\n',
        '{"seq":1,"at":"2026-09-09T00:00:00+05:00","who":"x","via":"web","revision":1,'
        '"kind":"profile","target":"market","old":null,"new":["b2c"]}\n',
    ]))
    return encoded(text + tail)


@fuzz
@given(data=st.data())
def test_a_corrupted_history_loads_or_fails_with_a_message(small_files, data):
    """With its bookkeeping, the store trusts the history it wrote and only reads it when asked;
    without it, the store must rebuild its record from the damaged history and the file."""
    files = {**small_files, HISTORY_FILE: _corrupt_history(small_files[HISTORY_FILE], data)}
    without_meta = data.draw(st.booleans())
    if without_meta:
        del files[META_FILE]
    fuzzed(files, replays=without_meta)


# -- unsafe tags and alias bombs -----------------------------------------------------------------

EXECUTING_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.call [['touch', '{marker}']]",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/object/apply:builtins.exec [\"open('{marker}', 'w').close()\"]",
    "!!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ['{marker}']]",
]


@pytest.mark.parametrize("tag", [*EXECUTING_TAGS, *UNSAFE_TAGS])
@pytest.mark.parametrize("place", ["name: {tag}\n", "decisions:\n  - {tag}\n",
                                   "profile:\n  market: {tag}\n", "{tag}\n"])
def test_unsafe_tags_in_a_workspace_file_are_refused_and_never_run(tmp_path, tag, place):
    marker = tmp_path / "ran"
    store = WorkspaceStore(tmp_path / "ws")
    store.init()
    text = place.replace("{tag}", tag.replace("{marker}", str(marker)))
    store.workspace_file.write_text(text)
    with pytest.raises(WorkspaceError) as refused:
        store.load()
    assert "is not allowed" in str(refused.value)
    assert str(store.workspace_file) in str(refused.value)
    assert not marker.exists(), "a tag in workspace.yaml ran code"
    assert store.workspace_file.read_text() == text
    assert store.last_good_file.read_bytes() == dump_workspace(Workspace()).encode()


def _bounded(call: Callable[[], object], error: type[Exception]) -> Exception:
    """Run the call twice: it must fail with `error` within 2 s, then (traced, which slows it
    down) within 64 MiB of new allocations."""
    started = time.perf_counter()
    with pytest.raises(error) as caught:
        call()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        with pytest.raises(error):
            call()
        peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    assert elapsed < 2.0, f"took {elapsed:.1f} s"
    assert peak_mib < 64, f"allocated {peak_mib:.0f} MiB"
    return caught.value


def test_alias_bomb_in_a_workspace_file_is_refused_quickly_and_in_bounded_memory(tmp_path):
    store = WorkspaceStore(tmp_path)
    store.init()
    store.workspace_file.write_text(billion_laughs().replace("summary:", "name:"))
    refused = _bounded(store.load, WorkspaceError)
    assert f"more than {MAX_NODES} values" in str(refused)


def test_alias_bomb_in_the_pack_a_workspace_names_is_refused_quickly(tmp_path, tiny_base):
    """The pack is loaded the way the command line and the app load a workspace's packs."""
    pack = tmp_path / "ws" / "bomb-pack" / "identity"
    pack.mkdir(parents=True)
    (pack / "a.yaml").write_text(aspect_text("a") + billion_laughs().replace("summary:", "x:"))
    store = WorkspaceStore(tmp_path / "ws")
    workspace = store.init(Workspace(packs=["bomb-pack"]))
    packs = [str(store.folder / p) for p in workspace.packs]
    refused = _bounded(lambda: load_knowledge(packs, tiny_base, allow_cycles=True),
                       KnowledgeError)
    assert f"more than {MAX_NODES} values" in str(refused)
    assert str(pack / "a.yaml") in str(refused)
