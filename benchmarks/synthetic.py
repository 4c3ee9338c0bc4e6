"""Synthetic knowledge bases and workspaces of any size, shaped like the shipped base."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

from decisions.workspace import Decision, Progress, Workspace
from knowledge.catalog import KnowledgeBase
from knowledge.loader import BASE_DIR

CATEGORIES = 10
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _option(rng: random.Random, d: int, o: int) -> dict:
    return {
        "id": f"option-{o}", "label": f"Option {d}.{o}",
        "summary": "What choosing this option means for the system.",
        "pros": ["It is simple to operate.", "It is well documented."],
        "cons": ["It costs more at scale.", "It ties you to one vendor."],
        "fits_when": "When the team values speed over flexibility.",
        "effort_factor": round(rng.uniform(0.7, 1.4), 2),
    }


def _rules(rng: random.Random, index: int, decisions_of: dict[int, int]) -> list[dict]:
    """About 0.75 rules per aspect, of every kind, targeting earlier aspects."""
    if index == 0 or rng.random() > 0.75:
        return []
    target = rng.randrange(index)
    kind = rng.choice(["requires-aspect", "requires-option", "forbids-option",
                       "conflicts-with-profile"])
    rule = {"kind": kind, "severity": rng.choice(["error", "warning", "info"]),
            "message": "These two choices do not work together.",
            "resolution": "Change one of them."}
    if kind == "requires-aspect":
        rule["target"] = f"aspect-{target}"
    elif kind == "conflicts-with-profile":
        rule["when"] = {"compliance": ["fips"]}
    else:
        decision = rng.randrange(decisions_of[target])
        rule["target"] = f"aspect-{target}.decision-{decision}=option-{rng.randrange(3)}"
    return [rule]


def _aspect(rng: random.Random, index: int, decisions_of: dict[int, int]) -> dict:
    window = range(max(0, index - 40), index)
    requires = sorted(rng.sample(list(window), min(len(window), rng.randint(0, 2))))
    decisions = []
    for d in range(decisions_of[index]):
        options = [_option(rng, d, o) for o in range(rng.choice([3, 4, 4, 5]))]
        if d == 0:
            options[1]["rules"] = _rules(rng, index, decisions_of)
            options[2].update(risk="medium", risk_reason="It is harder to change later.")
        decisions.append({"id": f"decision-{d}", "question": "Which way do we go?",
                          "guidance": "Weigh operability against flexibility.",
                          "recommended": "option-0", "options": options})
    likely = rng.choice([2, 3, 4, 5, 6, 8])
    return {
        "id": f"aspect-{index}", "title": f"Aspect {index}",
        "category": f"category-{index % CATEGORIES}",
        "summary": "A system-wide concern.", "why": "Every feature depends on it.",
        "skipping_cost": "Retrofitting it touches every service.",
        "applies_when": [{"market": ["b2b", "both"]}] if index % 7 == 3 else [],
        "priority": {"default": rng.choice(["must", "should", "could"])},
        "requires": [f"aspect-{r}" for r in requires],
        "effort": {"optimistic": likely * 0.7, "likely": likely, "pessimistic": likely * 2},
        "checklist": [f"Deliverable {i}." for i in range(rng.randint(3, 6))],
        "decisions": decisions,
    }


def write_synthetic_base(root: Path, aspects: int, seed: int = 7) -> Path:
    """A base of `aspects` aspects with about 1.6 decision points each, 4 options per point
    and 0.75 rules per aspect, written as one file per aspect like the shipped base."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(BASE_DIR / "profile.yaml", root / "profile.yaml")
    categories = [{"id": f"category-{c}", "title": f"Category {c}", "summary": "A category."}
                  for c in range(CATEGORIES)]
    (root / "categories.yaml").write_text(yaml.dump({"categories": categories}, Dumper=DUMPER))
    decisions_of = {i: rng.choice([1, 1, 2, 2, 2]) for i in range(aspects)}
    for index in range(aspects):
        aspect = _aspect(rng, index, decisions_of)
        folder = root / aspect["category"]
        folder.mkdir(exist_ok=True)
        (folder / f"{aspect['id']}.yaml").write_text(
            yaml.dump(aspect, Dumper=DUMPER, sort_keys=False))
    return root


def half_decided(kb: KnowledgeBase, seed: int = 7) -> Workspace:
    """Half the decision points decided (some against the recommendation), a tenth of the
    aspects in progress and a tenth done: a workspace mid-way through its skeleton."""
    rng = random.Random(seed)
    decisions = []
    for aspect, point in kb.points():
        if rng.random() < 0.5:
            option = rng.choice(point.options).id
            decisions.append(Decision(id=len(decisions) + 1, point=f"{aspect.id}.{point.id}",
                                      option=option, status="accepted",
                                      date=dt.date(2026, 9, 1), rationale="Chosen in the workshop.",
                                      deciders=["Ana", "Bo"]))
    progress = {}
    for aspect_id in kb.aspects:
        roll = rng.random()
        if roll < 0.1:
            progress[aspect_id] = Progress(state="done", ticked=list(range(3)), note="done")
        elif roll < 0.2:
            progress[aspect_id] = Progress(state="in-progress", ticked=[0])
    return Workspace(name="synthetic", profile={"market": "b2b", "compliance": ["gdpr"]},
                     decisions=decisions, progress=progress)
