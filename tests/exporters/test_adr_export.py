"""Exported ADRs: golden text in both layouts, the structure markdown-it-py sees, a round trip
through the importer, determinism, the zip for the web app, and hostile text kept inert."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest
import yaml

from exporters.adr_document import build_documents
from exporters.adr_export import FORMATS, ZIP_TIMESTAMP, adr_zip, render_adrs, zip_files
from exporters.adr_import import import_folder, read_adr
from exporters.adr_index import INDEX_FILE
from exporters.adr_madr import HEADINGS as MADR_HEADINGS
from exporters.adr_nygard import HEADINGS as NYGARD_HEADINGS
from exporters.adr_outline import markdown, outline
from exporters.markdown_safe import clean_line
from knowledge.catalog import KnowledgeBase
from knowledge.errors import AdrError
from knowledge.loader import load_knowledge
from tests.exporters.adrkb import (
    ASPECTS,
    HOSTILE_TOKENS,
    adr_workspace,
    hostile_workspace,
    load_adr_base,
    write_adr_base,
)

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "adr"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
MD = markdown()


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load_adr_base(tmp_path_factory.mktemp("adr-base"))


@pytest.fixture(scope="module")
def hostile_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    aspects = {**ASPECTS, "identity/token-management.yaml": HOSTILE_TOKENS}
    return load_knowledge(base=write_adr_base(tmp_path_factory.mktemp("hostile"), aspects))


def _cases(kb: KnowledgeBase, hostile_kb: KnowledgeBase):
    return {"plain": (kb, adr_workspace()), "hostile": (hostile_kb, hostile_workspace())}


def _check_golden(folder: Path, files: dict[str, str]) -> None:
    """Compare with tests/golden/adr/...; UPDATE_GOLDEN=1 rewrites them (review the diff)."""
    if UPDATE:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.md"):
            old.unlink()
        for name, text in files.items():
            (folder / name).write_bytes(text.encode("utf-8"))
    golden = {p.name: p.read_bytes().decode("utf-8") for p in sorted(folder.glob("*.md"))}
    assert list(files) == list(golden), "run with UPDATE_GOLDEN=1 and review the diff"
    for name, text in files.items():
        assert text == golden[name], f"{name} differs from {folder / name}"


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("case", ["plain", "hostile"])
def test_export_matches_golden_files(kb, hostile_kb, case, fmt):
    base, workspace = _cases(kb, hostile_kb)[case]
    export = render_adrs(base, workspace, fmt)
    assert export.warnings == ()
    _check_golden(GOLDEN / f"{case}-{fmt}", export.files)


def test_file_names_are_numbers_and_slugs_only(kb, hostile_kb):
    names = {case: list(render_adrs(*pair).files) for case, pair in
             _cases(kb, hostile_kb).items()}
    assert names == {
        "plain": ["0001-certificate-management-managed-acme-issuer.md",
                  "0002-token-management-rsa.md", "0003-logging-plain-text.md",
                  "0004-token-management-eddsa-ed25519.md", "0005-logging-json-lines.md",
                  INDEX_FILE],
        "hostile": ["0001-etc-passwd-script-alert-1-script-owned-status-hacked-rsa.md",
                    "0002-etc-passwd-script-alert-1-script-owned-status-hacked-eddsa.md",
                    INDEX_FILE],
    }


def _expected_headings(fmt: str, doc) -> list[tuple[int, str]]:
    if fmt == "nygard":
        return [(1, f"{doc.number}. {doc.title}"), *((2, h) for h in NYGARD_HEADINGS)]
    levels = dict.fromkeys(MADR_HEADINGS, 2) | {"Consequences": 3, "Confirmation": 3}
    headings = [(1, doc.title)] + [(levels[h], h) for h in MADR_HEADINGS]
    options = [(3, clean_line(o.label)) for o in doc.options]
    at = headings.index((2, "More Information"))
    return headings[:at] + options + headings[at:]


def check_front_matter(tokens, fmt: str) -> None:
    """MADR files open with the template's front-matter keys, in order; Nygard files have none."""
    front = [t.content for t in tokens if t.type == "front_matter"]
    if fmt == "madr":
        assert list(yaml.safe_load(front[0])) == [
            "status", "date", "decision-makers", "consulted", "informed"]
    else:
        assert front == []


