"""`leadtool merges list` and `leadtool unmerge ID`."""

from __future__ import annotations

from typing import Annotated

import typer

from leadtool.cli.context import open_from
from leadtool.cli.errors import handle_errors
from leadtool.cli.options import JsonOpt
from leadtool.cli.output import err, print_json, print_table, show

app = typer.Typer(help="Merges of two people: by imports and by dedupe.", no_args_is_help=True)


@app.command("list")
def list_command(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Every merge: when, which person was kept, which was merged into it, why, undone or not.

    \b
    Example: leadtool merges list --json
    """
    from leadtool.merges import list_merges

    with handle_errors():
        merges = list_merges(open_from(ctx))
        if json_:
            print_json(merges)
            return
        from rich.table import Table

        table = Table(show_header=True, header_style="bold")
        for column in ("id", "at", "kept", "merged", "by", "reason", "undone"):
            table.add_column(column)
        for m in merges:
            by = f"import {m['batch_id']}" if m["batch_id"] is not None else "dedupe"
            row = (m["id"], m["at"], m["kept_id"], m["merged_id"], by, m["reason"], m["undone_at"])
            table.add_row(*(str(v or "") for v in row))
        if merges:
            print_table(table)
        else:
            show("No merges yet.")


def unmerge_command(
    ctx: typer.Context,
    merge_id: Annotated[
        int, typer.Argument(metavar="ID", help="The merge's id (see `leadtool merges list`).")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Even if the kept person changed since the merge.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Undo a merge: both people back exactly as they were, with sources, tags and history.

    \b
    Example: leadtool unmerge 12
    """
    from dataclasses import asdict

    from leadtool.merges import unmerge

    with handle_errors():
        report = unmerge(open_from(ctx), merge_id, force=force)
        if json_:
            print_json(asdict(report))
            return
        err.print(
            f"Undid merge {report.merge_id}: person {report.kept_id} and person "
            f"{report.restored_id} are apart again, as they were; dedupe will not propose "
            "them again.",
            markup=False,
        )
