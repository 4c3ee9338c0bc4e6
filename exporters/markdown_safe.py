"""Put user text into Markdown and YAML so that it adds words but never structure."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote

_INVISIBLE = frozenset(
    "\ufeff\ufffe\uffff"  # byte-order mark and the two non-characters YAML readers refuse
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi controls
)
"""Characters dropped outright: they are invisible and can make text read differently."""

_ALWAYS_ESCAPED = frozenset("\\`*[]<>|#~$")
"""Punctuation that can start markup anywhere in a line: emphasis, code, links, HTML, table
cells, closing heading sequences, strikethrough, GitHub's math."""

_LINE_START = frozenset("-+=")
"""Punctuation that makes a list item or a setext underline when it starts a line."""

_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")

_URL_SAFE = ":/?#@!$&*+,;=%-._~"
"""Characters left as they are in a link destination."""

SLUG_LENGTH = 60
"""The longest slug in a file name, cut at a dash."""


def clean_line(text: str) -> str:
    """The text on one line: control characters and line breaks become spaces, invisible
    direction marks and surrogates go, and runs of whitespace collapse to one space."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cs" or char in _INVISIBLE:
            continue
        kept.append(" " if category in ("Cc", "Zl", "Zp") else char)
    return " ".join("".join(kept).split())


def inline(text: str, *, line_start: bool = True) -> str:
    """One line of Markdown that renders exactly as `clean_line(text)`, as plain text. With
    `line_start`, a leading list or setext marker is escaped too (paragraphs, list items);
    headings, link texts and table cells do not need it."""
    line = clean_line(text)
    escaped = []
    for index, char in enumerate(line):
        if char in _ALWAYS_ESCAPED or (line_start and index == 0 and char in _LINE_START):
            escaped.append("\\" + char)
        elif char == "_" and not _intraword(line, index):
            escaped.append("\\_")
        else:
            escaped.append(char)
    result = _ENTITY.sub(r"\\&", "".join(escaped))
    return _ORDERED_MARKER.sub(r"\1\\\2", result, count=1) if line_start else result


def _intraword(line: str, index: int) -> bool:
    """An underscore between two letters or digits can neither open nor close emphasis."""
    return 0 < index < len(line) - 1 and line[index - 1].isalnum() and line[index + 1].isalnum()


def paragraphs(text: str) -> list[str]:
    """The text as Markdown paragraphs: blank lines separate them, each line is escaped."""
    result: list[str] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = inline(raw)
        if line:
            current.append(line)
        elif current:
            result.append("\n".join(current))
            current = []
    if current:
        result.append("\n".join(current))
    return result


def bullets(items: Iterable[str], prefix: str = "") -> list[str]:
    """A Markdown list, one escaped item per line; items that are empty once cleaned go."""
    return [f"* {prefix}{line}" for line in (inline(item) for item in items) if line]


def blocks(*parts: str) -> list[str]:
    """The lines of Markdown blocks, each followed by a blank line; empty blocks go."""
    return [line for part in parts if part for line in (part, "")]


def link(text: str, target: str) -> str:
    """`[text](target)` with the text escaped and the target percent-encoded where a link
    destination needs it (spaces, brackets, quotes, non-ASCII)."""
    return f"[{inline(text, line_start=False)}]({quote(target, safe=_URL_SAFE)})"


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar holding `clean_line(text)`; quotes and `---` stay inside."""
    return json.dumps(clean_line(text), ensure_ascii=False)


def slug(text: str, fallback: str = "decision") -> str:
    """Lowercase ASCII letters and digits joined by single dashes, at most SLUG_LENGTH long."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _SLUG_JUNK.sub("-", ascii_text.lower()).strip("-")
    if len(words) > SLUG_LENGTH:
        cut = words[: SLUG_LENGTH + 1]
        words = cut[: cut.rfind("-")] if "-" in cut else words[:SLUG_LENGTH]
    return words.strip("-") or fallback
