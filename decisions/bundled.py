"""The example workspaces shipped in examples/, found in a checkout or an installed package."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from knowledge.errors import UsageError

EXAMPLE_FILES = ("workspace.yaml", "history.jsonl")
"""What an example folder holds and `skeleton init --example` copies."""


def examples_dir() -> Path | None:
    """examples/ beside the packages (a checkout or an editable install), else the installed
    `examples` package; None when neither is there."""
    beside = Path(__file__).resolve().parent.parent / "examples"
    if beside.is_dir():
        return beside
    spec = importlib.util.find_spec("examples")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return None


def example_names() -> list[str]:
    folder = examples_dir()
    if folder is None:
        return []
    return sorted(p.name for p in folder.iterdir()
                  if all((p / name).is_file() for name in EXAMPLE_FILES))


def example_folder(name: str) -> Path:
    """The folder of a bundled example; UsageError naming the examples when it is unknown."""
    if name in example_names():
        folder = examples_dir()
        assert folder is not None
        return folder / name
    known = ", ".join(example_names()) or "none are installed"
    raise UsageError(f"unknown example {name!r} (examples: {known})")
