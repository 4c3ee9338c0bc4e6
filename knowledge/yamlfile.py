"""Safe YAML reading that remembers where every value stood, for file:line:column errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from knowledge.errors import Problem

FAST_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's C parser where present; the pure-Python one otherwise."""

MAX_NODES = 200_000
"""Expanding aliases past this many nodes is refused: it bounds "billion laughs" documents."""

MAX_BYTES = 5_000_000
"""A file larger than this is refused before parsing."""

Path_ = tuple[str | int, ...]

PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}"
                       for name in ("str", "int", "float", "bool", "null", "timestamp"))
"""The only scalar tags accepted: plain data. Python, binary and custom tags are refused."""


@dataclass
class Located:
    """A parsed YAML document and the line and column of each of its values."""

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        """The line and column of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            mark = self.marks.get(tuple(path[:end]))
            if mark:
                return mark
        return None, None

    def problem(self, path: Path_, message: str, *, at_key: bool = False) -> Problem:
        line, column = (self.key_marks.get(path) if at_key else None) or self.where(path)
        return Problem(self.file, line, column, format_path(path), message)


class YamlProblem(Exception):
    """Raised inside this module with the problem that stops the parse."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def format_path(path: Path_) -> str:
    """`("decisions", 1, "options")` -> `decisions[1].options`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse_yaml(text: str | bytes, file: str, *, pure_python: bool = False) -> Located:
    """Parse one YAML document safely; raise YamlProblem with its place when it cannot be read."""
    if len(text) > MAX_BYTES:
        raise YamlProblem(Problem(file, None, None, "", f"file is larger than {MAX_BYTES} bytes"))
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            message = f"not UTF-8 text ({exc.reason})"
            raise YamlProblem(Problem(file, None, None, "", message)) from None
    if "\x00" in text:
        raise YamlProblem(Problem(file, None, None, "", "file holds a NUL character"))
    loader = (yaml.SafeLoader if pure_python else FAST_LOADER)(text)
    try:
        node = loader.get_single_node()
        located = Located(file, None)
        if node is not None:
            located.data = _Builder(loader, located).build(node, ())
        return located
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_marked_problem(file, exc)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(file, None, None, "", f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise YamlProblem(Problem(file, None, None, "", "document is nested too deeply")) from None
    finally:
        loader.dispose()


def _marked_problem(file: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    return Problem(file, line, column, "", f"invalid YAML: {detail or exc}")


class _Builder:
    """Turns a composed node tree into Python values, recording marks and refusing bombs."""

    def __init__(self, loader: Any, located: Located):
        self.loader = loader
        self.located = located
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._stop(node, f"document expands to more than {MAX_NODES} values "
                                   "(too many aliases?)")
        if id(node) in self.active:
            raise self._stop(node, "an alias refers to the value that contains it")
        self.located.marks[path] = _mark(node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return self._sequence(node, path)
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in PLAIN_TAGS:
            raise self._stop(node, f"tag {node.tag!r} is not allowed")
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise self._stop(node, f"tag {node.tag!r} is not allowed: {exc.problem}") from None
        except (ValueError, OverflowError) as exc:
            raise self._stop(node, f"cannot read value: {exc}") from None

    def _sequence(self, node: yaml.SequenceNode, path: Path_) -> list[Any]:
        self._check_tag(node, "tag:yaml.org,2002:seq")
        return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        self._check_tag(node, "tag:yaml.org,2002:map")
        self._flatten(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int | float | bool) or key is None:
                raise self._stop(key_node, "a mapping key must be a plain value")
            if key in result:
                raise self._stop(key_node, f"duplicate key {key!r}")
            self.located.key_marks[(*path, key)] = _mark(key_node)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _flatten(self, node: yaml.MappingNode) -> None:
        try:
            self.loader.flatten_mapping(node)
        except yaml.constructor.ConstructorError as exc:
            raise self._stop(node, f"invalid merge key: {exc.problem}") from None

    def _check_tag(self, node: yaml.Node, allowed: str) -> None:
        if node.tag != allowed:
            raise self._stop(node, f"tag {node.tag!r} is not allowed")

    def _stop(self, node: yaml.Node, message: str) -> YamlProblem:
        line, column = _mark(node)
        return YamlProblem(Problem(self.located.file, line, column, "", message))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def pydantic_problems(located: Located, exc: Any, prefix: Path_ = ()) -> list[Problem]:
    """Map a pydantic ValidationError onto the document's places."""
    problems = []
    for error in exc.errors(include_url=False):
        path = _data_path(located.data, prefix, tuple(error["loc"]))
        at_key = error["type"] == "extra_forbidden"
        problems.append(located.problem(path, _message(error), at_key=at_key))
    return problems


def _message(error: dict[str, Any]) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "missing":
        return "missing required key"
    return str(error["msg"]).removeprefix("Value error, ")


def _data_path(data: Any, prefix: Path_, loc: Path_) -> Path_:
    """Keep the parts of a pydantic location that index the data (drop union tags)."""
    path: list[str | int] = list(prefix)
    current = data
    for part in prefix:
        current = _step(current, part)
    for part in loc:
        nxt = _step(current, part)
        if nxt is _MISSING:
            if isinstance(part, str) and not _looks_like_tag(part):
                path.append(part)
            continue
        path.append(part)
        current = nxt
    return tuple(path)


_MISSING = object()


def _step(current: Any, part: str | int) -> Any:
    if isinstance(current, dict) and part in current:
        return current[part]
    if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
        return current[part]
    return _MISSING


def _looks_like_tag(part: str) -> bool:
    return any(ch in part for ch in "[](),") or part in {"str", "int", "float", "list", "dict"}

