"""A decision keeps its ADR number and file; new ones take the next numbers; nothing moves."""

from __future__ import annotations

import pytest

from exporters.adr_numbering import (
    Existing,
    Placement,
    decision_key,
    file_name,
    marker,
    place,
    read_marker,
)

TITLES = {"a.x#1": "A: One", "b.y#2": "B: Two"}

CASES = [
    ("an empty folder numbers from 1", [], {
        "a.x#1": Placement(1, "0001-a-one.md"),
        "b.y#2": Placement(2, "0002-b-two.md")}),
    ("foreign ADRs keep theirs, new ones follow the highest", [
        Existing("0001-use-adrs.md", 1), Existing("0007-use-kafka.md", 7)], {
        "a.x#1": Placement(8, "0008-a-one.md"),
        "b.y#2": Placement(9, "0009-b-two.md")}),
    ("an exported decision keeps its number and file", [
        Existing("0001-use-adrs.md", 1), Existing("0002-a-old-title.md", 2, "a.x#1")], {
        "a.x#1": Placement(2, "0002-a-old-title.md"),
        "b.y#2": Placement(3, "0003-b-two.md")}),
    ("gaps are not filled", [Existing("0005-b-two.md", 5, "b.y#2")], {
        "a.x#1": Placement(6, "0006-a-one.md"),
        "b.y#2": Placement(5, "0005-b-two.md")}),
    ("unnumbered log4brains files take no number", [
        Existing("20200926-use-slugs.md", None)], {
        "a.x#1": Placement(1, "0001-a-one.md"),
        "b.y#2": Placement(2, "0002-b-two.md")}),
    ("a renamed file keeps its number under a name the export writes", [
        Existing("ADR004-renamed.md", 4, "a.x#1")], {
        "a.x#1": Placement(4, "0004-a-one.md", stale="ADR004-renamed.md"),
        "b.y#2": Placement(5, "0005-b-two.md")}),
    ("a copied file: the lowest number wins", [
        Existing("0003-a-one.md", 3, "a.x#1"), Existing("0009-a-one.md", 9, "a.x#1")], {
        "a.x#1": Placement(3, "0003-a-one.md"),
        "b.y#2": Placement(10, "0010-b-two.md")}),
    ("a name already taken by a foreign file is not overwritten", [
        Existing("ADR004-renamed.md", 4, "a.x#1"), Existing("0004-a-one.md", 4)], {
        "a.x#1": Placement(5, "0005-a-one.md", stale="ADR004-renamed.md"),
        "b.y#2": Placement(6, "0006-b-two.md")}),
]


@pytest.mark.parametrize(("existing", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_place_keeps_numbers_and_hands_out_the_next_ones(existing, expected):
    assert place(TITLES, existing) == expected


def test_marker_reads_back_as_the_decision_key():
    line = marker("token-management.signing-algorithm", 3)
    assert line == "<!-- skeleton-decision: token-management.signing-algorithm #3 -->"
    assert read_marker(f"{line}\n") == decision_key("token-management.signing-algorithm", 3)


@pytest.mark.parametrize("html", [
    "<!-- skeleton-decision: Token.x #3 -->",
    "<!-- skeleton-decision: a.b #0 -->",
    "<!-- skeleton-decision: a #3 -->",
    "<!-- skeleton-decision: a.b #3 --> and more",
    "<!-- a comment -->",
])
def test_only_an_exact_marker_line_counts(html):
    assert read_marker(html) is None


@pytest.mark.parametrize(("number", "title", "expected"), [
    (1, "Token management: EdDSA", "0001-token-management-eddsa.md"),
    (12345, "X", "12345-x.md"),
    (3, "../../etc/passwd\x00", "0003-etc-passwd.md"),
    (4, "\u2603", "0004-decision.md"),
])
def test_file_names_are_number_and_slug(number, title, expected):
    assert file_name(number, title) == expected
