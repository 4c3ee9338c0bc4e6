"""workspace.yaml: the current state as block-style YAML in a stable order, and back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from pydantic import ValidationError

from decisions.workspace import Workspace
from knowledge.errors import Problem, WorkspaceError
from knowledge.yamlfile import YamlProblem, parse_yaml, pydantic_problems

HEADER = (
    "# Walking Skeleton Planner workspace. Edit it by hand if you like: the next command\n"
    "# checks the edit and records it in history.jsonl as an external change.\n"
)

_SORTED = ("profile", "scope", "progress")
"""Mappings written in key order, so that the file's order never depends on who wrote first."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter where present (the pure-Python one writes the same text, slower):
    block style, multi-line text as `|` blocks, timestamps in ISO 8601."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _timestamp(dumper: yaml.SafeDumper, value: dt.datetime) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _text)
_Dumper.add_representer(dt.datetime, _timestamp)


_NO_WRAP = 1 << 30
"""Long lines stay whole: a changed word then changes one line of the diff, not a paragraph."""


def dump_workspace(workspace: Workspace) -> str:
    """The workspace as the text of workspace.yaml (the same state gives the same bytes)."""
    data: dict[str, Any] = workspace.model_dump(mode="python", exclude_none=True)
    for key in _SORTED:
        data[key] = dict(sorted(data[key].items()))
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=_NO_WRAP)
    return HEADER + body


def parse_workspace(text: str | bytes, file: str) -> Workspace:
    """Read workspace.yaml; raise WorkspaceError with file:line:column for every problem."""
    try:
        located = parse_yaml(text, file)
    except YamlProblem as exc:
        raise WorkspaceError([exc.problem]) from None
    if located.data is None:
        raise WorkspaceError([Problem(file, None, None, "", "the file is empty")])
    if not isinstance(located.data, dict):
        raise WorkspaceError([located.problem((), "expected a mapping describing a workspace "
                                                   "(version, profile, decisions, ...)")])
    try:
        return Workspace.model_validate(located.data)
    except ValidationError as exc:
        raise WorkspaceError(pydantic_problems(located, exc)) from None
