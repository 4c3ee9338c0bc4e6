"""Look-ups suggest the closest id when one is mistyped."""

from __future__ import annotations

import pytest

from decisions.lookup import suggestion


@pytest.mark.parametrize(("wrong", "text"), [
    ("tokns", " (did you mean 'tokens'?)"),
    ("identity", ""),
])
def test_suggestion_offers_a_close_id(wrong, text):
    assert suggestion(wrong, ["tokens", "logging"]) == text
