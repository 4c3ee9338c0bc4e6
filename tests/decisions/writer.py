"""A workspace writer run as a separate process by the reliability tests.

    python -m tests.decisions.writer FOLDER BASE NAME COUNT

Writes COUNT scope overrides whose reason is `NAME-i` (COUNT 0: until killed), each based on
the revision it just read, and prints `landed NAME-i REVISION` once a write has returned, or
`conflict NAME-i` when it was refused as stale.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from decisions.operations import set_scope
from decisions.store import WorkspaceStore
from knowledge.errors import ConflictError
from knowledge.loader import load_knowledge

ASPECTS = ["certificates", "tokens", "tenant-isolation", "logging"]


def main(folder: str, base: str, name: str, count: str) -> None:
    kb = load_knowledge(base=Path(base))
    store = WorkspaceStore(folder)
    print("ready", flush=True)
    steps = range(int(count)) if int(count) else itertools.count()
    for i in steps:
        reason = f"{name}-{i}"
        workspace = store.load()
        try:
            written = store.apply(workspace.revision, lambda w, i=i, reason=reason: set_scope(
                kb, w, ASPECTS[i % len(ASPECTS)], bool(i % 2), reason), name, "cli")
        except ConflictError:
            print(f"conflict {reason}", flush=True)
        else:
            print(f"landed {reason} {written.revision}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
