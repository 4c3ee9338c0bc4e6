"""`skeleton adr export|import`: write the decisions as ADRs; read an existing ADR folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from decisions import operations
from decisions.history import Change
from decisions.workspace import Workspace
from exporters.adr_export import FORMATS
from exporters.adr_folder import export_to_folder
from exporters.adr_import import AdrRecord, import_folder
from ui.commands import common
from ui.commands.common import add_workspace_option, print_json
from ui.commands.workspace import who


def register(commands: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands."""
    adr = commands.add_parser("adr", help="export decisions as ADRs; import an ADR folder")
    sub = adr.add_subparsers(dest="adr_command", metavar="ACTION", parser_class=type(adr))
    sub.required = True

    export = sub.add_parser("export", help="write one ADR per decision, and a README index",
                            description="Write one ADR per recorded decision into the folder "
                                        "(or the one its .adr-dir names), keeping the numbers "
                                        "of ADRs already there; unchanged files are not "
                                        "touched.")
    add_workspace_option(export)
    export.add_argument("--out", required=True, metavar="DIR", help="the ADR folder")
    export.add_argument("--format", choices=list(FORMATS), default="madr",
                        help="MADR 4 (default) or the adr-tools (Nygard) layout")
    export.set_defaults(func=run_export)

    reader = sub.add_parser("import", help="read an existing ADR folder",
                            description="Read every ADR in the folder: number, title, status, "
                                        "date, supersession, format and warnings. With -w, "
                                        "keep them in the workspace as existing decisions.")
    reader.add_argument("folder", metavar="DIR")
    reader.add_argument("--json", action="store_true", help="a JSON list, one object per file")
    add_workspace_option(reader)
    reader.add_argument("--by", metavar="NAME", help="who imports (default: $SKELETON_USER, "
                                                     "else your login name)")
    reader.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    kb, workspace, _ = common.open_workspace(args)
    result = export_to_folder(kb, workspace, Path(args.out), args.format)
    counts: dict[str, int] = {}
    for written in result.written:
        counts[written.action] = counts.get(written.action, 0) + 1
    summary = ", ".join(f"{n} {action}" for action, n in counts.items())
    print(f"{result.folder} ({args.format}): {summary}")
    for written in result.written:
        print(f"  {written.action:<9}  {written.file}")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    records = import_folder(Path(args.folder))
    if args.json:
        print_json([record.to_json() for record in records])
    else:
        _print_records(records)
    if args.workspace:
        _keep(args, records)
    return 0


def _print_records(records: list[AdrRecord]) -> None:
    for record in records:
        number = "-" if record.number is None else str(record.number)
        date = record.date.isoformat() if record.date else "-"
        print(f"{number:>5}  {record.status:<10}  {date:<10}  {record.title}  ({record.file})")
        for warning in record.warnings:
            print(f"       warning: {warning}")
    troubled = sum(1 for r in records if r.warnings)
    print(f"{len(records)} ADRs read, {troubled} with warnings")


def _keep(args: argparse.Namespace, records: list[AdrRecord]) -> None:
    """Add the readable records to the workspace through the store."""
    kb, workspace, store = common.open_workspace(args)
    readable = [r for r in records if r.format != "unreadable"]
    imported = [r.to_imported(kb.aspects) for r in readable]
    made: list[Change] = []

    def change_fn(current: Workspace) -> tuple[Workspace, list[Change]]:
        new, changes = operations.add_imported(kb, current, imported)
        made[:] = changes
        return new, changes

    written = store.apply(workspace.revision, change_fn, who(args), "cli")
    skipped = len(records) - len(readable)
    note = f"; {skipped} unreadable files skipped" if skipped else ""
    if made:
        print(f"{len(made)} ADRs kept in the workspace (revision {written.revision}){note}")
    else:
        print(f"the workspace already holds these ADRs (revision {written.revision}){note}")
