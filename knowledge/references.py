"""Cross-file checks of a knowledge base: references resolve, conditions make sense, no cycles."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from knowledge.catalog import KnowledgeBase
from knowledge.errors import Problem
from knowledge.models import Aspect, Condition, ProfileQuestion, parse_option_ref
from knowledge.yamlfile import Located, Path_


def check_references(kb: KnowledgeBase, located: Mapping[str, Located]) -> list[Problem]:
    problems: list[Problem] = []
    for aspect in kb.aspects.values():
        where = located[aspect.id]
        for path, message, at_key in _aspect_problems(kb, aspect):
            problems.append(where.problem(path, message, at_key=at_key))
    problems += _question_problems(kb)
    return problems


Found = tuple[Path_, str, bool]
"""A problem's path, its message, and whether it points at the key rather than the value."""


def _aspect_problems(kb: KnowledgeBase, aspect: Aspect) -> Iterator[Found]:
    if kb.category(aspect.category) is None:
        yield ("category",), f"unknown category {aspect.category!r}", False
    yield from _aspect_reference_problems(kb, aspect)
    for i, condition in enumerate(aspect.applies_when):
        yield from _condition_problems(kb, condition, ("applies_when", i))
    for i, override in enumerate(aspect.priority.overrides):
        yield from _condition_problems(kb, override.when, ("priority", "overrides", i, "when"))
    yield from _decision_problems(kb, aspect)


def _aspect_reference_problems(kb: KnowledgeBase, aspect: Aspect) -> Iterator[Found]:
    for field_name in ("requires", "related"):
        for i, other in enumerate(getattr(aspect, field_name)):
            if other == aspect.id:
                yield (field_name, i), f"aspect {other!r} refers to itself", False
            elif other not in kb.aspects:
                yield (field_name, i), f"unknown aspect {other!r}", False


def _decision_problems(kb: KnowledgeBase, aspect: Aspect) -> Iterator[Found]:
    seen: set[str] = set()
    for d, point in enumerate(aspect.decisions):
        if point.id in seen:
            yield ("decisions", d, "id"), f"duplicate decision point id {point.id!r}", False
        seen.add(point.id)
        for o, option in enumerate(point.options):
            for r, rule in enumerate(option.rules):
                path: Path_ = ("decisions", d, "options", o, "rules", r)
                yield from _rule_problems(kb, rule.kind, rule.target, path)
                if rule.when:
                    yield from _condition_problems(kb, rule.when, (*path, "when"))


def _rule_problems(kb: KnowledgeBase, kind: str, target: str | None, path: Path_
                   ) -> Iterator[Found]:
    if target is None:
        return
    if kind == "requires-aspect":
        if target not in kb.aspects:
            yield (*path, "target"), f"unknown aspect {target!r}", False
        return
    aspect_id, decision_id, option_id = parse_option_ref(target)
    aspect = kb.aspect(aspect_id)
    if aspect is None:
        yield (*path, "target"), f"unknown aspect {aspect_id!r} in {target!r}", False
    elif (point := aspect.decision(decision_id)) is None:
        yield (*path, "target"), f"unknown decision point {aspect_id}.{decision_id!s}", False
    elif point.option(option_id) is None:
        message = f"unknown option {option_id!r} of {aspect_id}.{decision_id}"
        yield (*path, "target"), message, False


def _condition_problems(kb: KnowledgeBase, condition: Condition, path: Path_
                        ) -> Iterator[Found]:
    for question_id, answers in condition.items():
        question = kb.question(question_id)
        if question is None:
            yield (*path, question_id), f"unknown profile question {question_id!r}", True
            continue
        if question.kind == "integer":
            message = f"question {question_id!r} is an integer and cannot be used in a condition"
            yield (*path, question_id), message, True
            continue
        allowed = set(question.option_ids()) | ({"none"} if question.kind == "multiple" else set())
        for i, answer in enumerate(answers):
            if answer not in allowed:
                message = f"unknown answer {answer!r} for {question_id!r}"
                yield (*path, question_id, i), message, False


def _question_problems(kb: KnowledgeBase) -> list[Problem]:
    problems = []
    for question in kb.questions:
        message = default_problem(question)
        if message:
            problems.append(Problem("profile.yaml", None, None, f"{question.id}.default", message))
    return problems


def default_problem(question: ProfileQuestion) -> str | None:
    """Why a question's default is not one of its answers, or None."""
    value = question.default
    if value is None:
        return None
    if question.kind == "integer":
        return None if isinstance(value, int) else "an integer question needs an integer default"
    values = value if isinstance(value, list) else [value]
    if question.kind == "single" and isinstance(value, list):
        return "a single-choice question needs one default answer"
    unknown = [str(v) for v in values if v not in question.option_ids()]
    return f"unknown answers {unknown}" if unknown else None


def cycle_problems(kb: KnowledgeBase, located: Mapping[str, Located],
                   cycles: list[list[str]]) -> list[Problem]:
    """One problem per cycle in `requires`, placed at the first aspect's reference."""
    problems = []
    for cycle in cycles:
        first = cycle[0]
        index = kb.aspects[first].requires.index(cycle[1 % len(cycle)])
        chain = " -> ".join([*cycle, first])
        message = f"requires forms a cycle: {chain}"
        problems.append(located[first].problem(("requires", index), message))
    return problems


def find_cycles(edges: Mapping[str, list[str]]) -> list[list[str]]:
    """Cycles found by an iterative depth-first search, each once, rotated to start at its
    least id. Not every elementary cycle: enough to name each knot so that it can be cut."""
    found: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}
    for root in sorted(edges):
        if root in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(edges[root]))]
        path = [root]
        state[root] = 1
        while stack:
            node, successors = stack[-1]
            nxt = next((n for n in successors if n in edges), None)
            if nxt is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(nxt) == 1:
                cycle = path[path.index(nxt):]
                start = cycle.index(min(cycle))
                found.add(tuple(cycle[start:] + cycle[:start]))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(edges[nxt])))
                path.append(nxt)
    return [list(c) for c in sorted(found)]
