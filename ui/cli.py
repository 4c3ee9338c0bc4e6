"""The `skeleton` command line: a thin shell over the domain; every failure is one clear line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from knowledge.errors import SkeletonError, UsageError
from ui.commands import adr, analysis, kb, plan, workspace


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of printing usage and exiting with 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="skeleton", description="Plan, decide and track a walking skeleton.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for module in (kb, workspace, analysis, plan, adr):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (0 ok, 1 refused or failed)."""
    try:
        args = build_parser().parse_args(argv)
        return int(args.func(args) or 0)
    except SkeletonError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except SystemExit as exc:  # --help printed the usage; return its code like any command
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
