"""Write an export into an ADR folder: `.adr-dir` honoured, atomic, never outside the folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from decisions.atomic import write_atomic
from decisions.workspace import Workspace
from exporters.adr_export import render_adrs
from exporters.adr_import import import_folder
from exporters.adr_index import INDEX_FILE, is_our_index
from exporters.adr_numbering import SAFE_NAME
from knowledge.catalog import KnowledgeBase
from knowledge.errors import AdrError

ADR_DIR_FILE = ".adr-dir"
"""adr-tools' pointer: a file whose first line names the ADR folder, relative to it."""


@dataclass(frozen=True)
class Written:
    """What happened to one file: created, updated, unchanged, or kept (a README that the
    export did not write is left alone)."""

    file: str
    action: str


@dataclass(frozen=True)
class FolderExport:
    """The folder written to, what happened to each file, and the warnings."""

    folder: Path
    written: tuple[Written, ...]
    warnings: tuple[str, ...] = ()


def adr_folder(out: Path | str) -> Path:
    """The folder that `.adr-dir` in `out` names, else `out`; never a folder outside `out`."""
    out = Path(out)
    pointer = out / ADR_DIR_FILE
    if not pointer.is_file():
        return out
    try:
        lines = pointer.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise AdrError(f"{pointer}: cannot read it: {exc}") from exc
    named = lines[0].strip() if lines else ""
    if not named or "\x00" in named:
        raise AdrError(f"{pointer}: the first line should name the ADR folder, relative to {out}")
    target = out / named
    if Path(named).is_absolute() or not _inside(target.resolve(), out.resolve()):
        raise AdrError(f"{pointer}: {named!r} is outside {out}; name a folder inside it")
    return target


def export_to_folder(kb: KnowledgeBase, workspace: Workspace, out: Path | str,
                     fmt: str = "madr") -> FolderExport:
    """Export every decision into the folder: existing numbers kept, unchanged files left
    untouched, changed ones replaced atomically."""
    folder = adr_folder(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AdrError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from exc
    export = render_adrs(kb, workspace, fmt, import_folder(folder))
    written = tuple(Written(name, write_file(folder, name, text))
                    for name, text in export.files.items())
    warnings = list(export.warnings)
    if Written(INDEX_FILE, "kept") in written:
        warnings.append(f"{folder / INDEX_FILE} was not written by this tool; it was left "
                        "as it is and the index was not written")
    return FolderExport(folder, written, tuple(warnings))


def write_file(folder: Path, name: str, text: str) -> str:
    """Write one exported file unless it already holds exactly this text. A symbolic link in
    its place is replaced by a file, never followed."""
    path = target_path(folder, name)
    data = text.encode("utf-8")
    try:
        existed = path.is_symlink() or path.exists()
        current = path.read_bytes() if existed and not path.is_symlink() else None
        if current == data:
            return "unchanged"
        if name == INDEX_FILE and existed and not is_our_index(
                (current or b"").decode("utf-8", errors="replace")):
            return "kept"
        write_atomic(path, data)
    except OSError as exc:
        raise AdrError(f"{path}: cannot write it: {exc.strerror or exc}") from exc
    return "updated" if existed else "created"


def target_path(folder: Path, name: str) -> Path:
    """The path of an exported file, refusing any name but `NNNN-slug.md` and the index, and
    any path that would leave the folder."""
    if not (SAFE_NAME.fullmatch(name) or name == INDEX_FILE):
        raise AdrError(f"refusing to write {name!r}: not an ADR file name")
    root = folder.resolve()
    path = root / name
    if path.parent != root:
        raise AdrError(f"refusing to write {name!r}: outside {folder}")
    return path


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
