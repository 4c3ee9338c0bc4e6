"""User text placed in Markdown and YAML renders as the same words and never as structure."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from exporters.adr_outline import inline_lines, markdown
from exporters.markdown_safe import (
    SLUG_LENGTH,
    bullets,
    clean_line,
    inline,
    link,
    paragraphs,
    slug,
    yaml_string,
)

MD = markdown()

# Text that stresses Markdown: every ASCII punctuation mark, digits, control and
# line-separator characters, NBSP, bidi controls, emoji, and any other code point.
MARKUP = st.text(
    st.one_of(st.sampled_from(list("\\`*_[]()<>|#~$!&;:=-+.'\"{}/ 0123456789aZ\n\t\r\x00\x1b"
                                   "\x85\xa0\u2028\u202e\ufeff\U0001f600")),
              st.characters()),
    max_size=40)


def _types(source: str) -> list[str]:
    return [token.type for token in MD.parse(source)]


def _plain(source: str) -> str:
    inlines = [t for t in MD.parse(source) if t.type == "inline"]
    return "\n".join(line for t in inlines for line, _ in inline_lines(t.children or []))


@settings(max_examples=400, deadline=None)
@given(MARKUP)
def test_inline_text_is_one_paragraph_of_the_same_words(text):
    line = inline(text)
    if not clean_line(text):
        assert line == ""
        return
    assert _types(line) == ["paragraph_open", "inline", "paragraph_close"]
    assert _plain(line) == clean_line(text)


@settings(max_examples=300, deadline=None)
@given(MARKUP)
def test_heading_text_stays_one_heading(text):
    if not clean_line(text):
        return
    source = f"# {inline(text, line_start=False)}"
    assert _types(source) == ["heading_open", "inline", "heading_close"]
    assert _plain(source) == clean_line(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKUP, min_size=1, max_size=4))
def test_bullets_stay_one_flat_list(items):
    lines = bullets(items)
    kept = [clean_line(i) for i in items if clean_line(i)]
    if not kept:
        assert lines == []
        return
    types = _types("\n".join(lines))
    assert types.count("list_item_open") == len(kept)
    assert types.count("bullet_list_open") == 1
    assert set(types) == {"bullet_list_open", "list_item_open", "paragraph_open", "inline",
                          "paragraph_close", "list_item_close", "bullet_list_close"}
    assert _plain("\n".join(lines)).split("\n") == kept


@settings(max_examples=300, deadline=None)
@given(MARKUP)
def test_paragraphs_add_only_paragraphs(text):
    source = "\n\n".join(paragraphs(text))
    assert set(_types(source)) <= {"paragraph_open", "inline", "paragraph_close"}
    expected = [clean_line(line) for line in text.splitlines() if clean_line(line)]
    assert [line for line in _plain(source).split("\n") if line] == expected


@settings(max_examples=300, deadline=None)
@given(MARKUP)
def test_yaml_string_loads_back_as_the_cleaned_text(text):
    assert yaml.safe_load(f"key: {yaml_string(text)}") == {"key": clean_line(text)}


@settings(max_examples=300, deadline=None)
@given(MARKUP)
def test_slug_is_lowercase_ascii_words_joined_by_dashes(text):
    made = slug(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", made)
    assert len(made) <= SLUG_LENGTH or "-" not in made[:SLUG_LENGTH]


@pytest.mark.parametrize(("text", "expected"), [
    ("Token management: EdDSA (Ed25519)", "token-management-eddsa-ed25519"),
    ("../../etc/passwd", "etc-passwd"),
    ("Überprüfung der Schlüssel", "uberprufung-der-schlussel"),
    ("<script>alert(1)</script>", "script-alert-1-script"),
    ("日本語", "decision"),
    ("a" * 70, "a" * SLUG_LENGTH),
    ("word " * 20, "word-word-word-word-word-word-word-word-word-word-word-word"),
])
def test_slug_examples(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("# Owned", "\\# Owned"),
    ("- item", "\\- item"),
    ("1. item", "1\\. item"),
    ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
    ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
    ("snake_case and _emphasis_", "snake_case and \\_emphasis\\_"),
    ("R&D &amp; more", "R&D \\&amp; more"),
    ("costs $5 to $6", "costs \\$5 to \\$6"),
    ("a\x00b\nc\u202ed", "a b cd"),
    ("line one\n---", "line one ---"),
])
def test_inline_escapes_only_what_can_become_markup(text, expected):
    assert inline(text) == expected


def test_link_text_is_escaped_and_target_percent_encoded():
    assert link("1. A [b]", "0001-a b(c).md") == "[1. A \\[b\\]](0001-a%20b%28c%29.md)"
    assert link("RFC", "https://example.com/a?b=c#d") == "[RFC](https://example.com/a?b=c#d)"
