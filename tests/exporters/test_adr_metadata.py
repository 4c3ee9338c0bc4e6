"""Metadata is found wherever an ADR's authors put it, and the first place that states a
field wins: front matter, `Key: value` lines and tables, then Status and Date sections."""

from __future__ import annotations

import datetime as dt

import pytest

from exporters.adr_fields import Status
from exporters.adr_metadata import front_matter, metadata
from exporters.adr_outline import outline

CASES = [
    ("front matter wins over a Status section",
     "---\nstatus: rejected\n---\n# T\n\n## Status\n\nAccepted\n",
     Status("rejected"), "madr"),
    ("a list under the title",
     "# T\n\n* Status: accepted\n* Date: 2020-01-01\n", Status("accepted"), "madr-2"),
    ("a Status section",
     "# 1. T\n\n## Status\n\nProposed\n", Status("proposed"), "nygard"),
    ("a superseded-by line in the Status section wins over its first line",
     "# 1. T\n\n## Status\n\nAccepted\n\nSuperseded by [2. U](0002-u.md)\n",
     Status("superseded", "ADR-0002"), "nygard"),
    ("link lines are not the status",
     "# 2. T\n\n## Status\n\nAmends [1. U](0001-u.md)\n\nAccepted\n", Status("accepted"),
     "nygard"),
    ("a key-value table",
     "# T\n\n| Status | Accepted |\n|---|---|\n| Date | 2020-01-01 |\n",
     Status("accepted"), "table"),
    ("a table whose header names the fields",
     "# T\n\n| Date | Status |\n|---|---|\n| 2020-01-01 | Rejected |\n",
     Status("rejected"), "table"),
    ("bold key-value lines",
     "# T\n\n**Status**: Deprecated\n", Status("deprecated"), "plain"),
    ("MADR sections without metadata",
     "## Context and Problem Statement\n\nx\n", None, "madr"),
    ("nothing at all", "# T\n\nJust prose.\n", None, "unknown"),
]


@pytest.mark.parametrize(("text", "status", "fmt"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_status_and_format_come_from_the_first_place_that_states_them(text, status, fmt):
    found = metadata(outline(text))
    assert (found.status, found.format) == (status, fmt)


def test_supersedes_lines_are_collected_from_links_sections():
    text = ("# T\n\n- Status: accepted\n\n## Links\n\n- Supersedes [ADR-0003](0003-x.md)\n"
            "- Supersedes [ADR-0004](0004-y.md)\n- Refined by [ADR-0009](0009-z.md)\n")
    found = metadata(outline(text))
    assert (found.supersedes, found.superseded_by) == (["ADR-0003", "ADR-0004"], None)


@pytest.mark.parametrize(("text", "expected"), [
    ("status: accepted\ndate: 2020-01-02\n",
     ({"status": "accepted", "date": dt.date(2020, 1, 2)}, [])),
    ("Status: {proposed | accepted | superseded by [ADR-1](0001-x.md)}\nDate: {YYYY}\n",
     ({"status": "proposed | accepted | superseded by [ADR-1](0001-x.md)", "date": "YYYY"},
      ["the front matter is not a YAML mapping; read it line by line"])),
    ("just a string\n",
     ({}, ["the front matter is not a YAML mapping; read it line by line"])),
    ("", ({}, [])),
])
def test_front_matter_is_yaml_else_key_value_lines(text, expected):
    assert front_matter(text) == expected
