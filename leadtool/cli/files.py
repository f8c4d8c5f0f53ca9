"""Importing several files in one command: each in turn, the next after a failure.

Owns `import_each`, shared by `leadtool import` and `leadtool activity import`: each file is
imported by the command's own function, which returns "imported", "failed" or "usage" (the
options fit no file of this kind) after saying why, or another status of its own (a dry run,
a file imported before). The exit code says how it went: 0, 3 when some files failed, 1 when
all did, 2 when the options fitted none. Ctrl-C after some files were imported says that
they stay imported (each file is its own transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from leadtool.cli.errors import exit_interrupted
from leadtool.cli.output import plural
from leadtool.errors import EXIT_FAILED, EXIT_PARTIAL, EXIT_USAGE

FAILED_STATUSES = frozenset({"failed", "usage"})


def import_each(files: list[Path], import_one: Callable[[Path], str]) -> None:
    """Import every file with `import_one`, then exit with the code the statuses call for."""
    statuses: list[str] = []
    for path in files:
        try:
            statuses.append(import_one(path))
        except KeyboardInterrupt as exc:
            imported = statuses.count("imported")
            if not imported:
                raise
            kept = plural(imported, "file imported before it", "files imported before it")
            exit_interrupted(exc, f"{path.name} was not imported; the {kept} stay imported")
    if statuses and set(statuses) == {"usage"}:
        raise typer.Exit(EXIT_USAGE)
    failed = sum(status in FAILED_STATUSES for status in statuses)
    if failed:
        raise typer.Exit(EXIT_PARTIAL if failed < len(files) else EXIT_FAILED)
