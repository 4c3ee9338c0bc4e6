"""`skeleton kb validate|list|show` on the shipped base and on broken packs."""

from __future__ import annotations

import json

from tests.knowledge.kbfactory import aspect_text, line_of
from ui.cli import main


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_json_reports_the_shipped_base_size(capsys):
    code, out, _ = _run(capsys, "kb", "validate", "--json")
    counts = json.loads(out)
    assert code == 0
    assert set(counts) == {"categories", "aspects", "decisions", "options", "rules"}
    assert counts["aspects"] >= 81 and counts["decisions"] >= 120
    assert counts["options"] >= 330 and counts["rules"] >= 60


def test_validate_prints_a_one_line_summary(capsys):
    code, out, _ = _run(capsys, "kb", "validate")
    assert code == 0
    assert out.startswith("knowledge base is valid: 10 categories, ")
    assert len(out.strip().splitlines()) == 1


def test_validate_reports_a_broken_pack_with_file_and_line(tmp_path, capsys):
    text = aspect_text("extra").replace("title:", "colour: red\ntitle:")
    pack = tmp_path / "pack" / "identity"
    pack.mkdir(parents=True)
    (pack / "extra.yaml").write_text(text)
    code, out, err = _run(capsys, "kb", "validate", "--pack", str(tmp_path / "pack"))
    line, column = line_of(text, "colour")
    assert code == 1
    expected = f"{pack / 'extra.yaml'}:{line}:{column}: colour: unknown key"
    assert err.strip().splitlines() == [expected]


def test_validate_json_lists_the_errors_of_a_broken_pack(tmp_path, capsys):
    pack = tmp_path / "pack" / "identity"
    pack.mkdir(parents=True)
    (pack / "extra.yaml").write_text(aspect_text("extra", requires="ghost"))
    code, out, _ = _run(capsys, "kb", "validate", "--json", "--pack", str(tmp_path / "pack"))
    assert code == 1
    assert json.loads(out)["errors"][0].endswith("requires[0]: unknown aspect 'ghost'")


def test_list_json_has_every_aspect_in_base_order(capsys):
    code, out, _ = _run(capsys, "kb", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and len(listed) >= 81
    assert {"id", "title", "category", "requires"} <= set(listed[0])
    assert listed[0]["category"] == "identity"


def test_show_json_has_the_documented_shape(capsys):
    code, out, _ = _run(capsys, "kb", "show", "token-management", "--json")
    shown = json.loads(out)
    assert code == 0
    assert shown["id"] == "token-management"
    assert "certificate-management" in shown["requires"]
    point = next(d for d in shown["decisions"] if any(o["id"] == "eddsa" for o in d["options"]))
    assert {"id", "question", "options"} <= set(point)
    eddsa = next(o for o in point["options"] if o["id"] == "eddsa")
    assert eddsa["recommended"] is True and eddsa["label"]


def test_show_text_lists_decision_points_and_the_checklist(capsys):
    code, out, _ = _run(capsys, "kb", "show", "token-management")
    assert code == 0
    assert "token-management.signing-algorithm:" in out
    assert "(recommended)" in out and "Done when:" in out


def test_show_unknown_aspect_is_one_clear_line(capsys):
    code, out, err = _run(capsys, "kb", "show", "tokens")
    assert code == 1 and out == ""
    assert err == "error: unknown aspect 'tokens' (see `skeleton kb list`)\n"
