"""Shared hypothesis settings and strategies for the hostile-input suite.

CI runs at least 2,000 examples per fuzz target; set FUZZ_EXAMPLES to run more."""

from __future__ import annotations

import os

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = max(2000, int(os.environ.get("FUZZ_EXAMPLES", "2000")))

fuzz = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.dates())
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=6)),
    max_leaves=25)


def as_yaml(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True)


def mutate(text: str, data: st.DataObject) -> str:
    """Delete, duplicate or corrupt a few lines of a valid document."""
    lines = text.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "corrupt", "indent"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "corrupt":
            lines[i] = lines[i][: len(lines[i]) // 2] + data.draw(st.text(max_size=8))
        else:
            lines[i] = "  " + lines[i]
    return "\n".join(lines) + "\n"


hostile_texts = st.one_of(
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
    st.text(max_size=300),
    documents.map(as_yaml),
)
