"""The shipped knowledge base validates, covers every seed topic, and meets the content bar."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.loader import BASE_DIR, load_knowledge

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "coverage.yaml"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def test_shipped_base_meets_the_size_bar(kb):
    counts = kb.counts()
    assert counts["aspects"] >= 81
    assert counts["decisions"] >= 120
    assert counts["options"] >= 330
    assert counts["rules"] >= 60


def test_every_aspect_file_is_named_after_its_id_in_its_category_folder(kb):
    for aspect in kb.aspects.values():
        path = Path(kb.sources[aspect.id])
        assert (path.parent.name, path.stem) == (aspect.category, aspect.id)


def test_every_aspect_meets_the_content_bar(kb):
    for aspect in kb.aspects.values():
        assert 3 <= len(aspect.checklist) <= 8, aspect.id
        assert aspect.decisions, aspect.id
        assert aspect.effort.likely > 0
        for point in aspect.decisions:
            assert len(point.options) >= 2, f"{aspect.id}.{point.id}"
            for option in point.options:
                where = f"{aspect.id}.{point.id}={option.id}"
                assert len(option.pros) >= 2 and len(option.cons) >= 2, where
                assert not (option.risk and option.id == point.recommended), where


def test_every_kind_of_rule_is_used(kb):
    kinds = {site.rule.kind for site in kb.rules()}
    assert kinds == {"requires-aspect", "requires-option", "forbids-option",
                     "conflicts-with-profile"}


def test_the_seed_recommendations_are_recorded(kb):
    recommended = {f"{a.id}.{p.id}={p.recommended}" for a, p in kb.points() if p.recommended}
    labels = " ".join(kb.option(r).label.lower() for r in recommended)
    for word in ("eddsa", "jwt", "argon2", "opa"):
        assert word in labels, word
    assert "ulid" in labels or "tsid" in labels


def test_token_management_requires_certificate_management(kb):
    assert "certificate-management" in kb.aspect("token-management").requires


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed/coverage.yaml is not beside the repo")
def test_every_seed_topic_has_its_aspect_file():
    topics = yaml.safe_load(SEED.read_text())
    missing = [t["id"] for t in topics if not list(BASE_DIR.glob(f"*/{t['id']}.yaml"))]
    assert missing == []
    assert len(topics) == 81
