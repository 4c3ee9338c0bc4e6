"""Read an existing ADR folder, tolerating what real repositories hold; one record per file."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from decisions.workspace import ImportedRecord
from exporters.adr_fields import (
    clip,
    date_from_name,
    number_from_name,
    parse_date,
    split_heading,
)
from exporters.adr_metadata import metadata
from exporters.adr_numbering import read_marker
from exporters.adr_outline import outline
from exporters.markdown_safe import clean_line
from knowledge.errors import AdrError

SKIPPED_NAMES = frozenset({"readme.md", "index.md", "template.md", "adr-template.md",
                           "toc.md", "readme.markdown", "index.markdown"})
"""Index pages and templates that live beside ADRs (adr-tools, log4brains, MADR)."""

SUFFIXES = (".md", ".markdown")
MAX_BYTES = 2_000_000
"""Larger files are not ADRs; they are reported, not parsed."""

_NAME_PREFIX = re.compile(r"^(?:adr[-_ ]?)?(?:\d{4}-?\d{2}-?\d{2}|\d{1,6})[-_ ]*", re.I)


@dataclass(frozen=True)
class AdrRecord:
    """What one ADR file says about itself, normalised."""

    file: str
    number: int | None
    title: str
    status: str
    date: dt.date | None
    superseded_by: str | None = None
    supersedes: tuple[str, ...] = ()
    format: str = "unknown"
    """Where the metadata was found: madr (front matter), madr-2 (a `* Status:` list under the
    title), nygard (a Status section), table, plain (`Status:` lines), unknown (none of
    these), or unreadable (not a text file)."""
    warnings: tuple[str, ...] = ()
    decision: str | None = None
    """`aspect.decision#id` when the ADR was exported by this tool."""

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "number": self.number, "title": self.title,
                "status": self.status, "date": self.date.isoformat() if self.date else None,
                "superseded_by": self.superseded_by, "supersedes": list(self.supersedes),
                "format": self.format, "warnings": list(self.warnings),
                "decision": self.decision}

    def to_imported(self, aspects: Collection[str] = ()) -> ImportedRecord:
        """The record as the workspace keeps it; linked to its aspect when this tool exported
        it and the aspect is one of `aspects`."""
        aspect = self.decision.partition(".")[0] if self.decision else None
        return ImportedRecord(number=self.number, title=self.title, status=self.status,
                              date=self.date, file=self.file,
                              aspect=aspect if aspect in aspects else None)


def import_folder(folder: Path | str) -> list[AdrRecord]:
    """Every ADR in the folder, by file name; index pages and templates are skipped."""
    folder = Path(folder)
    if not folder.is_dir():
        raise AdrError(f"{folder}: not a folder")
    return [read_adr_file(path) for path in sorted(folder.iterdir(), key=lambda p: p.name)
            if is_adr_file(path)]


def is_adr_file(path: Path) -> bool:
    name = path.name.lower()
    return (path.suffix.lower() in SUFFIXES and not name.startswith(".")
            and name not in SKIPPED_NAMES and path.is_file())


def read_adr_file(path: Path) -> AdrRecord:
    """One file; a file that cannot be read becomes a record with a warning."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return unreadable(path.name, f"the file is {size} bytes, too large for an ADR")
        data = path.read_bytes()
    except OSError as exc:
        return unreadable(path.name, f"cannot read the file: {exc.strerror or exc}")
    return read_adr(path.name, data)


def read_adr(name: str, data: bytes) -> AdrRecord:
    """Parse one ADR's bytes."""
    text, warnings = decode(data)
    if text is None:
        return unreadable(name, warnings[0])
    parts = outline(text)
    found = metadata(parts)
    warnings += found.warnings
    number, title = _number_and_title(name, parts.title or found.title, warnings)
    status = found.status
    if status is None:
        warnings.append("no status found; read as unknown")
    elif status.warning:
        warnings.append(status.warning)
    return AdrRecord(
        file=name, number=number, title=title,
        status=status.value if status else "unknown",
        date=_date(name, found.date, found.has_date, warnings),
        superseded_by=found.superseded_by, supersedes=tuple(found.supersedes),
        format=found.format, warnings=tuple(warnings),
        decision=next(filter(None, map(read_marker, parts.comments)), None),
    )


def decode(data: bytes) -> tuple[str | None, list[str]]:
    """The text of a file, or None and why it is not Markdown text."""
    if not data.strip():
        return None, ["the file is empty"]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), ["the file is UTF-16, not UTF-8"]
    if b"\x00" in data:
        return None, ["the file is binary (it holds NUL bytes), not Markdown"]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:
        text, reading = data.decode("cp1252"), "read it as Windows-1252"
    except UnicodeDecodeError:
        text, reading = data.decode("utf-8", errors="replace"), "unreadable bytes were replaced"
    return text, [f"the file is not valid UTF-8 (first bad byte at offset {bad}); {reading}"]


def unreadable(name: str, reason: str) -> AdrRecord:
    """A record for a file that could not be parsed: what its name says, and why."""
    return AdrRecord(file=name, number=number_from_name(name), title=title_from_name(name),
                     status="unknown", date=date_from_name(name), format="unreadable",
                     warnings=(reason,))


def title_from_name(name: str) -> str:
    """`0018-kernel-hooks-phase2.md` -> `Kernel hooks phase2`."""
    stem = name.rsplit(".", 1)[0]
    words = " ".join(_NAME_PREFIX.sub("", stem).replace("_", " ").replace("-", " ").split())
    return (words[:1].upper() + words[1:]) if words else stem


def _number_and_title(name: str, heading: str | None, warnings: list[str]
                      ) -> tuple[int | None, str]:
    """The number from the file name, else from the heading; the title without its number."""
    from_name = number_from_name(name)
    if not heading or not clean_line(heading):
        warnings.append("no title heading; the title comes from the file name")
        return from_name, title_from_name(name)
    heading = clean_line(heading)
    from_heading, title = split_heading(heading)
    if from_heading is None:
        return from_name, heading
    if from_name is None or from_name == from_heading:
        return from_heading, title
    warnings.append(f"the heading starts with {from_heading}, the file name says {from_name}; "
                    f"kept the file name's number and the whole heading {clip(heading)!r}")
    return from_name, heading


def _date(name: str, value: Any, stated: bool, warnings: list[str]) -> dt.date | None:
    if not stated:
        from_name = date_from_name(name)
        if from_name is None:
            warnings.append("no date found; left empty")
        return from_name
    date, warning = parse_date(value)
    if warning:
        warnings.append(warning)
    return date
