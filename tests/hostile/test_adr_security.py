"""Hostile text in exported ADRs stays text: an aspect title from a pack, an option label,
rationales and decider names holding `../`, absolute paths, NUL and control characters, HTML,
script tags and Markdown headings give files named `NNNN-slug.md` inside the chosen folder,
with exactly the expected headings, no raw HTML and no links but to ADRs and web pages, in both
formats; and the zip that the web app offers holds only those names."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it.token import Token
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from decisions.store import WorkspaceStore
from decisions.workspace import Decision, Workspace
from exporters.adr_document import AdrDocument, build_documents
from exporters.adr_export import FORMATS, render_adrs
from exporters.adr_folder import export_to_folder
from exporters.adr_index import INDEX_FILE, INDEX_MARKER
from exporters.adr_numbering import SAFE_NAME
from exporters.adr_outline import inline_text, markdown
from knowledge.catalog import KnowledgeBase
from knowledge.loader import load_knowledge
from knowledge.models import Aspect
from tests.exporters.adrkb import TOKENS, load_adr_base, write_adr_base
from tests.exporters.test_adr_export import _expected_headings, check_front_matter
from tests.hostile.fuzzing import fuzz
from ui import app_state
from ui.commands.common import WORKSPACE_ENV

MD = markdown()
INVISIBLE = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
"""Direction marks and the byte-order mark: invisible, and able to make a line read otherwise."""
APP = Path(__file__).resolve().parents[2] / "app.py"
POINT = "token-management.signing-algorithm"

HOSTILE = {
    "traversal": "../../../../tmp/evil/../x",
    "absolute": "/etc/passwd",
    "windows": "C:\\Windows\\System32\\..\\evil.md",
    "controls": "nul\0bell\a esc\x1b[31m cr\r tab\t del\x7f line\u2028sep \u202eevil",
    "html": "<script>alert(1)</script><img src=x onerror=alert(1)><b>bold</b>",
    "headings": "# Owned\n## Decision\nSetext\n===\n---\nstatus: hacked\n---",
    "markup": "[x](javascript:alert(1)) ![i](http://evil/i.png) `code` | cell | *em* &lt;",
    "marker": "<!-- skeleton-decision: logging.format #9 -->",
}
"""Each hostile text goes into the aspect title, the option labels, the rationales and the
decider names at once."""

EXPECTED_NAMES = {
    "traversal": ["0001-tmp-evil-x-tmp-evil-x-rsa.md", "0002-tmp-evil-x-eddsa-tmp-evil-x.md"],
    "absolute": ["0001-etc-passwd-etc-passwd-rsa.md", "0002-etc-passwd-eddsa-etc-passwd.md"],
    "windows": ["0001-c-windows-system32-evil-md-c-windows-system32-evil-md-rsa.md",
                "0002-c-windows-system32-evil-md-eddsa-c-windows-system32-evil-md.md"],
    "controls": ["0001-nul-bell-esc-31m-cr-tab-del-line-sep-evil-nul-bell-esc-31m.md",
                 "0002-nul-bell-esc-31m-cr-tab-del-line-sep-evil-eddsa-nul-bell-esc.md"],
    "html": ["0001-script-alert-1-script-img-src-x-onerror-alert-1-b-bold-b.md",
             "0002-script-alert-1-script-img-src-x-onerror-alert-1-b-bold-b.md"],
    "headings": ["0001-owned-decision-setext-status-hacked-owned-decision-setext.md",
                 "0002-owned-decision-setext-status-hacked-eddsa-owned-decision.md"],
    "markup": ["0001-x-javascript-alert-1-i-http-evil-i-png-code-cell-em-lt-x.md",
               "0002-x-javascript-alert-1-i-http-evil-i-png-code-cell-em-lt-eddsa.md"],
    "marker": ["0001-skeleton-decision-logging-format-9-skeleton-decision-logging.md",
               "0002-skeleton-decision-logging-format-9-eddsa-skeleton-decision.md"],
}
"""Lowercase ASCII words and dashes only: no separator, dot or drive letter survives."""


# -- building the hostile base and workspace -----------------------------------------------------

def hostile_pack(folder: Path, text: str, aspect_id: str = "token-management") -> Path:
    """A pack with a token-management aspect (under `aspect_id`) whose title and option labels
    hold `text`, as double-quoted YAML scalars so that NUL and control characters reach it."""
    quoted = json.dumps(text)
    aspect = (TOKENS.replace("id: token-management", f"id: {aspect_id}")
              .replace("title: Token management", f"title: {quoted}")
              .replace("label: EdDSA (Ed25519)", f"label: {json.dumps('EdDSA ' + text)}")
              .replace("label: RSA", f"label: {json.dumps(text + ' RSA')}"))
    path = folder / "identity" / f"{aspect_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(aspect, encoding="utf-8")
    return folder


def hostile_workspace(text: str, point: str = POINT, **fields) -> Workspace:
    """Two decisions on the point, the second superseding the first, with hostile rationales
    and decider names."""
    deciders = [text, "../../root", "/etc/shadow", "Eve\n# Heading", "\0", "<b>Mallory</b>"]
    return Workspace(decisions=[
        Decision(id=1, point=point, option="rsa", status="superseded", rationale=text,
                 deciders=deciders, date=dt.date(2026, 3, 3), superseded_by=2),
        Decision(id=2, point=point, option="eddsa", status="accepted",
                 rationale=f"{text}\n\n{text}", deciders=deciders, date=dt.date(2026, 3, 4),
                 supersedes=1),
    ], **fields)


@pytest.fixture(scope="module")
def adr_base(tmp_path_factory) -> Path:
    return write_adr_base(tmp_path_factory.mktemp("adr-base"))


def hostile_kb(base: Path, folder: Path, text: str) -> KnowledgeBase:
    kb = load_knowledge([hostile_pack(folder, text)], base)
    assert kb.aspects["token-management"].title == text
    return kb


# -- what every exported ADR must be -------------------------------------------------------------

def all_tokens(tokens: list[Token]) -> list[Token]:
    """Block tokens and the inline tokens inside them."""
    return [t for token in tokens for t in (token, *(token.children or []))]


def headings(blocks: list[Token]) -> list[tuple[int, str]]:
    """(level, plain text) of each heading, as the importer reads them."""
    return [(int(token.tag[1:]), inline_text(blocks[i + 1].children or [])[0])
            for i, token in enumerate(blocks) if token.type == "heading_open"]


def check_adr(text: str, doc: AdrDocument, fmt: str, names: set[str]) -> None:
    blocks = MD.parse(text)
    assert headings(blocks) == _expected_headings(fmt, doc), doc.file
    tokens = all_tokens(blocks)
    html = [t.content for t in tokens if t.type in ("html_block", "html_inline")]
    assert html == [f"<!-- skeleton-decision: {doc.point} #{doc.decision_id} -->\n"], doc.file
    links = [str(t.attrs.get("href")) for t in tokens if t.type == "link_open"]
    assert all(href in names or href.startswith("https://") for href in links), links
    assert not [t for t in tokens if t.type == "image"]
    assert not [ch for ch in text if ch != "\n" and (
        unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in INVISIBLE)], doc.file
    check_front_matter(tokens, fmt)


def check_export(files: dict[str, str], kb: KnowledgeBase, workspace: Workspace,
                 fmt: str) -> None:
    assert all(SAFE_NAME.fullmatch(name) for name in files if name != INDEX_FILE), list(files)
    for doc in build_documents(kb, workspace).documents:
        check_adr(files[doc.file], doc, fmt, set(files))
    index = all_tokens(MD.parse(files[INDEX_FILE]))
    assert [t.content for t in index if t.type in ("html_block", "html_inline")] == \
        [INDEX_MARKER + "\n"]
    assert [t.tag for t in index if t.type == "heading_open"] == ["h1"]
    assert [t.attrs["href"] for t in index if t.type == "link_open"] == \
        [name for name in files if name != INDEX_FILE]
    assert not [t for t in index if t.type == "image"]


# -- the pack's hostile text, in both formats, as files and in a folder --------------------------

@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_text_from_a_pack_gives_safe_names_and_structure(
        adr_base, tmp_path, case, fmt):
    kb = hostile_kb(adr_base, tmp_path / "pack", HOSTILE[case])
    workspace = hostile_workspace(HOSTILE[case])
    files = render_adrs(kb, workspace, fmt).files
    assert list(files) == [*EXPECTED_NAMES[case], INDEX_FILE]
    check_export(files, kb, workspace, fmt)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_text_is_written_only_inside_the_adr_folder(
        adr_base, tmp_path_factory, case, fmt):
    kb = hostile_kb(adr_base, tmp_path_factory.mktemp("pack"), HOSTILE[case])
    root = tmp_path_factory.mktemp("export")
    out = root / "project" / "docs" / "decisions"
    result = export_to_folder(kb, hostile_workspace(HOSTILE[case]), out, fmt)
    assert result.folder == out
    written = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    assert written == [f"project/docs/decisions/{name}"
                       for name in sorted([*EXPECTED_NAMES[case], INDEX_FILE])]
    assert {w.action for w in result.written} == {"created"}


# -- any hostile text ----------------------------------------------------------------------------

_fragments = st.sampled_from([
    "../", "..\\", "/", "/etc/passwd", "C:\\", "~", "\0", "\x1b[31m", "\a", "\r", "\n", "\r\n",
    "\t", "\x7f", "\x85", "\u2028", "\u202e", "\ufeff", "\n# ", "\n## Decision\n", "#", "\n===",
    "\n---\n", "---", "<script>", "</script>", "<img src=x onerror=alert(1)>", "<!--", "-->",
    "<!-- skeleton-decision: a.b #1 -->", "<http://evil>", "|", "`", "```", "~~~",
    "[x](javascript:alert(1))", "![i](x.png)", "[ref]: http://evil", "*", "_", "**", "&amp;",
    "&#x3C;", "\\", "1. ", "- ", "+ ", "> ", "    ", " ", "word", "Ünïcode", "李", "{x}",
    "'", '"', ":", "status: hacked",
])
hostile_text = st.lists(_fragments | st.text(max_size=4), min_size=1, max_size=10).map(
    "".join).filter(str.strip)
"""Text built from the pieces that could break out of a file name, a heading, a paragraph, a
list item, a link or the YAML front matter."""


@pytest.fixture(scope="module")
def adr_kb(tmp_path_factory) -> KnowledgeBase:
    return load_adr_base(tmp_path_factory.mktemp("adr-kb"))


def with_texts(kb: KnowledgeBase, title: str, label: str) -> KnowledgeBase:
    """The base with token-management's title and RSA label replaced, validated as a pack's
    aspect would be."""
    data = kb.aspects["token-management"].model_dump()
    data["title"] = title
    data["decisions"][0]["options"][1]["label"] = label
    aspect = Aspect.model_validate(data)
    return dataclasses.replace(kb, aspects={**kb.aspects, "token-management": aspect})


@fuzz
@given(title=hostile_text, label=hostile_text, rationale=hostile_text, decider=hostile_text,
       fmt=st.sampled_from(list(FORMATS)))
def test_any_hostile_text_gives_safe_names_and_structure(adr_kb, title, label, rationale,
                                                         decider, fmt):
    kb = with_texts(adr_kb, title, label)
    workspace = hostile_workspace(rationale).model_copy(update={"decisions": [
        d.model_copy(update={"deciders": [decider, *d.deciders]})
        for d in hostile_workspace(rationale).decisions]})
    check_export(render_adrs(kb, workspace, fmt).files, kb, workspace, fmt)


# -- the zip the web app offers ------------------------------------------------------------------

@pytest.fixture
def offered_files(monkeypatch) -> dict[str, Callable[[], bytes]]:
    """Every file the app hands to a download button in this test, by file name: its bytes
    are produced as a click would produce them (downloads may be generated on click)."""
    offered: dict[str, Callable[[], bytes]] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def recording(self, data, mimetype, coordinates, file_name=None, **options):
        offered[str(file_name)] = lambda: data
        return add(self, data, mimetype, coordinates, file_name=file_name, **options)

    def recording_deferred(self, make, mimetype, coordinates, file_name=None, **options):
        offered[str(file_name)] = make
        return add_deferred(self, make, mimetype, coordinates, file_name=file_name, **options)

    monkeypatch.setattr(MediaFileManager, "add", recording)
    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_deferred)
    return offered


def zip_files(data: bytes) -> dict[str, str]:
    """The zip's entries by name, in the archive's order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_adr_zip_of_the_app_holds_only_adr_names(tmp_path, monkeypatch, offered_files):
    text = "\n".join(HOSTILE.values())
    folder = tmp_path / "workspace"
    hostile_pack(folder / "hostile-pack", text, "hostile-tokens")
    WorkspaceStore(folder).init(hostile_workspace(text, "hostile-tokens.signing-algorithm",
                                                  packs=["hostile-pack"]))
    monkeypatch.setenv(WORKSPACE_ENV, str(folder))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page("ui/pages/export.py").run()
    assert not at.exception
    at.radio(key=app_state.key("export", "format")).set_value("nygard").run()
    assert not at.exception
    zips = sorted(name for name in offered_files if name.endswith(".zip"))
    assert zips == ["adr-madr.zip", "adr-nygard.zip"]
    kb = load_knowledge([folder / "hostile-pack"], allow_cycles=True)
    for fmt in FORMATS:
        files = zip_files(offered_files[f"adr-{fmt}.zip"]())
        workspace = WorkspaceStore(folder).load()
        assert list(files) == list(render_adrs(kb, workspace, fmt).files)
        assert len(files) == 3 and list(files)[-1] == INDEX_FILE
        for name in files:
            assert SAFE_NAME.fullmatch(name) or name == INDEX_FILE, name
            assert PurePosixPath(name).name == name == PureWindowsPath(name).name
            assert not PurePosixPath(name).is_absolute() and ".." not in name
        check_export(files, kb, workspace, fmt)
