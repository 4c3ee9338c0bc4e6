"""The outline keeps what the importer reads from markdown-it-py's tokens: title, sections,
lines with their links, tables and HTML comments."""

from __future__ import annotations

from exporters.adr_outline import inline_lines, markdown, outline, section_key


def test_outline_keeps_title_sections_and_each_lines_own_link():
    parts = outline("<!-- c -->\n# Title\n\n## 2. Status ✅\n\nSee [a](a.md)\nthen plain\n")
    assert parts.title == "Title"
    assert parts.comments == ["<!-- c -->\n"]
    assert [(line.text, line.link) for line in parts.section("status")] == [
        ("See a", "a.md"), ("then plain", None)]


def test_inline_lines_undo_escapes_and_drop_html():
    tokens = markdown().parseInline("\\# a <b>bold</b> `code`\nnext")[0].children
    assert inline_lines(tokens) == [("# a bold code", None), ("next", None)]


def test_section_key_is_the_headings_words():
    assert section_key("2. Decision Outcome 🎯") == "decision outcome"
