"""The benchmark's synthetic bases are valid and proportional; its report counts targets."""

from __future__ import annotations

from benchmarks.run import Figure, report
from benchmarks.synthetic import half_decided, write_synthetic_base
from decisions.findings import analyse
from knowledge.loader import load_knowledge


def test_synthetic_base_validates_with_proportional_content(tmp_path):
    kb = load_knowledge(base=write_synthetic_base(tmp_path / "kb", 200))
    counts = kb.counts()
    assert counts["aspects"] == 200
    assert 1.3 <= counts["decisions"] / 200 <= 2.0
    assert 3.5 <= counts["options"] / counts["decisions"] <= 4.5
    assert 0.4 <= counts["rules"] / 200 <= 1.0


def test_half_decided_workspace_decides_about_half_and_has_findings(tmp_path):
    kb = load_knowledge(base=write_synthetic_base(tmp_path / "kb", 200))
    ws = half_decided(kb)
    points = kb.counts()["decisions"]
    assert 0.4 * points <= len(ws.decisions) <= 0.6 * points
    assert analyse(kb, ws)


def test_report_ends_with_the_count_of_targets_met():
    figures = [Figure("shipped", "load", 0.1, 0.3), Figure("shipped", "analysis", 0.05, 0.02),
               Figure("shipped", "export", 0.2),
               Figure("shipped", "P50", 30, 26, unit="weeks", floor=16)]
    text = report(figures, "quick")
    assert text.rstrip().splitlines()[-1] == "targets: 1/3 met"
    assert "| shipped | analysis | 0.0500 | < 0.02 | NO |" in text
    assert "| shipped | P50 | 30.0 weeks | 16 to < 26 weeks | NO |" in text


def test_growth_is_reported_between_500_and_2000_aspects():
    figures = [Figure("500", "load", 0.5), Figure("2000", "load", 2.1)]
    assert "| load | 4.2x for 4x the aspects |" in report(figures, "full")
