"""Stable ADR numbers and file names: a decision keeps its number, nothing is renumbered."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from exporters.markdown_safe import slug

_MARKER = re.compile(r"<!-- skeleton-decision: ([a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*)"
                     r" #([1-9][0-9]{0,8}) -->")
SAFE_NAME = re.compile(r"[0-9]{4,9}-[a-z0-9]+(?:-[a-z0-9]+)*\.md")
"""The only file names the exporter writes: number, dash, slug, `.md`."""


def marker(point: str, decision_id: int) -> str:
    """The comment that ties an exported ADR to its decision, read back by the next export."""
    return f"<!-- skeleton-decision: {point} #{decision_id} -->"


def decision_key(point: str, decision_id: int) -> str:
    """How an ADR names the decision it records: `aspect.decision#id`."""
    return f"{point}#{decision_id}"


def read_marker(html: str) -> str | None:
    """The decision key in an HTML block that is exactly one marker line, else None."""
    for line in html.splitlines():
        found = _MARKER.fullmatch(line.strip())
        if found:
            return decision_key(found.group(1), int(found.group(2)))
    return None


def file_name(number: int, title: str) -> str:
    """`0007-token-management-eddsa.md`: four digits at least, then the title's slug."""
    return f"{number:04d}-{slug(title)}.md"


@dataclass(frozen=True)
class Existing:
    """An ADR already in the folder: its file, its number, and our decision key if it has one."""

    file: str
    number: int | None
    decision: str | None = None


@dataclass(frozen=True)
class Placement:
    """Where a decision's ADR goes."""

    number: int
    file: str
    stale: str | None = None
    """An earlier file of the same decision whose name could not be reused."""


def place(decisions: Mapping[str, str], existing: Iterable[Existing]) -> dict[str, Placement]:
    """Number and name each decision's ADR. `decisions` maps decision keys to titles, in the
    order new numbers are handed out. A decision found in the folder keeps its number and file
    name; the others take the next numbers after the highest one in the folder."""
    known = sorted(existing, key=lambda a: (a.number is None, a.number or 0, a.file))
    taken = {adr.file for adr in known}
    highest = max((adr.number or 0 for adr in known), default=0)
    found: dict[str, Existing] = {}
    for adr in known:
        if adr.decision and adr.number is not None:
            found.setdefault(adr.decision, adr)
    placements: dict[str, Placement] = {}
    for key, title in decisions.items():
        earlier = found.get(key)
        if earlier is not None and SAFE_NAME.fullmatch(earlier.file):
            placements[key] = Placement(earlier.number or 0, earlier.file)
            continue
        number = earlier.number if earlier is not None else None
        if number is None or file_name(number, title) in taken:
            highest += 1
            number = highest
        placements[key] = Placement(number, file_name(number, title),
                                    stale=earlier.file if earlier else None)
    return placements
