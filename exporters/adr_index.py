"""The README.md index of an ADR folder: number, title, status and date, each linked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from exporters.markdown_safe import inline, link

INDEX_FILE = "README.md"
INDEX_MARKER = ("<!-- skeleton-adr-index: written by `skeleton adr export`; "
                "changes made here are overwritten -->")
"""Tells a later export that the README is its own to rewrite."""


@dataclass(frozen=True)
class IndexRow:
    """One ADR in the index."""

    number: int | None
    title: str
    status: str
    date: dt.date | None
    file: str


def render_index(rows: Iterable[IndexRow]) -> str:
    """A table like the list `adr generate toc` writes, with status and date; by number, then
    the unnumbered ones by file name."""
    ordered = sorted(rows, key=lambda r: (r.number is None, r.number or 0, r.file))
    lines = ["# Architecture Decision Records", "", INDEX_MARKER, "",
             "| Number | Title | Status | Date |", "| ---: | --- | --- | --- |"]
    for row in ordered:
        number = "" if row.number is None else str(row.number)
        date = row.date.isoformat() if row.date else ""
        status = inline(row.status, line_start=False)
        lines.append(f"| {number} | {link(row.title, row.file)} | {status} | {date} |")
    return "\n".join(lines) + "\n"


def is_our_index(text: str) -> bool:
    """Whether a README was written by the export (and may be rewritten)."""
    return any(line.strip() == INDEX_MARKER for line in text.splitlines())
