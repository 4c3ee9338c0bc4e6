"""Commands of this capability (registered by ui/cli.py)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands."""
