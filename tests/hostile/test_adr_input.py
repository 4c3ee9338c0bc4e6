"""Hostile ADR files never stop an import: `read_adr` and `import_folder` return a record per
file, with what was odd about it in its warnings, whatever the bytes, names and Markdown."""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from decisions.workspace import ImportedRecord
from exporters.adr_fields import STATUSES
from exporters.adr_import import SKIPPED_NAMES, SUFFIXES, AdrRecord, import_folder, read_adr
from tests.hostile.fuzzing import as_yaml, documents, fuzz, hostile_texts
from tests.hostile.test_workspace_input import FAST_TMP

FORMATS = {"madr", "madr-2", "nygard", "table", "plain", "unknown", "unreadable"}
DECISION_KEY = r"[a-z0-9-]+\.[a-z0-9-]+#[1-9][0-9]*"


def check_record(record: AdrRecord, name: str) -> None:
    """What every record must be, however odd its file."""
    assert isinstance(record, AdrRecord)
    assert record.file == name
    assert record.status in STATUSES
    assert record.format in FORMATS
    assert record.number is None or record.number >= 0
    assert all(isinstance(w, str) and w.strip() for w in record.warnings)
    if record.status == "unknown":
        assert record.warnings, "an ADR read as unknown must say why"
    assert record.decision is None or re.fullmatch(DECISION_KEY, record.decision)
    json.dumps(record.to_json(), ensure_ascii=False)
    assert isinstance(record.to_imported({"tokens"}), ImportedRecord)


# -- strategies ----------------------------------------------------------------------------------

_words = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_statuses = st.one_of(
    st.sampled_from(["Accepted", "proposed", "{accepted}", "[Rejected]", "✅ Done", "WIP",
                     "Superseded by [ADR-0007](0007-x.md)", "superceded by 12", "Deprecated",
                     "proposed | accepted | rejected", "", "unknown", "Replaced by ADR 3.",
                     "Supersedes [2. Old](0002-old.md)", "Amends ADR-4"]), _words)
_dates = st.one_of(st.sampled_from(["2024-02-01", "01/02/2024", "13/25/2024", "2024/2/30",
                                    "March 3rd, 2021", "2024-023-2706", "someday", "", "31.12.99",
                                    "9999-12-31T25:61", "0000-00-00"]),
                   st.dates().map(str), _words)
_headings = st.one_of(
    st.tuples(st.sampled_from(["", "ADR-12: ", "12. ", "ADR004 - ", "7 - ", "0. "]), _words)
    .map("".join), _words)
_keys = st.sampled_from(["Status", "status", "State", "Date", "Decision date", "Last updated",
                         "Deciders", "title", "x"])
_key_value = st.tuples(_keys, _statuses | _dates).map(lambda kv: f"{kv[0]}: {kv[1]}")


def _table(rows: list[tuple[str, str]]) -> str:
    body = "\n".join(f"| {a} | {b} |" for a, b in rows)
    return f"| Field | Value |\n|---|---|\n{body}\n" if rows else "| a |\n"


_front_matter = st.one_of(
    st.dictionaries(_keys.map(str.lower), st.one_of(_statuses, _dates, documents), max_size=4)
    .map(as_yaml),
    st.lists(_key_value, max_size=4).map("\n".join),
    _words, st.just("a: &a [x]\nb: *a\nstatus: accepted"),
    st.just("status: !!python/object/apply:os.system ['false']"),
).map(lambda text: f"---\n{text}\n---\n")
_blocks = st.one_of(
    _headings.map(lambda h: f"# {h}"),
    st.tuples(st.sampled_from(["##", "###", "#", "######", "#######"]),
              st.sampled_from(["Status", "Date", "Context", "Decision", "Links",
                               "More Information", "Consequences"]) | _words)
    .map(" ".join),
    _statuses, _dates, _key_value, _key_value.map(lambda kv: f"* {kv}"),
    st.lists(st.tuples(_keys, _statuses | _dates), max_size=3).map(_table),
    st.sampled_from(["<!-- skeleton-decision: tokens.signing #4 -->", "<!-- open comment",
                     "<script>alert(1)</script>", "```\nStatus: accepted\n", "> Status: x",
                     "Setext title\n===", "---", "[ref]: http://x", "Date:", "Status:"]),
    hostile_texts,
)
_sections = st.tuples(st.sampled_from(["## Status", "## Date", "## Links", "## Context"]),
                      st.lists(_statuses | _dates, min_size=1, max_size=3).map("\n".join)
                      ).map("\n\n".join)
markdown_documents = st.tuples(st.one_of(st.just(""), _front_matter),
                               st.lists(_blocks | _sections, max_size=8).map("\n\n".join)
                               ).map("".join)
"""ADR-like Markdown: optional front matter, then headings, metadata lines, tables, sections,
comments and raw text in any order."""


def _encoded(text: str, how: str) -> bytes:
    if how == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    if how == "cp1252":
        return text.encode("cp1252", "replace")
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    return text.encode("utf-8", "surrogatepass")


