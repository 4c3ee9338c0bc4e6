"""Export decisions as ADRs (MADR 4 or Nygard) with an index, as {file name: text} or a zip."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from decisions.workspace import Workspace
from exporters.adr_document import AdrDocument, build_documents
from exporters.adr_import import AdrRecord
from exporters.adr_index import INDEX_FILE, IndexRow, render_index
from exporters.adr_madr import madr_status, render_madr
from exporters.adr_numbering import Existing
from exporters.adr_nygard import render_nygard
from knowledge.catalog import KnowledgeBase
from knowledge.errors import AdrError

FORMATS: dict[str, Callable[[AdrDocument], str]] = {"madr": render_madr,
                                                    "nygard": render_nygard}
"""The layouts an export can write, by the name the command line and the app use."""

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
"""Every entry of the zip carries this time, so the same ADRs give the same bytes."""


@dataclass(frozen=True)
class AdrExport:
    """The files of an export, by name, and what the export could not do."""

    files: dict[str, str]
    warnings: tuple[str, ...] = ()


def render_adrs(kb: KnowledgeBase, workspace: Workspace, fmt: str = "madr",
                existing: Sequence[AdrRecord] = ()) -> AdrExport:
    """Every decision's ADR and the README index. `existing` is what the target folder holds
    (see `import_folder`): its numbers are kept, and foreign ADRs are listed in the index."""
    render = FORMATS.get(fmt)
    if render is None:
        raise AdrError(f"unknown ADR format {fmt!r}; choose one of {', '.join(FORMATS)}")
    documents = build_documents(kb, workspace,
                                [Existing(r.file, r.number, r.decision) for r in existing])
    files = {doc.file: render(doc) for doc in documents.documents}
    rows = [IndexRow(doc.number, doc.title, madr_status(doc), doc.date, doc.file)
            for doc in documents.documents]
    rows += [IndexRow(r.number, r.title, r.status, r.date, r.file) for r in existing
             if r.file not in files]
    files[INDEX_FILE] = render_index(rows)
    return AdrExport(dict(sorted(files.items())), documents.warnings)


def zip_files(files: Mapping[str, str]) -> bytes:
    """A zip of the files, by sorted name, with fixed times and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            entry = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, files[name].encode("utf-8"))
    return buffer.getvalue()


def adr_zip(kb: KnowledgeBase, workspace: Workspace, fmt: str = "madr",
            existing: Sequence[AdrRecord] = ()) -> bytes:
    """The ADRs and their index as a zip, for the web app's download button; `existing` (an
    imported folder) keeps the numbers the team's repository already uses."""
    return zip_files(render_adrs(kb, workspace, fmt, existing).files)
