"""Helpers shared by the command modules: workspace location, knowledge base, output."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from decisions.workspace import Workspace
from knowledge.catalog import KnowledgeBase
from knowledge.errors import UsageError
from knowledge.loader import load_knowledge

WORKSPACE_ENV = "SKELETON_WORKSPACE"
DEFAULT_WORKSPACE = "workspace"


def add_workspace_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-w", "--workspace", metavar="DIR",
                        help=f"workspace folder (default: ${WORKSPACE_ENV}, "
                             f"else ./{DEFAULT_WORKSPACE})")


def workspace_dir(args: argparse.Namespace) -> Path:
    """-w DIR, else $SKELETON_WORKSPACE, else ./workspace."""
    chosen = getattr(args, "workspace", None) or os.environ.get(WORKSPACE_ENV) or DEFAULT_WORKSPACE
    return Path(chosen)


def login_name(fallback: str) -> str:
    """The operating system's login name; `fallback` where there is none (no passwd entry)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return fallback


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def open_workspace(args: argparse.Namespace) -> tuple[KnowledgeBase, Workspace, Any]:
    """The workspace named by -w/$SKELETON_WORKSPACE, with its knowledge base (base + packs).

    Cycles a pack brings in are kept for the analysis to report rather than failing the load."""
    from decisions.store import WorkspaceStore

    store = WorkspaceStore(workspace_dir(args))
    workspace = store.load()
    root = store.folder
    packs = [str(root / p) if not Path(p).is_absolute() else p for p in workspace.packs]
    return load_knowledge(packs, allow_cycles=True), workspace, store


def emit(text: str, output: str | None) -> None:
    """Print `text`, or write it to `output` and say so; a path that cannot be written is a
    UsageError with the reason."""
    if not output:
        print(text, end="")
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    print(f"wrote {output}")
