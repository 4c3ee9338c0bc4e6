"""The parts of an ADR that carry its metadata, read from markdown-it-py's token stream."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

PREAMBLE = ""
"""The section key of everything before the first level-2 heading."""

_NON_LETTERS = re.compile(r"[^a-z]+")


def markdown() -> MarkdownIt:
    """The parser used to read ADRs and to check exported ones: CommonMark with GitHub's
    tables and strikethrough, and YAML front matter."""
    return MarkdownIt("commonmark").use(front_matter_plugin).enable(["table", "strikethrough"])


_PARSER = markdown()


@dataclass(frozen=True)
class Line:
    """One line of a paragraph, as plain text, with the target of its first link."""

    text: str
    link: str | None
    in_list: bool


@dataclass
class Outline:
    """Front matter, title, and the lines and tables of each level-2 section."""

    front_matter: str | None = None
    title: str | None = None
    headings: list[tuple[int, str]] = field(default_factory=list)
    lines: dict[str, list[Line]] = field(default_factory=dict)
    tables: dict[str, list[list[list[str]]]] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    def section(self, name: str) -> list[Line]:
        return self.lines.get(name, [])


def section_key(heading: str) -> str:
    """`## 2. Status ✅` -> `status`: the heading's words, lowercase."""
    return _NON_LETTERS.sub(" ", heading.lower()).strip()


def outline(text: str) -> Outline:
    """Walk the token stream once and keep what the importer needs."""
    walker = _Walker()
    for token in _PARSER.parse(text):
        handler = getattr(walker, "on_" + token.type, None)
        if handler:
            handler(token)
    return walker.result


def inline_lines(tokens: Sequence[Token]) -> list[tuple[str, str | None]]:
    """Each line of inline tokens as plain text (escapes undone, HTML dropped), with the
    target of the first link on that line."""
    lines: list[tuple[str, str | None]] = []
    parts: list[str] = []
    link: str | None = None
    for token in tokens:
        if token.type in ("text", "code_inline", "text_special"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            lines.append(("".join(parts), link))
            parts, link = [], None
        elif token.type == "image":
            parts.append(inline_text(token.children or [])[0])
        elif token.type == "link_open" and link is None:
            link = str(token.attrs.get("href", "")) or None
    lines.append(("".join(parts), link))
    return lines


def inline_text(tokens: Sequence[Token]) -> tuple[str, str | None]:
    """Plain text of inline tokens, lines joined by spaces, and the first link's target."""
    lines = inline_lines(tokens)
    text = " ".join(" ".join(line.split()) for line, _ in lines).strip()
    return text, next((target for _, target in lines if target), None)


def inline_markdown(text: str) -> tuple[str, str | None]:
    """Plain text and first link of a Markdown snippet, such as a front-matter value."""
    tokens = _PARSER.parseInline(text)
    return inline_text(tokens[0].children or []) if tokens else ("", None)


class _Walker:
    """Token handlers: `on_<type>` is called for each token of that type, in order."""

    def __init__(self) -> None:
        self.result = Outline()
        self.section = PREAMBLE
        self.heading_level = 0
        self.list_depth = 0
        self.row: list[str] | None = None
        self.table: list[list[str]] | None = None

    def on_front_matter(self, token: Token) -> None:
        self.result.front_matter = token.content

    def on_html_block(self, token: Token) -> None:
        self.result.comments.append(token.content)

    def on_heading_open(self, token: Token) -> None:
        self.heading_level = int(token.tag[1:])

    def on_heading_close(self, token: Token) -> None:
        self.heading_level = 0

    def on_bullet_list_open(self, token: Token) -> None:
        self.list_depth += 1

    def on_bullet_list_close(self, token: Token) -> None:
        self.list_depth -= 1

    on_ordered_list_open = on_bullet_list_open
    on_ordered_list_close = on_bullet_list_close

    def on_table_open(self, token: Token) -> None:
        self.table = []

    def on_table_close(self, token: Token) -> None:
        if self.table:
            self.result.tables.setdefault(self.section, []).append(self.table)
        self.table = None

    def on_tr_open(self, token: Token) -> None:
        self.row = []

    def on_tr_close(self, token: Token) -> None:
        if self.table is not None and self.row is not None:
            self.table.append(self.row)
        self.row = None

    def on_inline(self, token: Token) -> None:
        if self.heading_level:
            self._heading(inline_text(token.children or [])[0])
        elif self.row is not None:
            self.row.append(inline_text(token.children or [])[0])
        else:
            lines = self.result.lines.setdefault(self.section, [])
            for text, link in inline_lines(token.children or []):
                if text.strip():
                    lines.append(Line(" ".join(text.split()), link, self.list_depth > 0))

    def _heading(self, text: str) -> None:
        self.result.headings.append((self.heading_level, text))
        if self.heading_level == 1 and self.result.title is None:
            self.result.title = text
        elif self.heading_level == 2:
            self.section = section_key(text)
