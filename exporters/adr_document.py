"""What one exported ADR says, gathered from the knowledge base and the workspace."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from decisions.workspace import Decision, Workspace
from exporters.adr_numbering import Existing, decision_key, place
from exporters.markdown_safe import clean_line
from knowledge.catalog import KnowledgeBase
from knowledge.models import Aspect, DecisionPoint, Option, ProfileQuestion

_PLAIN_URL = re.compile(r"https?://[^\s<>()\[\]\\\"'`]+")


@dataclass(frozen=True)
class AdrLink:
    """Another exported ADR, as a link names it."""

    number: int
    title: str
    file: str


@dataclass(frozen=True)
class OptionView:
    """An option as the ADR presents it."""

    label: str
    summary: str = ""
    pros: tuple[str, ...] = ()
    cons: tuple[str, ...] = ()
    recommended: bool = False
    fits_when: str = ""
    risk: str = ""
    """Why choosing it against the recommendation is risky; empty when it is not."""


@dataclass(frozen=True)
class AdrDocument:
    """One decision's ADR: raw text throughout; the renderers escape it."""

    point: str
    decision_id: int
    number: int
    file: str
    title: str
    status: str
    date: dt.date
    deciders: tuple[str, ...]
    rationale: str
    aspect_title: str
    context: tuple[str, ...]
    drivers: tuple[str, ...]
    options: tuple[OptionView, ...]
    chosen: OptionView
    checklist: tuple[str, ...]
    references: tuple[tuple[str, str], ...]
    """(title, url) pairs; the url is empty unless it is a plain http(s) address."""
    prerequisites: tuple[AdrLink, ...] = ()
    supersedes: AdrLink | None = None
    superseded_by: AdrLink | None = None


@dataclass(frozen=True)
class Documents:
    """Every decision's ADR, with the warnings met on the way."""

    documents: tuple[AdrDocument, ...]
    warnings: tuple[str, ...] = ()


def adr_title(kb: KnowledgeBase, decision: Decision) -> str:
    """`Token management: EdDSA`: the aspect and the chosen option, on one line."""
    aspect = kb.aspect(decision.aspect_id)
    option = kb.option(decision.option_ref)
    subject = aspect.title if aspect else decision.point
    title = f"{subject}: {option.label if option else decision.option}"
    return clean_line(title) or clean_line(f"{decision.point}: {decision.option}") or "Decision"


def build_documents(kb: KnowledgeBase, workspace: Workspace,
                    existing: Iterable[Existing] = ()) -> Documents:
    """One document per recorded decision, superseded ones included, in decision order."""
    decisions = workspace.decisions
    warnings: list[str] = []
    titles = {decision_key(d.point, d.id): adr_title(kb, d) for d in decisions}
    placements = place(titles, existing)
    links: dict[int, AdrLink] = {}
    for decision in decisions:
        key = decision_key(decision.point, decision.id)
        placed = placements[key]
        links[decision.id] = AdrLink(placed.number, titles[key], placed.file)
        if placed.stale:
            warnings.append(f"{placed.stale} records decision {key} under a name the export "
                            f"does not write; it now goes to {placed.file}, remove the old file")
    profile = kb.complete_profile(workspace.profile)
    chosen = workspace.chosen()
    documents = tuple(_document(kb, d, links, profile, chosen) for d in decisions)
    return Documents(documents, tuple(warnings))


def _document(kb: KnowledgeBase, decision: Decision, links: dict[int, AdrLink],
              profile: dict[str, Any], chosen: dict[str, Decision]) -> AdrDocument:
    found = kb.point(decision.point)
    aspect, point = found if found else (None, None)
    options = tuple(_option_view(o, point) for o in point.options) if point else ()
    option = kb.option(decision.option_ref)
    link = links[decision.id]
    return AdrDocument(
        point=decision.point, decision_id=decision.id, number=link.number, file=link.file,
        title=link.title, status=decision.status, date=decision.date,
        deciders=tuple(d for d in (clean_line(n) for n in decision.deciders) if d),
        rationale=decision.rationale,
        aspect_title=aspect.title if aspect else decision.aspect_id,
        context=_context(aspect, point, decision),
        drivers=tuple(_drivers(kb, aspect, point, profile)) if aspect and point else (),
        options=options or (OptionView(decision.option),),
        chosen=_option_view(option, point) if option else OptionView(decision.option),
        checklist=tuple(aspect.checklist) if aspect else (),
        references=tuple((r.title, r.url if _PLAIN_URL.fullmatch(r.url) else "")
                         for r in aspect.references) if aspect else (),
        prerequisites=_prerequisites(aspect, chosen, links),
        supersedes=links.get(decision.supersedes) if decision.supersedes else None,
        superseded_by=links.get(decision.superseded_by) if decision.superseded_by else None,
    )


def _option_view(option: Option, point: DecisionPoint | None) -> OptionView:
    recommended = point is not None and point.recommended == option.id
    return OptionView(label=option.label, summary=option.summary, pros=tuple(option.pros),
                      cons=tuple(option.cons), recommended=recommended,
                      fits_when=option.fits_when,
                      risk=option.risk_reason if option.risk and not recommended else "")


def _context(aspect: Aspect | None, point: DecisionPoint | None, decision: Decision
             ) -> tuple[str, ...]:
    if aspect is None or point is None:
        return (f"The knowledge base in use does not describe the decision point "
                f"{decision.point}; this record keeps what the team decided.",)
    return aspect.summary, aspect.why, point.question, point.guidance


def _drivers(kb: KnowledgeBase, aspect: Aspect, point: DecisionPoint,
             profile: dict[str, Any]) -> Iterator[str]:
    """The team's answers to the profile questions this aspect and its options depend on,
    or to every question when none is named."""
    conditions = [*aspect.applies_when, *(o.when for o in aspect.priority.overrides),
                  *(r.when for o in point.options for r in o.rules if r.when)]
    named = {question for condition in conditions for question in condition}
    questions = [q for q in kb.questions if q.id in named] or list(kb.questions)
    for question in questions:
        if question.id in profile:
            yield f"{question.question} {_answer(question, profile[question.id])}"


def _answer(question: ProfileQuestion, value: Any) -> str:
    if question.kind == "integer":
        return str(value)
    chosen = value if isinstance(value, list) else [value]
    labels = {o.id: o.label for o in question.options}
    return ", ".join(labels.get(str(v), str(v)) for v in chosen) or "none"


def _prerequisites(aspect: Aspect | None, chosen: dict[str, Decision],
                   links: dict[int, AdrLink]) -> tuple[AdrLink, ...]:
    """The ADRs of the live decisions on the aspects this one requires."""
    if aspect is None:
        return ()
    found = [links[d.id] for d in chosen.values()
             if d.aspect_id in aspect.requires and d.id in links]
    return tuple(sorted(found, key=lambda link: link.number))
