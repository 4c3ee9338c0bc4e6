"""Find an ADR's status, date, links and format in whichever place its authors put them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from exporters.adr_fields import (
    SUPERSEDED_BY,
    SUPERSEDES,
    Status,
    normalise_status,
    plain_value,
    reference,
    unwrap,
)
from exporters.adr_outline import PREAMBLE, Line, Outline, inline_markdown, section_key

FIELD_NAMES = {
    "status": "status", "state": "status", "date": "date", "decision date": "date",
    "last updated": "date", "updated": "date", "date created": "date", "created": "date",
}
"""Metadata keys as teams write them, and the field each one gives."""

MAX_FRONT_MATTER = 20_000
MAX_BRACKETS = 200
"""Front matter beyond these limits is read line by line, not as YAML."""

MADR_SECTIONS = {"context and problem statement", "considered options", "decision outcome"}
LINK_SECTIONS = (PREAMBLE, "status", "more information", "links")
"""Where supersedes and superseded-by lines are looked for."""

_KEY_VALUE = re.compile(r"^\W*([A-Za-z][A-Za-z -]{0,24}?)\s*:\s*(.*)$", re.S)
_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z][\w -]{0,40}?)\s*:\s*(.*)$")
_RELATION = re.compile(r"^\W*(amends|amended by|refines|refined by|clarifies|clarified by|"
                       r"relates to|related to|extends|extended by|see also)\b", re.I)


@dataclass
class Metadata:
    """What an ADR says about itself, before normalisation of the date."""

    status: Status | None = None
    date: Any = None
    has_date: bool = False
    title: str | None = None
    format: str = "unknown"
    supersedes: list[str] = field(default_factory=list)
    superseded_by: str | None = None
    warnings: list[str] = field(default_factory=list)


def metadata(outline: Outline) -> Metadata:
    """Status, date, title, links and format, each from the first place that states it:
    front matter, then `Key: value` lines and tables above the first section, then the
    Status and Date sections."""
    found = Metadata()
    fields: dict[str, tuple[Any, str | None]] = {}
    if outline.front_matter is not None:
        front, found.warnings = front_matter(outline.front_matter)
        for key, value in front.items():
            fields.setdefault(FIELD_NAMES.get(key, key), (value, None))
        found.title = plain_value(front.get("title")) or None
    listed = _key_values(outline.section(PREAMBLE) + outline.section("status"))
    tabled = _table_fields(outline.tables.get(PREAMBLE, []) + outline.tables.get("status", []))
    for source in (listed, tabled, _date_section(outline)):
        for key, value in source.items():
            fields.setdefault(key, value)
    if "status" in fields:
        raw, link = fields["status"]
        if link is None:  # a front-matter or table value is still Markdown
            raw, link = inline_markdown(plain_value(raw))
        found.status = normalise_status(raw, link)
    else:
        found.status = _status_section(outline.section("status"))
    if "date" in fields:
        found.date, found.has_date = fields["date"][0], True
    found.format = _format(outline)
    _links(outline, found)
    return found


def front_matter(text: str) -> tuple[dict[str, Any], list[str]]:
    """The front matter's keys (lowercase) and values; YAML when it parses, else `key: value`
    lines, with a warning."""
    data = _yaml_mapping(text)
    if isinstance(data, dict):
        return {str(k).strip().lower(): v for k, v in data.items()}, []
    if data is None and not text.strip():
        return {}, []
    lines: dict[str, Any] = {}
    for line in text.splitlines():
        found = _FRONT_MATTER_LINE.match(line)
        if found:
            lines.setdefault(found.group(1).strip().lower(), unwrap(found.group(2)))
    return lines, ["the front matter is not a YAML mapping; read it line by line"]


def _yaml_mapping(text: str) -> Any:
    """The front matter as YAML, unless it is too large, too nested or uses aliases: PyYAML
    takes seconds on a few thousand nested brackets, and aliases can multiply a small text."""
    if len(text) > MAX_FRONT_MATTER or text.count("[") + text.count("{") > MAX_BRACKETS:
        return None
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, yaml.SafeLoader)):
            return None
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError):
        return None  # ValueError: a timestamp outside the calendar, such as `date: 0000-00-00`


def _key_values(lines: list[Line]) -> dict[str, tuple[Any, str | None]]:
    fields: dict[str, tuple[Any, str | None]] = {}
    for line in lines:
        pair = _key_value(line.text)
        if pair:
            fields.setdefault(pair[0], (pair[1], line.link))
    return fields


def _key_value(text: str) -> tuple[str, str] | None:
    """`Status: accepted` -> (`status`, `accepted`) when the key names a metadata field."""
    found = _KEY_VALUE.match(text)
    key = FIELD_NAMES.get(found.group(1).strip().lower()) if found else None
    return (key, found.group(2).strip()) if found and key else None


def _table_fields(tables: list[list[list[str]]]) -> dict[str, tuple[Any, str | None]]:
    """`| Status | Accepted |` rows, or a header row naming the fields above a row of values."""
    fields: dict[str, tuple[Any, str | None]] = {}
    for table in tables:
        firsts = [FIELD_NAMES.get(section_key(row[0])) if len(row) > 1 else None for row in table]
        if any(firsts[1:]):
            pairs = [(key, row[1]) for key, row in zip(firsts, table, strict=True)]
        elif len(table) > 1:
            keys = [FIELD_NAMES.get(section_key(cell)) for cell in table[0]]
            pairs = list(zip(keys, table[1], strict=False))
        else:
            pairs = []
        for key, value in pairs:
            if key:
                fields.setdefault(key, (value, None))
    return fields


def _date_section(outline: Outline) -> dict[str, tuple[Any, str | None]]:
    lines = outline.section("date")
    return {"date": (lines[0].text, None)} if lines else {}


def _status_section(lines: list[Line]) -> Status | None:
    """adr-tools' Status section: the first line states the status; `Superseded by [..]`
    makes it superseded; `Supersedes`, `Amends` and other link lines are not the status."""
    stated: Status | None = None
    successor: str | None = None
    for line in lines:
        if SUPERSEDES.match(line.text) or _RELATION.match(line.text) or _key_value(line.text):
            continue
        status = normalise_status(line.text, line.link)
        if status.value == "superseded" and status.superseded_by:
            successor = successor or status.superseded_by
        stated = stated or status
    if successor:
        return Status("superseded", successor)
    return stated


def _format(outline: Outline) -> str:
    if outline.front_matter is not None:
        return "madr"
    if any(line.in_list and _key_value(line.text) for line in outline.section(PREAMBLE)):
        return "madr-2"
    if "status" in outline.lines:
        return "nygard"
    if _table_fields(outline.tables.get(PREAMBLE, [])):
        return "table"
    if any(_key_value(line.text) for line in outline.section(PREAMBLE)):
        return "plain"
    if MADR_SECTIONS & set(outline.lines):
        return "madr"
    return "unknown"


def _links(outline: Outline, found: Metadata) -> None:
    """Supersedes and superseded-by lines, wherever adr-tools, MADR or we put them."""
    for name in LINK_SECTIONS:
        for line in outline.section(name):
            older = SUPERSEDES.match(line.text)
            newer = SUPERSEDED_BY.match(line.text)
            if older:
                ref = reference(older.group(1), line.link)
                if ref and ref not in found.supersedes:
                    found.supersedes.append(ref)
            elif newer and found.superseded_by is None:
                found.superseded_by = reference(newer.group(1), line.link)
    if found.status and found.status.superseded_by:
        found.superseded_by = found.status.superseded_by
