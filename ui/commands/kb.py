"""`skeleton kb validate|list|show`: check and browse the knowledge base."""

from __future__ import annotations

import argparse
import sys

from knowledge.catalog import KnowledgeBase
from knowledge.errors import KnowledgeError, UsageError
from knowledge.loader import load_knowledge
from knowledge.models import Aspect
from ui.commands.common import print_json


def register(commands: argparse._SubParsersAction) -> None:
    kb = commands.add_parser("kb", help="validate and browse the knowledge base")
    sub = kb.add_subparsers(dest="kb_command", metavar="ACTION", parser_class=type(kb))
    sub.required = True

    validate = sub.add_parser("validate", help="check the base and packs; list every problem")
    _add_pack_option(validate)
    validate.add_argument("--json", action="store_true", help="print the counts as JSON")
    validate.set_defaults(func=run_validate)

    listing = sub.add_parser("list", help="list the aspects by category")
    _add_pack_option(listing)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_list)

    show = sub.add_parser("show", help="show one aspect with its decision points and options")
    show.add_argument("aspect", metavar="ASPECT")
    _add_pack_option(show)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)


def _add_pack_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pack", action="append", default=[], metavar="DIR",
                        help="a pack folder applied on top of the base (repeatable)")


def run_validate(args: argparse.Namespace) -> int:
    try:
        kb = load_knowledge(args.pack)
    except KnowledgeError as exc:
        if args.json:
            print_json({"errors": [str(p) for p in exc.problems]})
        else:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
        return 1
    counts = kb.counts()
    if args.json:
        print_json(counts)
    else:
        print("knowledge base is valid: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


def run_list(args: argparse.Namespace) -> int:
    kb = load_knowledge(args.pack)
    if args.json:
        print_json([{"id": a.id, "title": a.title, "category": a.category, "requires": a.requires}
                    for a in kb.aspects.values()])
        return 0
    for category in kb.categories:
        print(f"{category.title} ({category.id})")
        for aspect in kb.aspects_in(category.id):
            print(f"  {aspect.id:<28} {aspect.title}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    kb = load_knowledge(args.pack)
    aspect = kb.aspect(args.aspect)
    if aspect is None:
        raise UsageError(f"unknown aspect {args.aspect!r} (see `skeleton kb list`)")
    if args.json:
        print_json(aspect_json(aspect))
    else:
        print(_aspect_text(kb, aspect))
    return 0


def aspect_json(aspect: Aspect) -> dict:
    """The aspect as JSON: the documented keys first, then everything else the model holds."""
    full = aspect.model_dump(mode="json")
    decisions = []
    for point, dumped in zip(aspect.decisions, full.pop("decisions"), strict=True):
        for option, dumped_option in zip(point.options, dumped["options"], strict=True):
            dumped_option["recommended"] = option.id == point.recommended
        decisions.append(dumped)
    return {"id": aspect.id, "title": aspect.title, "category": aspect.category,
            "requires": aspect.requires, "decisions": decisions, **full}


def _aspect_text(kb: KnowledgeBase, aspect: Aspect) -> str:
    category = kb.category(aspect.category)
    lines = [f"{aspect.title} ({aspect.id}), {category.title if category else aspect.category}",
             "", aspect.summary, ""]
    if aspect.requires:
        lines.append("Requires: " + ", ".join(aspect.requires))
    effort = aspect.effort
    lines.append(f"Effort: {effort.optimistic:g} / {effort.likely:g} / {effort.pessimistic:g} "
                 "person-days")
    for point in aspect.decisions:
        lines += ["", f"{aspect.id}.{point.id}: {point.question}"]
        for option in point.options:
            mark = " (recommended)" if option.id == point.recommended else ""
            lines.append(f"  = {option.id}: {option.label}{mark}")
    lines += ["", "Done when:"] + [f"  [{i}] {item}" for i, item in enumerate(aspect.checklist)]
    return "\n".join(lines)
