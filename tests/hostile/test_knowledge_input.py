"""Hostile knowledge bases and packs end in KnowledgeError with a message, never anything else."""

from __future__ import annotations

import resource
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.errors import KnowledgeError
from knowledge.loader import load_knowledge
from knowledge.yamlfile import MAX_NODES
from tests.hostile.fuzzing import fuzz, hostile_texts, mutate
from tests.knowledge.kbfactory import aspect_text, write_base

VALID = aspect_text("a")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return write_base(tmp_path_factory.mktemp("base"))


def _load_with(root, name: str, content: str | bytes, packs=()):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    try:
        return load_knowledge(packs, base=root)
    except KnowledgeError as exc:
        assert str(exc).strip(), "an error without a message"
        assert all(p.file for p in exc.problems)
        return None


@fuzz
@given(text=hostile_texts)
def test_any_aspect_file_loads_or_fails_with_a_message(tmp_path_factory, text):
    root = write_base(tmp_path_factory.mktemp("kb"), {})
    _load_with(root, "identity/a.yaml", text.encode("utf-8", "surrogatepass"))


@fuzz
@given(data=st.data())
def test_a_corrupted_valid_aspect_loads_or_fails_with_a_message(tmp_path_factory, data):
    root = write_base(tmp_path_factory.mktemp("kb"), {})
    _load_with(root, "identity/a.yaml", mutate(VALID, data))


@fuzz
@given(text=hostile_texts)
def test_any_categories_file_loads_or_fails_with_a_message(tmp_path_factory, text):
    root = write_base(tmp_path_factory.mktemp("kb"), {})
    _load_with(root, "categories.yaml", text.encode("utf-8", "surrogatepass"))


UNSAFE_TAGS = [
    "!!python/object:os.system {}",
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!binary aGVsbG8=",
    "!custom 1",
]


@pytest.mark.parametrize("tag", UNSAFE_TAGS)
@pytest.mark.parametrize("where", ["base", "pack"])
def test_unsafe_tags_are_refused_in_the_base_and_in_packs(tmp_path, tag, where):
    base = write_base(tmp_path / "base")
    text = VALID.replace("summary: A short summary.", f"summary: {tag}")
    if where == "base":
        target, packs = base, ()
    else:
        target, packs = tmp_path / "pack", (tmp_path / "pack",)
    path = target / "identity" / "a.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(packs, base=base)
    assert str(path) in str(caught.value)
    assert "is not allowed" in str(caught.value)


def billion_laughs(levels: int = 12, width: int = 10) -> str:
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels):
        refs = ", ".join(f"*a{level - 1}" for _ in range(width))
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"summary: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly_and_in_bounded_memory(tmp_path):
    root = write_base(tmp_path, {"identity/a.yaml": billion_laughs()})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(base=root)
    elapsed = time.perf_counter() - started
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert f"more than {MAX_NODES} values" in str(caught.value)
    assert elapsed < 2.0
    assert grown_mib < 100


def test_recursive_alias_is_refused(tmp_path):
    root = write_base(tmp_path, {"identity/a.yaml": "a: &x [*x]\n"})
    with pytest.raises(KnowledgeError, match="alias refers to the value that contains it"):
        load_knowledge(base=root)


def test_deeply_nested_document_is_refused(tmp_path):
    root = write_base(tmp_path, {"identity/a.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n"})
    with pytest.raises(KnowledgeError):
        load_knowledge(base=root)
