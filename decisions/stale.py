"""Ids a workspace holds that the knowledge base no longer has: kept in the file, reported."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from decisions.workspace import Workspace
from knowledge.catalog import KnowledgeBase


@dataclass(frozen=True)
class StaleId:
    """One id the workspace refers to that the knowledge base (with its packs) lacks."""

    where: str
    """The place in workspace.yaml: `decisions[3].option`, `progress.old-aspect`, ..."""
    id: str
    """The id that no longer resolves."""
    message: str
    """What is missing, for people."""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def stale_ids(kb: KnowledgeBase, workspace: Workspace) -> list[StaleId]:
    """Every profile answer, aspect, decision point, option and checklist item the workspace
    names that the knowledge base does not have (an aspect or option removed or renamed)."""
    return [*_profile(kb, workspace), *_aspects(kb, workspace), *_decisions(kb, workspace),
            *_imported(kb, workspace)]


def _profile(kb: KnowledgeBase, workspace: Workspace) -> Iterator[StaleId]:
    for key, value in workspace.profile.items():
        question = kb.question(key)
        if question is None:
            yield StaleId(f"profile.{key}", key, f"profile question {key!r} no longer exists")
            continue
        if question.kind == "integer":
            continue
        for answer in value if isinstance(value, list) else [value]:
            if answer not in question.option_ids():
                yield StaleId(f"profile.{key}", str(answer),
                              f"{answer!r} is no longer an answer to {key}")


def _aspects(kb: KnowledgeBase, workspace: Workspace) -> Iterator[StaleId]:
    for field in ("scope", "progress"):
        for aspect_id in getattr(workspace, field):
            if kb.aspect(aspect_id) is None:
                yield StaleId(f"{field}.{aspect_id}", aspect_id,
                              f"aspect {aspect_id!r} no longer exists")
    for aspect_id, progress in workspace.progress.items():
        aspect = kb.aspect(aspect_id)
        if aspect is None:
            continue
        count = len(aspect.checklist)
        for index in progress.ticked:
            if index >= count:
                yield StaleId(f"progress.{aspect_id}.ticked", str(index),
                              f"{aspect_id} has no checklist item {index} any more "
                              f"(it has {count})")


def _decisions(kb: KnowledgeBase, workspace: Workspace) -> Iterator[StaleId]:
    for index, decision in enumerate(workspace.decisions):
        where = f"decisions[{index}]"
        if kb.aspect(decision.aspect_id) is None:
            yield StaleId(f"{where}.point", decision.aspect_id,
                          f"aspect {decision.aspect_id!r} no longer exists")
        elif kb.point(decision.point) is None:
            yield StaleId(f"{where}.point", decision.point,
                          f"decision point {decision.point!r} no longer exists")
        elif kb.option(decision.option_ref) is None:
            yield StaleId(f"{where}.option", decision.option,
                          f"option {decision.option!r} of {decision.point} no longer exists")


def _imported(kb: KnowledgeBase, workspace: Workspace) -> Iterator[StaleId]:
    for index, record in enumerate(workspace.imported):
        if record.aspect is not None and kb.aspect(record.aspect) is None:
            yield StaleId(f"imported[{index}].aspect", record.aspect,
                          f"aspect {record.aspect!r} no longer exists")
