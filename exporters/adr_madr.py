"""Render an ADR in MADR 4: YAML front matter and the template's sections."""

from __future__ import annotations

from exporters.adr_document import AdrDocument, AdrLink, OptionView
from exporters.adr_numbering import marker
from exporters.markdown_safe import blocks, bullets, inline, link, paragraphs, yaml_string

HEADINGS = ("Context and Problem Statement", "Decision Drivers", "Considered Options",
            "Decision Outcome", "Consequences", "Confirmation", "Pros and Cons of the Options",
            "More Information")
"""The template's headings, in order; each option adds a level-3 heading under Pros and Cons."""

_OUTCOME = {"accepted": "Chosen option", "superseded": "Chosen option",
            "proposed": "Proposed option", "rejected": "Rejected option"}


def madr_status(doc: AdrDocument) -> str:
    """The front matter's status: `accepted`, or `superseded by ADR-0012`."""
    if doc.status == "superseded" and doc.superseded_by:
        return f"superseded by {adr_ref(doc.superseded_by)}"
    return doc.status


def adr_ref(target: AdrLink) -> str:
    return f"ADR-{target.number:04d}"


def render_madr(doc: AdrDocument) -> str:
    """The whole file."""
    lines = [
        "---",
        f"status: {yaml_string(madr_status(doc))}",
        f"date: {doc.date.isoformat()}",
        f"decision-makers: {yaml_string(', '.join(doc.deciders))}",
        'consulted: ""',
        'informed: ""',
        "---",
        "",
        f"# {inline(doc.title, line_start=False)}",
        "",
        "## Context and Problem Statement",
        "",
        *blocks(*[p for text in doc.context for p in paragraphs(text)]),
        "## Decision Drivers",
        "",
        *blocks("\n".join(bullets(doc.drivers)) or "No profile answer bears on this decision."),
        "## Considered Options",
        "",
        *blocks("\n".join(bullets(o.label for o in doc.options))),
        *_outcome(doc),
        "## Pros and Cons of the Options",
        "",
        *[line for option in doc.options for line in _pros_and_cons(option)],
        "## More Information",
        "",
        *_more_information(doc),
        marker(doc.point, doc.decision_id),
    ]
    return "\n".join(lines) + "\n"


def _outcome(doc: AdrDocument) -> list[str]:
    verb = _OUTCOME.get(doc.status, "Chosen option")
    reasons = paragraphs(doc.rationale) or ["No rationale was recorded."]
    consequences = _pros_cons_lines(doc.chosen) or ["Not described by the knowledge base."]
    done = bullets(doc.checklist)
    confirmation = ([f"Confirmed when these deliverables of {inline(doc.aspect_title)} are done:",
                     "\n".join(done)] if done else ["No checklist is recorded for this aspect."])
    return [
        "## Decision Outcome", "",
        *blocks(f'{verb}: "{inline(doc.chosen.label)}".', *reasons),
        "### Consequences", "",
        *blocks("\n".join(consequences)),
        "### Confirmation", "",
        *blocks(*confirmation),
    ]


def _pros_cons_lines(option: OptionView) -> list[str]:
    return (bullets(option.pros, "Good, because ") + bullets(option.cons, "Bad, because ")
            + bullets([option.risk] if option.risk else [], "Bad, because "))


def _pros_and_cons(option: OptionView) -> list[str]:
    notes = []
    if option.recommended:
        notes.append("Recommended by the knowledge base.")
    if option.fits_when:
        notes.append(f"Fits when: {inline(option.fits_when)}")
    return [f"### {inline(option.label, line_start=False)}", "",
            *blocks(*paragraphs(option.summary), " ".join(notes),
                     "\n".join(_pros_cons_lines(option)))]


def _more_information(doc: AdrDocument) -> list[str]:
    parts = [inline(f"Exported from the walking-skeleton plan: decision point {doc.point}, "
                    f"decision {doc.decision_id}.")]
    if doc.deciders:
        parts.append(f"Decided by {inline(', '.join(doc.deciders))} on {doc.date.isoformat()}.")
    if doc.supersedes:
        parts.append(f"Supersedes {_link(doc.supersedes)}.")
    if doc.superseded_by:
        parts.append(f"Superseded by {_link(doc.superseded_by)}.")
    if doc.prerequisites:
        parts += ["This decision builds on:",
                  "\n".join(f"* {_link(p)}" for p in doc.prerequisites)]
    if doc.references:
        references = [f"* {link(title, url)}" if url else f"* {inline(title)}"
                      for title, url in doc.references if inline(title)]
        parts += ["References:", "\n".join(references)]
    return blocks(*parts)


def _link(target: AdrLink) -> str:
    return link(f"{adr_ref(target)}: {target.title}", target.file)
