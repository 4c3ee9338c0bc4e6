"""Quick content check for knowledge-base authors: schema plus the content bar, per file."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from knowledge.models import Aspect

QUESTIONS = {
    "market": {"b2b", "b2c", "both"},
    "compliance": {"gdpr", "hipaa", "pci-dss", "soc2", "fips", "none"},
    "residency": {"single-jurisdiction", "multi-jurisdiction"},
    "seniority": {"senior", "mixed", "junior"},
    "stage": {"pre-pmf", "post-pmf", "established"},
    "funding": {"bootstrapped", "funded"},
    "scale": {"small", "medium", "large"},
}


def _conditions(aspect):
    yield from aspect.applies_when
    for o in aspect.priority.overrides:
        yield o.when
    for d in aspect.decisions:
        for opt in d.options:
            for r in opt.rules:
                if r.when:
                    yield r.when


def check(path: Path) -> list[str]:
    problems = []
    try:
        aspect = Aspect.model_validate(yaml.safe_load(path.read_text()))
    except Exception as exc:  # noqa: BLE001 - a draft tool reports anything
        return [f"{path}: {exc}"]
    if aspect.id != path.stem:
        problems.append(f"{path}: id {aspect.id} differs from file name")
    if aspect.category != path.parent.name:
        problems.append(f"{path}: category {aspect.category} differs from folder")
    if not 3 <= len(aspect.checklist) <= 8:
        problems.append(f"{path}: checklist has {len(aspect.checklist)} items (3 to 8)")
    for d in aspect.decisions:
        if len(d.options) < 2:
            problems.append(f"{path}: {d.id} has fewer than 2 options")
        for o in d.options:
            if len(o.pros) < 2 or len(o.cons) < 2:
                problems.append(f"{path}: {d.id}={o.id} needs >= 2 pros and >= 2 cons")
            if o.risk and o.id == d.recommended:
                problems.append(f"{path}: {d.id}={o.id} is recommended and has a risk")
    for cond in _conditions(aspect):
        for key, values in cond.items():
            if key not in QUESTIONS:
                problems.append(f"{path}: unknown profile question {key}")
            elif set(values) - QUESTIONS[key]:
                problems.append(f"{path}: unknown answers {set(values) - QUESTIONS[key]} for {key}")
    return problems


def main() -> int:
    paths = [Path(p) for p in sys.argv[1:]] or sorted(Path("knowledge/base").glob("*/*.yaml"))
    problems = [p for path in paths for p in check(path)]
    print("\n".join(problems) or f"{len(paths)} files ok")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
