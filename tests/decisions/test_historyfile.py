"""history.jsonl: complete lines only, every bad line reported with its number."""

from __future__ import annotations

import pytest

from decisions.historyfile import parse_history, read_history_bytes
from knowledge.errors import WorkspaceError

LINE = (b'{"seq":1,"at":"2026-09-01T09:00:00Z","who":"Ana","via":"cli","revision":1,'
        b'"kind":"profile","target":"market","old":null,"new":"b2c"}\n')


def test_a_line_without_its_newline_is_left_out(tmp_path):
    path = tmp_path / "history.jsonl"
    path.write_bytes(LINE + b'{"seq":2')
    assert read_history_bytes(path) == LINE
    assert read_history_bytes(path, limit=10) == b""
    assert read_history_bytes(tmp_path / "missing") == b""


def test_parse_history_reads_events_and_skips_blank_lines():
    (event,) = parse_history(b"\n" + LINE + b"  \n", "history.jsonl")
    assert (event.seq, event.who, event.new) == (1, "Ana", "b2c")


def test_every_bad_line_is_reported_with_its_number():
    with pytest.raises(WorkspaceError) as refused:
        parse_history(LINE + b"not json\n" + LINE.replace(b'"cli"', b'"fax"'), "h.jsonl")
    assert str(refused.value).splitlines() == [
        "h.jsonl:2: not a history event: Invalid JSON: expected ident at line 1 column 2",
        "h.jsonl:3: not a history event: via: Input should be 'cli', 'web', 'external', "
        "'import' or 'example'"]
