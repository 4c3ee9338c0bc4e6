"""Bundled examples are found beside the packages and named when one is unknown."""

from __future__ import annotations

import pytest

from decisions.bundled import example_folder, example_names, examples_dir
from knowledge.errors import UsageError


def test_the_bundled_examples_are_found():
    assert examples_dir() is not None
    assert "acme-analytics" in example_names()
    assert (example_folder("acme-analytics") / "history.jsonl").is_file()


def test_an_unknown_example_names_the_known_ones():
    with pytest.raises(UsageError) as refused:
        example_folder("acme")
    assert str(refused.value) == f"unknown example 'acme' (examples: {', '.join(example_names())})"
