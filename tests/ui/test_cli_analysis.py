"""`skeleton check|order|graph` on the bundled example: a CI gate, the walk order, the DOT."""

from __future__ import annotations

import json

import pytest

from ui.cli import main

CONFLICT = ("data-engineering.pii-handling=plaintext-copy", "gdpr-pii.key-granularity=per-end-user")
FINDING = "rule:data-engineering.pii-handling=plaintext-copy#2"


@pytest.fixture
def workspace(tmp_path, capsys):
    folder = tmp_path / "ws"
    assert main(["init", "-w", str(folder), "--example", "acme-analytics"]) == 0
    capsys.readouterr()
    return str(folder)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_passes_the_example_at_error_and_fails_it_at_warning(workspace, capsys):
    assert _run(capsys, "check", "-w", workspace)[0] == 0
    assert _run(capsys, "check", "-w", workspace, "--fail-on", "warning")[0] == 1


def test_check_json_lists_findings_with_the_documented_keys(workspace, capsys):
    code, out, _ = _run(capsys, "check", "-w", workspace, "--json")
    findings = json.loads(out)
    assert code == 0 and findings
    for finding in findings:
        assert {"id", "severity", "kind", "aspects", "message", "resolution"} <= set(finding)


def test_a_conflicting_choice_fails_the_gate_until_it_is_resolved(workspace, capsys):
    for choice in CONFLICT:
        assert _run(capsys, "decide", "-w", workspace, choice, "--by", "Ana")[0] == 0
    code, out, _ = _run(capsys, "check", "-w", workspace, "--json")
    assert code == 1
    assert FINDING in {f["id"] for f in json.loads(out)}
    assert _run(capsys, "decide", "-w", workspace,
                "data-engineering.pii-handling=pseudonymise", "--by", "Ana")[0] == 0
    code, out, _ = _run(capsys, "check", "-w", workspace, "--json")
    assert FINDING not in {f["id"] for f in json.loads(out)}


def test_check_groups_findings_by_severity(workspace, capsys):
    _, out, _ = _run(capsys, "check", "-w", workspace)
    assert out.startswith("WARNING (")
    assert "      fix: " in out


def test_order_json_respects_prerequisites_and_names_the_frontier(workspace, capsys):
    code, out, _ = _run(capsys, "order", "-w", workspace, "--json")
    result = json.loads(out)
    order = result["order"]
    assert code == 0
    assert order.index("certificate-management") < order.index("token-management")
    assert set(result["frontier"]) <= set(order)


def test_graph_writes_dot_for_one_neighbourhood(workspace, capsys, tmp_path):
    target = tmp_path / "g.dot"
    code, out, _ = _run(capsys, "graph", "-w", workspace, "--aspect", "token-management",
                        "-o", str(target))
    dot = target.read_text()
    assert code == 0 and out == f"wrote {target}\n"
    assert dot.startswith("digraph skeleton {")
    assert '"certificate-management" -> "token-management";' in dot
    assert '"billing" [' not in dot


def test_graph_refuses_an_unknown_aspect(workspace, capsys):
    code, _, err = _run(capsys, "graph", "-w", workspace, "--aspect", "nope")
    assert code == 1 and err == "error: unknown aspect 'nope' (see `skeleton kb list`)\n"


def test_check_on_a_missing_workspace_is_one_clear_line(tmp_path, capsys):
    code, out, err = _run(capsys, "check", "-w", str(tmp_path / "nowhere"))
    assert code == 1 and out == ""
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
