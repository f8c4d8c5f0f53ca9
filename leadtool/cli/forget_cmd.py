"""`leadtool forget`: erase a person for good, keeping only keyed hashes."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from leadtool.cli.context import open_from
from leadtool.cli.errors import handle_errors
from leadtool.cli.output import err, plural, print_json
from leadtool.errors import EXIT_FAILED, UsageError


def forget_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(metavar="WHO", help="An id, email or phone.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Erase a person and their personal data everywhere in the store; imports refuse them after.

    \b
    Example: leadtool forget jane.doe@example.com --yes
    """
    from leadtool.config import default_region
    from leadtool.forget import find, forget

    with handle_errors():
        store = open_from(ctx)
        pid = find(store, who, default_region())
        _confirm(pid, yes)
        report = forget(store, pid)
        if not report.wal_emptied:
            err.print(
                "Warning: another leadtool command was reading the store, so its write-ahead "
                "log (-wal file) still holds old pages; the next `leadtool cleanup` empties it.",
                markup=False,
            )
        if json_:
            print_json(report.as_json())
            return
        counts = ", ".join(f"{table} {n:,}" for table, n in report.erased.items() if n)
        err.print(
            f"Forgot person {report.person_id}: erased rows: {counts}. Kept "
            f"{plural(report.hashes, 'keyed hash', 'keyed hashes')} so that imports refuse this "
            "person.",
            markup=False,
        )


def _confirm(pid: int, yes: bool) -> None:
    if yes:
        return
    if not interactive():
        raise UsageError("forget erases for good; add --yes to confirm without a terminal")
    if not typer.confirm(f"Erase person {pid} and all their data for good?", err=True):
        err.print("Nothing was erased.")
        raise typer.Exit(EXIT_FAILED)


def interactive() -> bool:
    """True when someone at a terminal can answer the confirmation."""
    return sys.stdin.isatty()
