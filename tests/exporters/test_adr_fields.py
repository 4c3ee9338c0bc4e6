"""Single ADR fields read the many ways teams write them: status, date, numbers, titles."""

from __future__ import annotations

import datetime as dt

import pytest

from exporters.adr_fields import (
    Status,
    date_from_name,
    normalise_status,
    number_from_name,
    parse_date,
    plain_value,
    reference,
    split_heading,
    unwrap,
)

STATUSES = [
    ("Accepted", None, Status("accepted")),
    ("accepted <!-- optional -->", None, Status("accepted")),
    ("Approved", None, Status("accepted")),
    ("{ accepted }", None, Status("accepted")),
    ('"accepted"', None, Status("accepted")),
    ("\u2705 Accepted", None, Status("accepted")),
    ("Done \u2714", None, Status("accepted")),
    ("Accepted, amended by ADR-3", None, Status("accepted")),
    ("Adopted", None, Status("accepted")),
    ("Proposed", None, Status("proposed")),
    ("Proposé", None, Status("proposed")),
    ("In review", None, Status("proposed")),
    ("RFC", None, Status("proposed")),
    ("Draft \U0001f6a7", None, Status("draft")),
    ("WIP", None, Status("draft")),
    ("Work in progress", None, Status("draft")),
    ("Rejected", None, Status("rejected")),
    ("Declined", None, Status("rejected")),
    ("Withdrawn", None, Status("rejected")),
    ("Deprecated", None, Status("deprecated")),
    ("Obsolete", None, Status("deprecated")),
    ("Superseded", None, Status("superseded")),
    ("Superceded by 8. Use EdDSA", "0008-use-eddsa.md", Status("superseded", "ADR-0008")),
    ("superseded by ADR-0012", None, Status("superseded", "ADR-0012")),
    ("superseded by ADR-0062", "0062-open-api-payload.md", Status("superseded", "ADR-0062")),
    ("Replaced by ADR-9", None, Status("superseded", "ADR-0009")),
    ("superseded by 20201016-use-slugs", "20201016-use-slugs.md",
     Status("superseded", "20201016-use-slugs.md")),
    ("superseded by the new auth design", None,
     Status("superseded", "the new auth design")),
    ("", None, Status("unknown", warning="the status is empty; read as unknown")),
    ("{}", None, Status("unknown", warning="the status is empty; read as unknown")),
    ("[proposed | rejected | accepted]", None,
     Status("unknown", warning="the status 'proposed | rejected | accepted' lists alternatives "
                               "(an unfilled template?); read as unknown")),
    ("Reviewed", None, Status("unknown", warning="unrecognised status 'Reviewed'; read as "
                                                 "unknown")),
    ("\u2753", None, Status("unknown", warning="unrecognised status '\u2753'; read as unknown")),
]


@pytest.mark.parametrize(("raw", "link", "expected"), STATUSES, ids=[c[0] for c in STATUSES])
def test_status_normalises_to_one_of_seven_values(raw, link, expected):
    assert normalise_status(raw, link) == expected


D = dt.date
DATES = [
    ("2023-05-29", D(2023, 5, 29), None),
    ("2023-9-15", D(2023, 9, 15), None),
    ("{ 2024-05-02 }", D(2024, 5, 2), None),
    ("2021-03-03T10:00:00Z", D(2021, 3, 3), None),
    ("2021-03-03 10:00", D(2021, 3, 3), None),
    ("2021/03/04", D(2021, 3, 4), None),
    ("04/03/2021", D(2021, 3, 4), None),
    ("04.03.2021", D(2021, 3, 4), None),
    ("04-03-2021", D(2021, 3, 4), None),
    ("04/03/21", D(2021, 3, 4), None),
    ("03/25/2021", D(2021, 3, 25),
     "the date '03/25/2021' is not day/month/year; read as month/day/year"),
    ("September 20, 2024", D(2024, 9, 20), None),
    ("March 3, 2021", D(2021, 3, 3), None),
    ("Mar 3, 2021", D(2021, 3, 3), None),
    ("3 March 2021", D(2021, 3, 3), None),
    ("3rd March 2021", D(2021, 3, 3), None),
    ("March 3rd, 2021", D(2021, 3, 3), None),
    ("2024-023-2706", None, "the date '2024-023-2706' is not a date I can read; left empty"),
    ("2023-02-30", None, "the date '2023-02-30' is not a date I can read; left empty"),
    ("31/31/2021", None, "the date '31/31/2021' is not a date I can read; left empty"),
    ("{YYYY-MM-DD when the decision was last updated}", None,
     "the date 'YYYY-MM-DD when the decision was last updated' is not a date I can read; "
     "left empty"),
    ("", None, "the date is empty; left empty"),
    (None, None, "the date is empty; left empty"),
    (D(2020, 1, 2), D(2020, 1, 2), None),
    (dt.datetime(2020, 1, 2, 3, 4), D(2020, 1, 2), None),
    ({D(2023, 11, 10): None}, D(2023, 11, 10), None),
]


