"""Knowledge bases built in memory (no files), for property tests over many shapes."""

from __future__ import annotations

import functools

import yaml

from knowledge.catalog import KnowledgeBase
from knowledge.loader import BASE_DIR
from knowledge.models import Aspect, Category, ProfileQuestion


@functools.cache
def _questions() -> tuple[ProfileQuestion, ...]:
    data = yaml.safe_load((BASE_DIR / "profile.yaml").read_text())
    return tuple(ProfileQuestion.model_validate(q) for q in data["questions"])


def make_aspect(aspect_id: str, category: str = "c0", requires: list[str] | None = None,
                priority: str = "must", effort: tuple[float, float, float] = (2, 3, 6),
                checklist: int = 3) -> Aspect:
    return Aspect.model_validate({
        "id": aspect_id, "title": aspect_id.upper(), "category": category,
        "summary": "s", "why": "w", "skipping_cost": "c",
        "priority": {"default": priority}, "requires": requires or [],
        "effort": dict(zip(("optimistic", "likely", "pessimistic"), effort, strict=True)),
        "checklist": [f"item {i}" for i in range(checklist)],
        "decisions": [{"id": "d", "question": "q", "guidance": "g", "options": [
            {"id": "x", "label": "X", "summary": "s", "pros": ["a", "b"], "cons": ["c", "d"]},
            {"id": "y", "label": "Y", "summary": "s", "pros": ["a", "b"], "cons": ["c", "d"]},
        ]}],
    })


def make_kb(aspects: list[Aspect], categories: int = 3) -> KnowledgeBase:
    cats = tuple(Category(id=f"c{i}", title=f"C{i}", summary="s") for i in range(categories))
    return KnowledgeBase(categories=cats, questions=_questions(),
                         aspects={a.id: a for a in aspects})
