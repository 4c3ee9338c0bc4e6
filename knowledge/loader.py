"""Load the knowledge base and packs from YAML, collecting every problem before failing once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from knowledge.catalog import KnowledgeBase
from knowledge.errors import KnowledgeError, Problem
from knowledge.models import Aspect, Category, ProfileQuestion
from knowledge.references import check_references, cycle_problems, find_cycles
from knowledge.yamlfile import Located, YamlProblem, parse_yaml, pydantic_problems

BASE_DIR = Path(__file__).parent / "base"
"""The shipped knowledge base."""

CATEGORIES_FILE = "categories.yaml"
PROFILE_FILE = "profile.yaml"


@dataclass
class _Source:
    """What one folder (the base or a pack) contributed."""

    categories: list[tuple[Category, Located]] = field(default_factory=list)
    questions: list[tuple[ProfileQuestion, Located]] = field(default_factory=list)
    aspects: list[tuple[Aspect, Located]] = field(default_factory=list)


def load_knowledge(
    packs: Sequence[Path | str] = (),
    base: Path | str = BASE_DIR,
    *,
    pure_python: bool = False,
    allow_cycles: bool = False,
) -> KnowledgeBase:
    """Read the base and every pack in order; raise KnowledgeError listing every problem.

    With `allow_cycles`, cycles in `requires` (which a pack can bring in) are kept in
    `KnowledgeBase.cycles` for the analysis to report as findings instead of failing the load.
    """
    problems: list[Problem] = []
    folders = [Path(base), *(Path(p) for p in packs)]
    sources = [_read_folder(folder, i == 0, problems, pure_python)
               for i, folder in enumerate(folders)]
    categories = _merge([s.categories for s in sources])
    questions = _merge([s.questions for s in sources])
    aspects = _merge_aspects(sources, problems)
    ordered = _order_aspects(categories, aspects)
    kb = KnowledgeBase(
        categories=tuple(c for c, _ in categories.values()),
        questions=tuple(q for q, _ in questions.values()),
        aspects={a.id: a for a, _ in ordered},
        sources={a.id: located.file for a, located in ordered},
        packs=tuple(str(p) for p in packs),
    )
    located = {a.id: located for a, located in ordered}
    problems += check_references(kb, located)
    cycles = find_cycles({a.id: list(a.requires) for a in kb.aspects.values()})
    if allow_cycles:
        kb = replace(kb, cycles=tuple(tuple(c) for c in cycles))
    else:
        problems += cycle_problems(kb, located, cycles)
    if problems:
        raise KnowledgeError(problems)
    return kb


def _read_folder(folder: Path, is_base: bool, problems: list[Problem], pure: bool) -> _Source:
    source = _Source()
    if not folder.is_dir():
        problems.append(Problem(str(folder), None, None, "", "not a folder"))
        return source
    for name, key, model, target in (
        (CATEGORIES_FILE, "categories", Category, source.categories),
        (PROFILE_FILE, "questions", ProfileQuestion, source.questions),
    ):
        path = folder / name
        if path.is_file():
            target += _read_list(path, key, model, problems, pure)
        elif is_base:
            problems.append(Problem(str(path), None, None, "", "file is missing"))
    for path in sorted(folder.glob("*/*.yaml")) + sorted(folder.glob("*/*.yml")):
        aspect = _read_aspect(path, problems, pure)
        if aspect:
            source.aspects.append(aspect)
    return source


def _parse(path: Path, problems: list[Problem], pure: bool) -> Located | None:
    try:
        return parse_yaml(path.read_bytes(), str(path), pure_python=pure)
    except YamlProblem as exc:
        problems.append(exc.problem)
    except OSError as exc:
        problems.append(Problem(str(path), None, None, "", f"cannot read: {exc.strerror}"))
    return None


def _read_list(
    path: Path, key: str, model: type[BaseModel], problems: list[Problem], pure: bool
) -> list[tuple[Any, Located]]:
    located = _parse(path, problems, pure)
    if located is None:
        return []
    data = located.data
    if not isinstance(data, dict) or set(data) != {key} or not isinstance(data[key], list):
        problems.append(located.problem((), f"expected a mapping with one key, {key!r}, "
                                             "holding a list"))
        return []
    items = []
    for index, item in enumerate(data[key]):
        try:
            items.append((model.model_validate(item), located))
        except ValidationError as exc:
            problems += pydantic_problems(located, exc, (key, index))
    return items


def _read_aspect(path: Path, problems: list[Problem], pure: bool) -> tuple[Aspect, Located] | None:
    located = _parse(path, problems, pure)
    if located is None:
        return None
    if not isinstance(located.data, dict):
        problems.append(located.problem((), "expected a mapping describing one aspect"))
        return None
    try:
        aspect = Aspect.model_validate(located.data)
    except ValidationError as exc:
        problems += pydantic_problems(located, exc)
        return None
    if aspect.id != path.stem:
        problems.append(located.problem(("id",), f"id {aspect.id!r} must match the file name "
                                                  f"{path.name!r}"))
    if aspect.category != path.parent.name:
        problems.append(located.problem(("category",), f"category {aspect.category!r} must match "
                                                        f"the folder {path.parent.name!r}"))
    return aspect, located


def _merge(per_source: list[list[tuple[Any, Located]]]) -> dict[str, tuple[Any, Located]]:
    """Later sources replace earlier ones by id; order follows first appearance."""
    merged: dict[str, tuple[Any, Located]] = {}
    for items in per_source:
        for item in items:
            merged[item[0].id] = item
    return merged


def _merge_aspects(
    sources: list[_Source], problems: list[Problem]
) -> dict[str, tuple[Aspect, Located]]:
    merged: dict[str, tuple[Aspect, Located]] = {}
    for source in sources:
        seen: dict[str, Located] = {}
        for aspect, located in source.aspects:
            if aspect.id in seen:
                problems.append(located.problem(("id",), f"duplicate aspect id {aspect.id!r}, "
                                                          f"also in {seen[aspect.id].file}"))
                continue
            seen[aspect.id] = located
            merged[aspect.id] = (aspect, located)
    return merged


def _order_aspects(
    categories: dict[str, tuple[Category, Located]], aspects: dict[str, tuple[Aspect, Located]]
) -> list[tuple[Aspect, Located]]:
    """Category order first, then file name: a stable order for every listing."""
    rank = {category_id: i for i, category_id in enumerate(categories)}
    return sorted(aspects.values(), key=lambda item: (rank.get(item[0].category, len(rank)),
                                                      item[0].id))
