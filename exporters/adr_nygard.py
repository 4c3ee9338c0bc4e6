"""Render an ADR as adr-tools does (Nygard): numbered title, Status, Context, Decision."""

from __future__ import annotations

from exporters.adr_document import AdrDocument, AdrLink
from exporters.adr_numbering import marker
from exporters.markdown_safe import blocks, bullets, inline, link, paragraphs

HEADINGS = ("Status", "Context", "Decision", "Consequences")
"""The level-2 headings, in order, under the numbered title."""

_STATUS = {"accepted": "Accepted", "proposed": "Proposed", "rejected": "Rejected",
           "superseded": "Superseded"}
_DECISION = {"accepted": "We will use", "superseded": "We decided to use",
             "proposed": "We propose to use", "rejected": "We will not use"}


def nygard_link(target: AdrLink) -> str:
    """`[12. Title](0012-title.md)`, as adr-tools links records."""
    return link(f"{target.number}. {target.title}", target.file)


def render_nygard(doc: AdrDocument) -> str:
    """The whole file."""
    lines = [
        f"# {doc.number}. {inline(doc.title, line_start=False)}",
        "",
        f"Date: {doc.date.isoformat()}",
        "",
        "## Status",
        "",
        *blocks(*_status(doc)),
        "## Context",
        "",
        *blocks(*[p for text in doc.context for p in paragraphs(text)], *_context_lists(doc)),
        "## Decision",
        "",
        *blocks(*_decision(doc)),
        "## Consequences",
        "",
        *blocks(*_consequences(doc)),
        marker(doc.point, doc.decision_id),
    ]
    return "\n".join(lines) + "\n"


def _status(doc: AdrDocument) -> list[str]:
    if doc.status == "superseded" and doc.superseded_by:
        status = f"Superseded by {nygard_link(doc.superseded_by)}"
    else:
        status = _STATUS.get(doc.status, doc.status.capitalize())
    lines = [status]
    if doc.supersedes:
        lines.append(f"Supersedes {nygard_link(doc.supersedes)}")
    return lines


def _context_lists(doc: AdrDocument) -> list[str]:
    blocks = []
    if doc.drivers:
        blocks += ["The team's profile:", "\n".join(bullets(doc.drivers))]
    options = [f"{o.label} (recommended)" if o.recommended else o.label for o in doc.options]
    blocks += ["Options considered:", "\n".join(bullets(options))]
    if doc.prerequisites:
        blocks += ["This decision builds on:",
                   "\n".join(f"* {nygard_link(p)}" for p in doc.prerequisites)]
    return blocks


def _decision(doc: AdrDocument) -> list[str]:
    verb = _DECISION.get(doc.status, "We will use")
    blocks = [f"{verb} {inline(doc.chosen.label)}.",
              *(paragraphs(doc.rationale) or ["No rationale was recorded."])]
    if doc.deciders:
        blocks.append(f"Decided by {inline(', '.join(doc.deciders))}.")
    return blocks


def _consequences(doc: AdrDocument) -> list[str]:
    chosen = doc.chosen
    easier = bullets(chosen.pros)
    harder = bullets(chosen.cons) + bullets([chosen.risk] if chosen.risk else [])
    done = bullets(doc.checklist)
    blocks = []
    for intro, items in (("What becomes easier:", easier), ("What becomes harder:", harder),
                         ("Done when:", done)):
        if items:
            blocks += [intro, "\n".join(items)]
    return blocks or ["Not described by the knowledge base."]