@pytest.mark.parametrize(("raw", "date", "warning"), DATES, ids=[str(c[0]) for c in DATES])
def test_dates_read_as_iso_or_empty_with_a_warning(raw, date, warning):
    assert parse_date(raw) == (date, warning)


NAMES = [
    ("0004-distinguish-records.md", 4, None),
    ("0000-use-madr.md", 0, None),
    ("12-short.md", 12, None),
    ("ADR004-use-kafka.md", 4, None),
    ("adr-012-dashed.md", 12, None),
    ("ADR_7_underscored.md", 7, None),
    ("20200926-use-the-adr-number.md", None, D(2020, 9, 26)),
    ("2021-03-04-dated.md", None, D(2021, 3, 4)),
    ("use-kafka.md", None, None),
    ("2fa-for-admins.md", None, None),
]


@pytest.mark.parametrize(("name", "number", "date"), NAMES, ids=[c[0] for c in NAMES])
def test_file_names_give_a_number_or_log4brains_date(name, number, date):
    assert (number_from_name(name), date_from_name(name)) == (number, date)


HEADINGS = [
    ("1. Record architecture decisions", (1, "Record architecture decisions")),
    ("12. Use EdDSA", (12, "Use EdDSA")),
    ("ADR004: Use Kafka", (4, "Use Kafka")),
    ("ADR-012 - Keep one repository", (12, "Keep one repository")),
    ("ADR 7. Use OPA", (7, "Use OPA")),
    ("0003 - Pick a cloud", (3, "Pick a cloud")),
    ("Use Kafka", (None, "Use Kafka")),
    ("2FA for admins", (None, "2FA for admins")),
    ("3 tier architecture", (None, "3 tier architecture")),
    ("1.2 Versioning", (None, "1.2 Versioning")),
    ("ADR guidelines", (None, "ADR guidelines")),
]


@pytest.mark.parametrize(("heading", "expected"), HEADINGS, ids=[c[0] for c in HEADINGS])
def test_headings_split_into_number_and_title(heading, expected):
    assert split_heading(heading) == expected


REFERENCES = [
    ("ADR-0062", None, "ADR-0062"),
    ("4. Distinguish superseded records", "0004-distinguish.md", "ADR-0004"),
    ("the new one", "0009-new.md", "ADR-0009"),
    ("ADR0012.", None, "ADR-0012"),
    ("20201016-use-slugs", "docs/adr/20201016-use-slugs.md#top", "20201016-use-slugs.md"),
    ("the new auth design", None, "the new auth design"),
    ("", None, None),
]


@pytest.mark.parametrize(("text", "link", "expected"), REFERENCES, ids=[c[0] for c in REFERENCES])
def test_references_name_the_other_adr_by_number_when_they_can(text, link, expected):
    assert reference(text, link) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("{ accepted }", "accepted"),
    ("[accepted]", "accepted"),
    ("'accepted'", "accepted"),
    ("{[accepted]}", "accepted"),
    ("[ADR-1](0001-x.md)", "[ADR-1](0001-x.md)"),
    ("accepted <!-- optional -->", "accepted"),
])
def test_unwrap_takes_off_braces_quotes_and_comments(raw, expected):
    assert unwrap(raw) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ({"Stephen Toub": None, "Ben Thomas": None}, "Stephen Toub, Ben Thomas"),
    (["Ana", "Ben"], "Ana, Ben"),
    (D(2023, 11, 10), "2023-11-10"),
    (None, ""),
    (3, "3"),
])
def test_plain_value_reads_what_yaml_made_of_brace_wrapped_values(value, expected):
    assert plain_value(value) == expected
