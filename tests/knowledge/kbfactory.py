"""Build small knowledge bases in temporary folders, for tests of the loader and its users."""

from __future__ import annotations

import shutil
from pathlib import Path

from knowledge.loader import BASE_DIR

CATEGORIES = """\
categories:
  - id: identity
    title: Identity
    summary: Who the users are.
  - id: delivery
    title: Delivery
    summary: How code ships.
"""

ASPECT = """\
id: {id}
title: {title}
category: {category}
summary: A short summary.
why: Because it is system-wide.
skipping_cost: Adding it later is expensive.
priority:
  default: must
requires: [{requires}]
effort: {{optimistic: 2, likely: 3, pessimistic: 6}}
checklist:
  - First deliverable.
  - Second deliverable.
  - Third deliverable.
decisions:
  - id: style
    question: Which style?
    guidance: Think about it.
    recommended: first
    options:
      - id: first
        label: First
        summary: The first way.
        pros: [Simple, Cheap]
        cons: [Limited, Old]
      - id: second
        label: Second
        summary: The second way.
        pros: [Flexible, New]
        cons: [Costly, Complex]
        risk: medium
        risk_reason: It is costly.
"""


def aspect_text(aspect_id: str, category: str = "identity", requires: str = "",
                title: str | None = None) -> str:
    return ASPECT.format(id=aspect_id, title=title or aspect_id.title(), category=category,
                         requires=requires)


def write_base(root: Path, aspects: dict[str, str] | None = None) -> Path:
    """A valid base: two categories, the shipped profile questions, and aspects a and b."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "categories.yaml").write_text(CATEGORIES)
    shutil.copy(BASE_DIR / "profile.yaml", root / "profile.yaml")
    if aspects is None:
        aspects = {"identity/a.yaml": aspect_text("a"),
                   "delivery/b.yaml": aspect_text("b", "delivery", requires="a")}
    for name, text in aspects.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def line_of(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column where `needle` starts (the n-th occurrence)."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column
