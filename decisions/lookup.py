"""Look-ups of knowledge-base ids that fail with one sentence a person can act on."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from knowledge.catalog import KnowledgeBase
from knowledge.errors import UsageError
from knowledge.models import Aspect, DecisionPoint, Option, ProfileQuestion, parse_point_ref


def suggestion(wrong: str, known: Sequence[str]) -> str:
    """` (did you mean 'token-management'?)` when a known id is close, else nothing."""
    close = difflib.get_close_matches(wrong, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def require_question(kb: KnowledgeBase, key: str) -> ProfileQuestion:
    question = kb.question(key)
    if question is None:
        known = [q.id for q in kb.questions]
        raise UsageError(f"unknown profile question {key!r} (questions: {', '.join(known)})")
    return question


def require_aspect(kb: KnowledgeBase, aspect_id: str) -> Aspect:
    aspect = kb.aspect(aspect_id)
    if aspect is None:
        raise UsageError(f"unknown aspect {aspect_id!r}{suggestion(aspect_id, list(kb.aspects))}")
    return aspect


def require_point(kb: KnowledgeBase, ref: str) -> tuple[Aspect, DecisionPoint]:
    try:
        aspect_id, point_id = parse_point_ref(ref)
    except ValueError:
        raise UsageError(f"{ref!r} does not name a decision point as aspect.decision") from None
    aspect = require_aspect(kb, aspect_id)
    point = aspect.decision(point_id)
    if point is None:
        known = [p.id for p in aspect.decisions]
        raise UsageError(f"aspect {aspect_id!r} has no decision point {point_id!r} "
                         f"(it has: {', '.join(known)})")
    return aspect, point


def require_option(point: DecisionPoint, ref: str, option_id: str) -> Option:
    option = point.option(option_id)
    if option is None:
        known = [o.id for o in point.options]
        raise UsageError(f"decision point {ref!r} has no option {option_id!r} "
                         f"(options: {', '.join(known)})")
    return option