adr_bytes = st.one_of(
    st.binary(max_size=300),
    hostile_texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(markdown_documents, st.sampled_from(["utf-8", "utf-8", "utf-16", "cp1252", "bom"]))
    .map(lambda pair: _encoded(*pair)),
    st.tuples(markdown_documents, st.binary(min_size=1, max_size=4)).map(
        lambda pair: pair[0].encode("utf-8", "surrogatepass") + pair[1]),
)

small_files = st.one_of(st.binary(max_size=60), st.sampled_from(
    [b"", b"# 1. T\n\n## Status\n\nAccepted\n", b"---\ndate: 0000-00-00\n---\n# T\n",
     b"\xff\xfe#\x00 \x00T\x00", b"\x00\x01"]), _front_matter.map(str.encode))
"""Files for the folder walk: its names matter more than its Markdown, which is fuzzed above."""

_name_chars = st.characters(exclude_categories=("Cs",), exclude_characters="/\x00")
file_names = st.one_of(
    st.sampled_from(["0001-x.md", "ADR-004-y.md", "adr_7 z.markdown", "20200926-z.md",
                     "README.md", "index.MD", "template.md", "0000-.md", "999999999-x.md",
                     ".hidden.md", "x.txt", "0002-big number.md"]),
    st.tuples(st.text(_name_chars, min_size=1, max_size=30),
              st.sampled_from([".md", ".markdown", ".MD", ".txt", ""])).map("".join),
).filter(lambda name: name not in (".", "..") and len(name.encode("utf-8")) < 250)


# -- read_adr ------------------------------------------------------------------------------------

@fuzz
@given(name=file_names, data=st.binary(max_size=400))
def test_random_bytes_read_as_a_record_with_warnings(name, data):
    check_record(read_adr(name, data), name)


@fuzz
@given(name=file_names, data=adr_bytes)
def test_random_markdown_reads_as_a_record_with_warnings(name, data):
    record = read_adr(name, data)
    check_record(record, name)
    event(f"format {record.format}")
    event(f"status {record.status}")


# -- import_folder -------------------------------------------------------------------------------

def expected_names(names: set[str]) -> list[str]:
    return sorted(n for n in names if Path(n).suffix.lower() in SUFFIXES
                  and not n.startswith(".") and n.lower() not in SKIPPED_NAMES)


@fuzz
@given(files=st.dictionaries(file_names, small_files, max_size=4))
def test_any_folder_imports_one_record_per_adr_file(files):
    with tempfile.TemporaryDirectory(dir=FAST_TMP) as tmp:
        for name, data in files.items():
            (Path(tmp) / name).write_bytes(data)
        records = import_folder(tmp)
    assert [r.file for r in records] == expected_names(set(files))
    for record in records:
        check_record(record, record.file)


def test_entries_that_are_not_readable_files_do_not_stop_the_import(tmp_path):
    (tmp_path / "0001-folder.md").mkdir()
    (tmp_path / "0002-dangling.md").symlink_to(tmp_path / "missing.md")
    (tmp_path / "0003-loop.md").symlink_to(tmp_path / "0003-loop.md")
    os.mkfifo(tmp_path / "0004-pipe.md")
    (tmp_path / "0005-good.md").write_text("# 5. Good\n\n## Status\n\nAccepted\n")
    (tmp_path / "0006-locked.md").write_text("# 6. Locked\n")
    (tmp_path / "0006-locked.md").chmod(0)
    records = import_folder(tmp_path)
    if os.geteuid() == 0:  # root reads it anyway
        records = [r for r in records if r.file != "0006-locked.md"]
    else:
        assert (records[-1].file, records[-1].format) == ("0006-locked.md", "unreadable")
        assert records[-1].warnings[0].startswith("cannot read the file: ")
        records = records[:-1]
    assert [(r.file, r.status) for r in records] == [("0005-good.md", "accepted")]


# -- pathological Markdown -----------------------------------------------------------------------

SIZE = 100_000
PATHOLOGICAL = {
    "open brackets": b"[" * SIZE,
    "unclosed links": b"[a](" * (SIZE // 4),
    "nested emphasis": b"**" * (SIZE // 4) + b"a" + b"**" * (SIZE // 4),
    "open comments": b"<!--" * (SIZE // 4),
    "deep quotes": b">" * SIZE + b" Status: accepted\n",
    "deep lists": b"".join(b"  " * i + b"- Status: x\n" for i in range(300)),
    "wide table": b"|a" * (SIZE // 2) + b"\n" + b"|-" * (SIZE // 2) + b"\n",
    "unclosed front matter": b"---\n" + b"status: [\n" * (SIZE // 10),
    "front matter aliases": b"---\na: &a [x, x]\n" + b"".join(
        b"a%d: &a%d [*a%s, *a%s]\n" % (i, i, b"" if i == 1 else b"%d" % (i - 1),
                                        b"" if i == 1 else b"%d" % (i - 1))
        for i in range(1, 40)) + b"status: accepted\n---\n",
    "long status": b"Status: " + b"superseded by " * (SIZE // 14) + b"\n",
}


@pytest.mark.parametrize("data", PATHOLOGICAL.values(), ids=PATHOLOGICAL)
def test_pathological_markdown_reads_in_bounded_time(data):
    started = time.perf_counter()
    record = read_adr("0001-x.md", b"# Title\n\n" + data)
    assert time.perf_counter() - started < 2.0
    check_record(record, "0001-x.md")
