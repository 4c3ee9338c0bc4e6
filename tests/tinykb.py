"""A tiny, valid knowledge base written to a folder, for tests that must not depend on the
shipped content: three categories, four aspects, a rule of each common kind.

    certificates (identity)     issuer: managed* | self-hosted                  3 items
    tokens (identity)           signing-algorithm: eddsa* | rsa | ecdsa         4 items
      requires certificates     lifetime: short* | long (long forbids rsa)
    tenant-isolation (tenancy)  isolation: schema* | database | row             3 items
      only when market is b2b or both
    logging (observability)     format: json* | text                            2 items

(* recommended). The profile questions are the shipped ones (market, compliance, ...).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from knowledge.loader import BASE_DIR

CATEGORIES = """\
categories:
  - {id: identity, title: Identity, summary: Who the users are.}
  - {id: tenancy, title: Tenancy, summary: How customers are kept apart.}
  - {id: observability, title: Observability, summary: What the system is doing.}
"""

_ASPECT = """\
id: {id}
title: {title}
category: {category}
summary: What {id} is about.
why: It is system-wide.
skipping_cost: Adding it later is expensive.
{applies}priority:
  default: {priority}
requires: [{requires}]
effort: {{optimistic: 2, likely: 3, pessimistic: 6}}
checklist:
{checklist}
decisions:
{decisions}"""

_POINT = """\
  - id: {id}
    question: Which {id}?
    guidance: Think about it.
    recommended: {recommended}
    options:
{options}"""

_OPTION = """\
      - id: {id}
        label: {label}
        summary: Choose {id}.
        pros: [Good]
        cons: [Bad]
"""

_RSA_RISK = """\
        risk: medium
        risk_reason: Larger keys and slower signing.
        rules:
          - kind: conflicts-with-profile
            when: {compliance: [fips]}
            severity: warning
            message: RSA keys of common sizes are weak under FIPS.
            resolution: Use EdDSA.
"""

_LONG_RULE = """\
        rules:
          - kind: forbids-option
            target: tokens.signing-algorithm=rsa
            severity: error
            message: Long-lived RSA tokens are too risky.
            resolution: Shorten the lifetime or change the algorithm.
"""


def _point(point_id: str, option_ids: list[str], extra: dict[str, str] | None = None) -> str:
    options = "".join(_OPTION.format(id=o, label=o.upper()) + (extra or {}).get(o, "")
                      for o in option_ids)
    return _POINT.format(id=point_id, recommended=option_ids[0], options=options)


def _aspect(aspect_id: str, category: str, points: list[str], items: int,
            requires: str = "", priority: str = "must", applies: str = "") -> str:
    checklist = "\n".join(f"  - Deliverable {i} of {aspect_id}." for i in range(items))
    return _ASPECT.format(id=aspect_id, title=aspect_id.replace("-", " ").title(),
                          category=category, applies=applies, priority=priority,
                          requires=requires, checklist=checklist, decisions="".join(points))


ASPECTS = {
    "identity/certificates.yaml": _aspect(
        "certificates", "identity", [_point("issuer", ["managed", "self-hosted"])], 3),
    "identity/tokens.yaml": _aspect(
        "tokens", "identity",
        [_point("signing-algorithm", ["eddsa", "rsa", "ecdsa"], {"rsa": _RSA_RISK}),
         _point("lifetime", ["short", "long"], {"long": _LONG_RULE})],
        4, requires="certificates"),
    "tenancy/tenant-isolation.yaml": _aspect(
        "tenant-isolation", "tenancy", [_point("isolation", ["schema", "database", "row"])], 3,
        priority="should", applies="applies_when:\n  - {market: [b2b, both]}\n"),
    "observability/logging.yaml": _aspect(
        "logging", "observability", [_point("format", ["json", "text"])], 2, priority="could"),
}


def write_tiny_base(root: Path) -> Path:
    """Write the tiny base into `root` (created) and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "categories.yaml").write_text(CATEGORIES)
    shutil.copy(BASE_DIR / "profile.yaml", root / "profile.yaml")
    for name, text in ASPECTS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


POINTS = {
    "certificates.issuer": ["managed", "self-hosted"],
    "tokens.signing-algorithm": ["eddsa", "rsa", "ecdsa"],
    "tokens.lifetime": ["short", "long"],
    "tenant-isolation.isolation": ["schema", "database", "row"],
    "logging.format": ["json", "text"],
}
"""Every decision point of the tiny base with its options."""

CHECKLISTS = {"certificates": 3, "tokens": 4, "tenant-isolation": 3, "logging": 2}
"""The number of checklist items of each aspect of the tiny base."""