def _exported(kb: KnowledgeBase, hostile_kb: KnowledgeBase, case: str, fmt: str):
    """Each decision's document with the text of its exported file."""
    base, workspace = _cases(kb, hostile_kb)[case]
    files = render_adrs(base, workspace, fmt).files
    return [(doc, files[doc.file]) for doc in build_documents(base, workspace).documents]


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("case", ["plain", "hostile"])
def test_every_adr_has_exactly_the_expected_structure(kb, hostile_kb, case, fmt):
    for doc, text in _exported(kb, hostile_kb, case, fmt):
        tokens = MD.parse(text)
        assert outline(text).headings == _expected_headings(fmt, doc), doc.file
        html = [t.content for t in tokens if t.type in ("html_block", "html_inline")]
        assert html == [f"<!-- skeleton-decision: {doc.point} #{doc.decision_id} -->\n"]
        check_front_matter(tokens, fmt)


def test_madr_front_matter_holds_hostile_text_as_plain_values(hostile_kb):
    files = render_adrs(hostile_kb, hostile_workspace(), "madr").files
    text = files["0001-etc-passwd-script-alert-1-script-owned-status-hacked-rsa.md"]
    front = next(t.content for t in MD.parse(text) if t.type == "front_matter")
    assert yaml.safe_load(front) == {
        "status": "superseded by ADR-0002",
        "date": dt.date(2026, 3, 3),
        "decision-makers": "../../root, Eve # Heading, Mallory \"quoted\" 'single' --- {x}, "
                           "<img src=x onerror=alert(1)>",
        "consulted": "",
        "informed": "",
    }


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("case", ["plain", "hostile"])
def test_exported_adrs_import_back_with_the_same_fields(kb, hostile_kb, case, fmt):
    for doc, text in _exported(kb, hostile_kb, case, fmt):
        record = read_adr(doc.file, text.encode("utf-8"))
        assert (record.number, record.title, record.status, record.date) == (
            doc.number, doc.title, doc.status, doc.date)
        assert record.decision == f"{doc.point}#{doc.decision_id}"
        assert record.superseded_by == (
            f"ADR-{doc.superseded_by.number:04d}" if doc.superseded_by else None)
        assert record.supersedes == (
            (f"ADR-{doc.supersedes.number:04d}",) if doc.supersedes else ())
        assert record.warnings == ()


def test_export_is_byte_identical_for_the_same_workspace(kb):
    first = render_adrs(kb, adr_workspace(), "madr")
    second = render_adrs(kb, adr_workspace().model_copy(update={"revision": 9}), "madr")
    assert first == second


def test_zip_holds_the_export_sorted_with_fixed_times(kb):
    data = adr_zip(kb, adr_workspace(), "nygard")
    assert data == adr_zip(kb, adr_workspace(), "nygard")
    files = render_adrs(kb, adr_workspace(), "nygard").files
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        assert [e.filename for e in entries] == sorted(files)
        assert {e.date_time for e in entries} == {ZIP_TIMESTAMP}
        assert {e.filename: archive.read(e).decode() for e in entries} == files


def test_zip_keeps_the_numbers_of_an_imported_folder(kb, tmp_path):
    (tmp_path / "0009-foreign.md").write_text("# 9. Foreign\n\n## Status\n\nAccepted\n")
    data = adr_zip(kb, adr_workspace(), "madr", import_folder(tmp_path))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "0010-certificate-management-managed-acme-issuer.md"


def test_zip_of_no_files_is_an_empty_archive():
    with zipfile.ZipFile(io.BytesIO(zip_files({}))) as archive:
        assert archive.namelist() == []


def test_unknown_format_is_refused(kb):
    with pytest.raises(AdrError) as caught:
        render_adrs(kb, adr_workspace(), "asciidoc")
    assert str(caught.value) == "unknown ADR format 'asciidoc'; choose one of madr, nygard"
