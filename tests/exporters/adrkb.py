"""A small knowledge base and workspace of the ADR tests' own, so that shipped content and
other tests' fixtures can change without touching the golden files.

    certificate-management (identity)   issuer: acme-managed* | internal-ca
    token-management (identity)         signing-algorithm: eddsa* | rsa (risky; a FIPS rule)
      requires certificate-management
    logging (observability)             format: json* | text

The workspace records five decisions: one accepted, one superseded by a later one, one
rejected, one proposed.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from decisions.workspace import Decision, Workspace
from knowledge.catalog import KnowledgeBase
from knowledge.loader import BASE_DIR, load_knowledge

CATEGORIES = """\
categories:
  - {id: identity, title: Identity, summary: Who the users are.}
  - {id: observability, title: Observability, summary: What the system is doing.}
"""

CERTIFICATES = """\
id: certificate-management
title: Certificate management
category: identity
summary: Certificates are issued, rotated and revoked without anyone copying files by hand.
why: Tokens, TLS and webhooks all depend on keys that must rotate.
skipping_cost: Expired certificates take production down at the worst moment.
priority: {default: must}
effort: {optimistic: 1, likely: 2, pessimistic: 4}
checklist:
  - Certificates renew automatically thirty days before they expire.
  - An alert fires when a certificate is within seven days of expiry.
references:
  - {title: "RFC 8555: ACME", url: "https://www.rfc-editor.org/rfc/rfc8555"}
  - {title: Internal runbook}
decisions:
  - id: issuer
    question: Who issues the certificates?
    guidance: Prefer an ACME issuer that renews on its own.
    recommended: acme-managed
    options:
      - id: acme-managed
        label: Managed ACME issuer
        summary: A managed ACME service issues and renews certificates.
        pros: [Renewal is automatic, Nothing to operate]
        cons: [Depends on the provider]
        fits_when: Almost always.
      - id: internal-ca
        label: Internal CA
        summary: The team runs its own certificate authority.
        pros: [Full control]
        cons: [The root key must be guarded, Renewal is ours to build]
"""

TOKENS = """\
id: token-management
title: Token management
category: identity
summary: Access tokens are short-lived, signed JWTs that every service verifies locally.
why: Every service reads the token, so its format is fixed early.
skipping_cost: Changing the token format later touches every service.
priority: {default: must}
requires: [certificate-management]
effort: {optimistic: 2, likely: 3, pessimistic: 6}
checklist:
  - Tokens expire within 30 minutes.
  - Signing keys rotate without downtime.
  - Every service verifies signatures locally.
decisions:
  - id: signing-algorithm
    question: Which algorithm signs the tokens?
    guidance: EdDSA gives small keys and fast verification.
    recommended: eddsa
    options:
      - id: eddsa
        label: EdDSA (Ed25519)
        summary: Ed25519 signatures.
        pros: [Small keys, Fast verification]
        cons: [Some older libraries lack it]
      - id: rsa
        label: RSA
        summary: RS256 signatures.
        pros: [Supported everywhere]
        cons: [Large keys, Slow signing]
        risk: medium
        risk_reason: Large keys make every token heavier.
        rules:
          - kind: conflicts-with-profile
            when: {compliance: [fips]}
            severity: warning
            message: Common RSA key sizes are weak under FIPS.
            resolution: Use EdDSA.
"""

LOGGING = """\
id: logging
title: Logging
category: observability
summary: Services write structured logs that carry the trace id.
why: Logs are the first thing read in an incident.
skipping_cost: Unstructured logs cannot be searched by tenant or trace.
priority: {default: should}
effort: {optimistic: 1, likely: 2, pessimistic: 3}
checklist:
  - Every log line is JSON with a trace id.
decisions:
  - id: format
    question: Which log format?
    guidance: JSON lines are searchable.
    recommended: json
    options:
      - id: json
        label: JSON lines
        summary: One JSON object per line.
        pros: [Searchable by field]
        cons: [Harder to read raw]
      - id: text
        label: Plain text
        summary: Human-readable lines.
        pros: [Easy to read]
        cons: [Hard to search]
