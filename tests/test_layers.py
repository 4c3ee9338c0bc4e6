"""Layers point one way; nothing under knowledge/, decisions/ or exporters/ imports streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = [p for package in ("knowledge", "decisions", "exporters")
          for p in sorted((ROOT / package).rglob("*.py"))]
ORDER = {"knowledge": 0, "decisions": 1, "exporters": 2, "ui": 3}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_there_are_domain_modules_to_check():
    assert len(DOMAIN) >= 5


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_module_does_not_import_streamlit(path):
    assert "streamlit" not in _imports(path)


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_module_imports_only_lower_layers(path):
    own = ORDER[path.relative_to(ROOT).parts[0]]
    higher = {name for name in _imports(path) if ORDER.get(name, -1) > own}
    assert not higher, f"{path.name} imports a higher layer: {sorted(higher)}"


def test_networkx_stays_inside_the_analysis_modules():
    users = {p.relative_to(ROOT).as_posix() for p in DOMAIN if "networkx" in _imports(p)}
    assert all(u.startswith("decisions/") for u in users), users
