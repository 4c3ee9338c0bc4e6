"""The importer reads what real ADR folders hold: every tolerated layout, the shared corpus of
three public repositories, and malformed files that must not stop the rest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from exporters.adr_import import AdrRecord, import_folder, read_adr
from knowledge.errors import AdrError

ROOT = Path(__file__).resolve().parents[2]
TOLERANT = ROOT / "tests" / "fixtures" / "adr" / "tolerant"
CORPUS = ROOT.parent / "shared" / "adr-corpus"

D = dt.date
NO_DATE = "no date found; left empty"

# Each fixture: file, number, title, status, date, superseded_by, supersedes, format, warnings.
TOLERATED = [
    ("0001-madr4-front-matter.md", 1, "Use PostgreSQL for tenant data", "accepted",
     D(2024, 2, 1), None, (), "madr", ()),
    ("0002-madr3-braces.md", 2, "Add service metadata", "proposed", D(2023, 11, 10), None, (),
     "madr", ()),
    ("0003-madr3-unfilled-template.md", 3, "{short title of solved problem and solution}",
     "unknown", None, None, (), "madr",
     ("the front matter is not a YAML mapping; read it line by line",
      "the status 'proposed | rejected | accepted | deprecated | … | supersede…' lists "
      "alternatives (an unfilled template?); read as unknown",
      "the date 'YYYY-MM-DD when the decision was last updated' is not a date I can read; "
      "left empty")),
    ("0004-madr2-bullets.md", 4, "Use Markdown Architectural Decision Records", "accepted",
     D(2019, 2, 12), None, (), "madr-2", ()),
    ("0005-madr2-superseded.md", 5, "Use plain text logs", "superseded", D(2019, 3, 1),
     "ADR-0007", (), "madr-2", ()),
    ("0006-adr-tools-superceded.md", 6, "Use RSA signatures", "superseded", D(2018, 9, 9),
     "ADR-0008", (), "nygard", ()),
    ("0008-adr-tools-supercedes.md", 8, "Use EdDSA signatures", "accepted", D(2018, 9, 10),
     None, ("ADR-0006",), "nygard", ()),
    ("0013-status-table.md", 13, "Cache sessions in Redis", "accepted", D(2020, 5, 6), None, (),
     "table", ()),
    ("0014-status-table-header.md", 14, "Put the gateway in front of every service",
     "proposed", D(2020, 5, 6), None, (), "table", ()),
    ("0015-emoji-status.md", 15, "Ship on Fridays", "accepted", D(2022, 1, 7), None, (),
     "nygard", ()),
    ("0016-approved.md", 16, "Use feature branches", "accepted", D(2023, 1, 2), None, (),
     "madr", ()),
    ("0017-bom-front-matter.md", 17, "Use OpenTelemetry conventions", "accepted",
     D(2024, 5, 2), None, (), "madr", ()),
    ("0018-comment-before-title.md", 18, "Use trunk-based development", "rejected",
     D(2021, 6, 1), None, (), "nygard", ()),
    ("0019-unnumbered-heading.md", 19, "Run migrations before deploy", "accepted",
     D(2021, 4, 3), None, (), "nygard", ()),
    ("0020-prose-date.md", 20, "Retire the SOAP API", "deprecated", D(2021, 3, 3), None, (),
     "nygard", ()),
    ("0021-invalid-date.md", 21, "Adopt a monorepo", "proposed", None, None, (), "nygard",
     ("the date 'someday soon' is not a date I can read; left empty",)),
    ("0022-no-status.md", 22, "Record architecture decisions", "unknown", D(2018, 1, 1), None,
     (), "plain", ("no status found; read as unknown",)),
    ("0023-bold-metadata.md", 23, "Use Argon2 for API keys", "rejected", D(2021, 3, 3), None,
     (), "plain", ()),
    ("0024-empty.md", 24, "Empty", "unknown", None, None, (), "unreadable",
     ("the file is empty",)),
    ("0025-binary.md", 25, "Binary", "unknown", None, None, (), "unreadable",
     ("the file is binary (it holds NUL bytes), not Markdown",)),
    ("0026-latin1.md", 26, "Décider la stratégie de cache", "accepted", D(2020, 2, 2), None,
     (), "nygard",
     ("the file is not valid UTF-8 (first bad byte at offset 7); read it as Windows-1252",)),
    ("0027-draft-emoji.md", 27, "Pick a billing provider", "draft", D(2022, 12, 24), None, (),
     "madr", ()),
    ("0028-us-date.md", 28, "Use UTC everywhere", "accepted", D(2021, 3, 25), None, (),
     "nygard", ("the date '03/25/2021' is not day/month/year; read as month/day/year",)),
    ("0029-crlf.md", 29, "Use CRLF files", "accepted", D(2020, 3, 3), None, (), "nygard", ()),
    ("0030-heading-number-mismatch.md", 30, "31. Use gRPC between services", "accepted",
     D(2021, 7, 1), None, (), "nygard",
     ("the heading starts with 31, the file name says 30; kept the file name's number and "
      "the whole heading '31. Use gRPC between services'",)),
    ("0031-setext-title.md", 31, "Encrypt backups with KMS keys", "accepted", D(2021, 8, 1),
     None, (), "madr-2", ()),
    ("0032-utf16.md", 32, "Saved by Notepad", "proposed", D(2020, 4, 4), None, (), "nygard",
     ("the file is UTF-16, not UTF-8",)),
    ("0033-date-with-time.md", 33, "Use ULIDs for ids", "accepted", D(2021, 3, 3), None, (),
     "madr", ()),
    ("0034-front-matter-title.md", 34, "Keep secrets in the vault", "accepted", D(2021, 9, 9),
     None, (), "madr", ()),
    ("0035-status-and-date-sections.md", 35, "Use OPA for authorization", "accepted",
     D(2022, 2, 2), None, (), "nygard", ()),
    ("20210303-log4brains-slug.md", None, "Use Next.js for the static site", "accepted",
     D(2021, 3, 3), None, (), "madr-2", ()),
    ("20210304-log4brains-no-date.md", None, "Avoid default exports", "proposed",
     D(2021, 3, 4), None, (), "madr-2", ()),
    ("ADR-012-dashed-heading.md", 12, "Keep one repository per service", "deprecated", None,
     None, (), "plain", (NO_DATE,)),
    ("ADR004-heading-style.md", 4, "Use Kafka for integration events", "accepted", None, None,
     (), "nygard", (NO_DATE,)),
]


@pytest.fixture(scope="module")
def tolerant() -> dict[str, AdrRecord]:
    return {record.file: record for record in import_folder(TOLERANT)}


def test_importer_reads_every_adr_and_skips_index_templates_and_other_files(tolerant):
    assert sorted(tolerant) == sorted(case[0] for case in TOLERATED)


@pytest.mark.parametrize("case", TOLERATED, ids=lambda case: case[0])
def test_importer_tolerates_real_world_layouts(tolerant, case):
    file, number, title, status, date, superseded_by, supersedes, fmt, warnings = case
    assert tolerant[file] == AdrRecord(
        file=file, number=number, title=title, status=status, date=date,
        superseded_by=superseded_by, supersedes=supersedes, format=fmt, warnings=warnings)


# Read by eye from each file of ../shared/adr-corpus (see its SOURCES.md).
CORPUS_FILES = [
    ("mrwilson__adr-viewer", "0001-record-architecture-decisions.md", 1,
     "Record architecture decisions", "accepted", D(2018, 9, 2)),
    ("mrwilson__adr-viewer", "0002-expose-command-line-interface.md", 2,
     "Expose command line interface", "accepted", D(2018, 9, 2)),
    ("mrwilson__adr-viewer", "0003-use-same-colour-for-all-headers.md", 3,
     "Use same colour for all headers", "superseded", D(2018, 9, 9)),
    ("mrwilson__adr-viewer", "0004-distinguish-superseded-records-with-colour.md", 4,
     "Distinguish superseded records with colour", "accepted", D(2018, 9, 9)),
    ("mrwilson__adr-viewer", "0005-distinguish-amendments-to-records-with-colour.md", 5,
     "Distinguish amendments to records with colour", "accepted", D(2018, 9, 9)),
    ("mrwilson__adr-viewer", "0006-accessibility-as-a-first-class-concern.md", 6,
     "Accessibility as a first-class concern", "accepted", D(2018, 9, 10)),
    ("thomvaill__log4brains", "20200924-use-markdown-architectural-decision-records.md", None,
     "Use Markdown Architectural Decision Records", "accepted", D(2020, 9, 24)),
    ("thomvaill__log4brains", "20200925-use-nextjs-for-static-site-generation.md", None,
     "Use Next.js for Static Site Generation", "accepted", D(2020, 9, 25)),
    ("thomvaill__log4brains", "20200926-use-the-adr-number-as-its-unique-id.md", None,
     "Use the ADR number as its unique ID", "superseded", D(2020, 9, 26)),
    ("thomvaill__log4brains", "20200927-avoid-default-exports.md", None,
     "Avoid default exports", "accepted", D(2020, 9, 27)),
    ("thomvaill__log4brains", "20201016-use-the-adr-slug-as-its-unique-id.md", None,
     "Use the ADR slug as its unique ID", "accepted", D(2020, 10, 16)),
    ("microsoft__semantic-kernel", "0001-madr-architecture-decisions.md", 1,
     "Use Markdown Any Decision Records to track Semantic Kernel Architecture Decisions",
     "accepted", D(2023, 5, 29)),
    ("microsoft__semantic-kernel", "0006-open-api-dynamic-payload-and-namespaces.md", 6,
     "Dynamic payload building for PUT and POST RestAPI operations and parameter namespacing",
     "superseded", D(2023, 8, 15)),
    ("microsoft__semantic-kernel", "0008-support-generic-llm-request-settings.md", 8,
     "Refactor to support generic LLM request settings", "accepted", D(2023, 9, 15)),
    ("microsoft__semantic-kernel", "0018-kernel-hooks-phase2.md", 18,
     "Kernel hooks phase2", "unknown", None),
    ("microsoft__semantic-kernel", "0021-aiservice-metadata.md", 21,
     "Add AI Service Metadata", "proposed", D(2023, 11, 10)),
    ("microsoft__semantic-kernel", "0031-feature-branch-strategy.md", 31,
     "Strategy for Community Driven Connectors and Features", "accepted", D(2024, 1, 24)),
    ("microsoft__semantic-kernel", "0036-semantic-kernel-release-versioning.md", 36,
     "Semantic Kernel Release Versioning", "accepted", None),
    ("microsoft__semantic-kernel", "0044-OTel-semantic-convention.md", 44,
     "Use standardized vocabulary and specification for observability in Semantic Kernel",
     "accepted", D(2024, 5, 2)),
    ("microsoft__semantic-kernel", "0054-processes.md", 54,
     "Business Process Execution with Semantic Kernel", "accepted", D(2024, 9, 20)),
]

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared ADR corpus is not here ({CORPUS})")


@pytest.fixture(scope="module")
def corpus() -> dict[tuple[str, str], AdrRecord]:
    return {(folder.name, record.file): record
            for folder in sorted(CORPUS.iterdir()) if folder.is_dir()
            for record in import_folder(folder)}


@needs_corpus
def test_corpus_table_lists_every_file_of_the_corpus(corpus):
    assert sorted(corpus) == sorted((repo, file) for repo, file, *_ in CORPUS_FILES)


@needs_corpus
@pytest.mark.parametrize("case", CORPUS_FILES, ids=lambda case: f"{case[0]}/{case[1]}")
def test_corpus_file_imports_with_its_number_title_status_and_date(corpus, case):
    repo, file, number, title, status, date = case
    record = corpus[repo, file]
    assert (record.number, record.title, record.status, record.date) == (
        number, title, status, date)


@needs_corpus
def test_corpus_supersession_links_and_warnings(corpus):
    found = {key: (r.superseded_by, r.supersedes, r.warnings) for key, r in corpus.items()
             if r.superseded_by or r.supersedes or r.warnings}
    assert found == {
        ("mrwilson__adr-viewer", "0003-use-same-colour-for-all-headers.md"):
            ("ADR-0004", (), ()),
        ("mrwilson__adr-viewer", "0004-distinguish-superseded-records-with-colour.md"):
            (None, ("ADR-0003",), ()),
        ("thomvaill__log4brains", "20200926-use-the-adr-number-as-its-unique-id.md"):
            ("20201016-use-the-adr-slug-as-its-unique-id.md", (), ()),
        ("thomvaill__log4brains", "20201016-use-the-adr-slug-as-its-unique-id.md"):
            (None, ("20200926-use-the-adr-number-as-its-unique-id.md",), ()),
        ("microsoft__semantic-kernel", "0006-open-api-dynamic-payload-and-namespaces.md"):
            ("ADR-0062", (), ()),
        ("microsoft__semantic-kernel", "0018-kernel-hooks-phase2.md"):
            (None, (), ("no title heading; the title comes from the file name",
                        "no status found; read as unknown", NO_DATE)),
        ("microsoft__semantic-kernel", "0036-semantic-kernel-release-versioning.md"):
            (None, (), ("the date '2024-023-2706' is not a date I can read; left empty",)),
    }


def test_a_malformed_file_does_not_stop_the_rest_of_the_folder(tmp_path):
    (tmp_path / "0001-good.md").write_text("# 1. Good\n\nDate: 2020-01-01\n\n## Status\n\n"
                                           "Accepted\n")
    (tmp_path / "0002-bad.md").write_bytes(b"\x00\x01\x02")
    (tmp_path / "0003-also-good.md").write_text("# 3. Also good\n\n## Status\n\nProposed\n")
    records = import_folder(tmp_path)
    assert [(r.file, r.status, r.format) for r in records] == [
        ("0001-good.md", "accepted", "nygard"),
        ("0002-bad.md", "unknown", "unreadable"),
        ("0003-also-good.md", "proposed", "nygard"),
    ]


def test_a_file_too_large_for_an_adr_is_not_parsed(tmp_path):
    (tmp_path / "0001-huge.md").write_bytes(b"# 1. Huge\n" + b"x" * 2_000_000)
    assert import_folder(tmp_path) == [AdrRecord(
        file="0001-huge.md", number=1, title="Huge", status="unknown", date=None,
        format="unreadable", warnings=("the file is 2000010 bytes, too large for an ADR",))]


def test_a_folder_that_does_not_exist_is_an_error_for_people(tmp_path):
    with pytest.raises(AdrError) as caught:
        import_folder(tmp_path / "missing")
    assert str(caught.value) == f"{tmp_path / 'missing'}: not a folder"


def test_hostile_front_matter_is_read_line_by_line():
    aliases = b"---\na: &a [x, x]\nb: &b [*a, *a]\nstatus: accepted\ndate: 2020-01-01\n---\n# T\n"
    nested = b"---\nstatus: " + b"[" * 5000 + b"\n---\n# T\n"
    assert read_adr("0001-t.md", aliases).status == "accepted"
    assert read_adr("0002-t.md", nested).warnings[0] == (
        "the front matter is not a YAML mapping; read it line by line")


def test_exported_record_links_to_its_aspect_when_the_base_knows_it():
    text = b"# 1. T\n\n## Status\n\nAccepted\n\n<!-- skeleton-decision: tokens.signing #4 -->\n"
    record = read_adr("0001-t.md", text)
    assert record.decision == "tokens.signing#4"
    assert record.to_imported({"tokens"}).aspect == "tokens"
    assert record.to_imported(set()).aspect is None
    assert record.to_imported({"tokens"}).model_dump() == {
        "number": 1, "title": "T", "status": "accepted", "date": None, "file": "0001-t.md",
        "aspect": "tokens"}


def test_record_as_json_names_every_field():
    record = read_adr("0006-x.md", (TOLERANT / "0006-adr-tools-superceded.md").read_bytes())
    assert record.to_json() == {
        "file": "0006-x.md", "number": 6, "title": "Use RSA signatures", "status": "superseded",
        "date": "2018-09-09", "superseded_by": "ADR-0008", "supersedes": [], "format": "nygard",
        "warnings": [], "decision": None}