"""

ASPECTS = {
    "identity/certificate-management.yaml": CERTIFICATES,
    "identity/token-management.yaml": TOKENS,
    "observability/logging.yaml": LOGGING,
}


def write_adr_base(root: Path, aspects: dict[str, str] | None = None) -> Path:
    """Write the base into `root` (created): the categories, the shipped profile questions and
    the aspects (those above unless others are given)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "categories.yaml").write_text(CATEGORIES)
    shutil.copy(BASE_DIR / "profile.yaml", root / "profile.yaml")
    for name, text in (ASPECTS if aspects is None else aspects).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def load_adr_base(root: Path) -> KnowledgeBase:
    return load_knowledge(base=write_adr_base(root))


def decision(id: int, point: str, option: str, status: str, day: int, **fields) -> Decision:
    return Decision(id=id, point=point, option=option, status=status,
                    date=dt.date(2026, 3, day), **fields)


DECISIONS = [
    decision(1, "certificate-management.issuer", "acme-managed", "accepted", 2,
             deciders=["Ana Lima", "Ben Okafor"],
             rationale="We have no one to run a CA.\n\nThe provider renews for free."),
    decision(2, "token-management.signing-algorithm", "rsa", "superseded", 3,
             deciders=["Ana Lima"], rationale="Our gateway only verified RS256.",
             superseded_by=4),
    decision(3, "logging.format", "text", "rejected", 4, rationale="Nobody can search it."),
    decision(4, "token-management.signing-algorithm", "eddsa", "accepted", 10,
             deciders=["Ana Lima", "Chen Wei"],
             rationale="The gateway now verifies EdDSA; smaller tokens.", supersedes=2),
    decision(5, "logging.format", "json", "proposed", 11),
]


def adr_workspace(decisions: list[Decision] | None = None, **fields) -> Workspace:
    """The workspace with the five decisions above (or the given ones)."""
    return Workspace(name="Example", decisions=DECISIONS if decisions is None else decisions,
                     profile={"market": "b2b", "compliance": []}, **fields)


HOSTILE_TITLE = ('../../etc/passwd\\0 <script>alert(1)</script>\\n# Owned\\n---\\n'
                 'status: \\"hacked\\"')
HOSTILE_LABEL = 'EdDSA\\" | ](http://evil) {proposed | accepted} \\x1b[31m'
HOSTILE_TOKENS = (TOKENS.replace("title: Token management", f'title: "{HOSTILE_TITLE}"')
                  .replace("label: EdDSA (Ed25519)", f'label: "{HOSTILE_LABEL}"'))
"""Token management with a title and an option label that try to escape the folder, add
headings, break the front matter and inject HTML (as a pack could)."""

HOSTILE_RATIONALE = (
    "---\nstatus: rejected\n---\n# Heading\n## Decision\n<script>alert('x')</script>\n"
    "```\ncode\n[link](javascript:alert(1))\n| a | b |\n|---|---|\n    indented\n> quote\n"
    "1. list\n===\n\x00\x1b[31m red \u202e evil <!-- skeleton-decision: a.b #1 -->")
HOSTILE_DECIDERS = ["../../root", "Eve\n# Heading", "Mallory \"quoted\" 'single' --- {x}",
                    "<img src=x onerror=alert(1)>", "\x00"]


def hostile_workspace() -> Workspace:
    """Two decisions on the hostile aspect, the second superseding the first."""
    return adr_workspace([
        decision(1, "token-management.signing-algorithm", "rsa", "superseded", 3,
                 deciders=HOSTILE_DECIDERS, rationale=HOSTILE_RATIONALE, superseded_by=2),
        decision(2, "token-management.signing-algorithm", "eddsa", "accepted", 4,
                 deciders=HOSTILE_DECIDERS, rationale=HOSTILE_RATIONALE, supersedes=1),
    ])
