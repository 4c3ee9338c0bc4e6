"""What an ADR says: context from the aspect, drivers from the profile, links to prerequisite
and superseded records, and a record kept even when the knowledge base forgot the point."""

from __future__ import annotations

import datetime as dt

import pytest

from exporters.adr_document import AdrDocument, AdrLink, OptionView, adr_title, build_documents
from exporters.adr_export import render_adrs
from exporters.adr_import import read_adr
from knowledge.catalog import KnowledgeBase
from knowledge.loader import load_knowledge
from tests.exporters.adrkb import ASPECTS, DECISIONS, adr_workspace, load_adr_base, write_adr_base


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load_adr_base(tmp_path_factory.mktemp("adr-base"))


@pytest.fixture(scope="module")
def documents(kb) -> dict[int, AdrDocument]:
    return {d.decision_id: d for d in build_documents(kb, adr_workspace()).documents}


CERTIFICATES = AdrLink(1, "Certificate management: Managed ACME issuer",
                       "0001-certificate-management-managed-acme-issuer.md")


def test_document_gathers_aspect_options_rationale_and_links(documents):
    assert documents[4] == AdrDocument(
        point="token-management.signing-algorithm", decision_id=4, number=4,
        file="0004-token-management-eddsa-ed25519.md",
        title="Token management: EdDSA (Ed25519)", status="accepted", date=dt.date(2026, 3, 10),
        deciders=("Ana Lima", "Chen Wei"),
        rationale="The gateway now verifies EdDSA; smaller tokens.",
        aspect_title="Token management",
        context=("Access tokens are short-lived, signed JWTs that every service verifies "
                 "locally.", "Every service reads the token, so its format is fixed early.",
                 "Which algorithm signs the tokens?",
                 "EdDSA gives small keys and fast verification."),
        drivers=("Which compliance regimes apply to you? none",),
        options=(OptionView("EdDSA (Ed25519)", "Ed25519 signatures.",
                            ("Small keys", "Fast verification"),
                            ("Some older libraries lack it",), recommended=True),
                 OptionView("RSA", "RS256 signatures.", ("Supported everywhere",),
                            ("Large keys", "Slow signing"),
                            risk="Large keys make every token heavier.")),
        chosen=OptionView("EdDSA (Ed25519)", "Ed25519 signatures.",
                          ("Small keys", "Fast verification"),
                          ("Some older libraries lack it",), recommended=True),
        checklist=("Tokens expire within 30 minutes.", "Signing keys rotate without downtime.",
                   "Every service verifies signatures locally."),
        references=(),
        prerequisites=(CERTIFICATES,),
        supersedes=AdrLink(2, "Token management: RSA", "0002-token-management-rsa.md"),
    )


def test_superseded_record_links_to_its_successor(documents):
    assert documents[2].superseded_by == AdrLink(4, "Token management: EdDSA (Ed25519)",
                                                 "0004-token-management-eddsa-ed25519.md")
    assert documents[2].chosen.risk == "Large keys make every token heavier."


def test_without_named_questions_every_profile_answer_drives_the_decision(documents):
    assert documents[1].drivers == (
        "Who are your customers? Businesses (B2B)",
        "Which compliance regimes apply to you? none",
        "Must customer data stay within specific jurisdictions? One jurisdiction is enough",
        "How many engineers build the skeleton? 5",
        "How experienced is the team? Mostly senior",
        "Where is the company in its journey? After product-market fit",
        "How is the work funded? Funded or cash-rich",
        "What load do you expect in the first two years? Medium (thousands to tens of "
        "thousands)",
    )
    assert documents[1].references == (("RFC 8555: ACME", "https://www.rfc-editor.org/rfc/rfc8555"),
                                       ("Internal runbook", ""))


def test_only_live_chosen_decisions_are_prerequisites(kb):
    rejected = [d for d in DECISIONS if d.id != 1] + [
        DECISIONS[0].model_copy(update={"status": "rejected"})]
    workspace = adr_workspace(sorted(rejected, key=lambda d: d.id))
    found = {d.decision_id: d.prerequisites for d in build_documents(kb, workspace).documents}
    assert found == {1: (), 2: (), 3: (), 4: (), 5: ()}


@pytest.fixture(scope="module")
def forgetful_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    aspects = {k: v for k, v in ASPECTS.items() if "logging" not in k}
    return load_knowledge(base=write_adr_base(tmp_path_factory.mktemp("forgetful"), aspects))


def test_a_point_the_base_no_longer_knows_is_still_recorded(forgetful_kb):
    documents = {d.decision_id: d for d in
                 build_documents(forgetful_kb, adr_workspace()).documents}
    assert documents[3] == AdrDocument(
        point="logging.format", decision_id=3, number=3, file="0003-logging-format-text.md",
        title="logging.format: text", status="rejected", date=dt.date(2026, 3, 4), deciders=(),
        rationale="Nobody can search it.", aspect_title="logging",
        context=("The knowledge base in use does not describe the decision point "
                 "logging.format; this record keeps what the team decided.",),
        drivers=(), options=(OptionView("text"),), chosen=OptionView("text"), checklist=(),
        references=())


@pytest.mark.parametrize("fmt", ["madr", "nygard"])
def test_a_forgotten_point_still_exports_and_imports_back(forgetful_kb, fmt):
    files = render_adrs(forgetful_kb, adr_workspace(), fmt).files
    record = read_adr("0003-logging-format-text.md",
                      files["0003-logging-format-text.md"].encode())
    assert (record.number, record.title, record.status) == (3, "logging.format: text",
                                                            "rejected")


def test_title_is_aspect_and_option_on_one_line(kb):
    assert adr_title(kb, DECISIONS[0]) == "Certificate management: Managed ACME issuer"
