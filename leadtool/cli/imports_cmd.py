"""`leadtool imports list|show|rejects|undo`: what was imported, and taking an import back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from leadtool.cli.context import open_from
from leadtool.cli.errors import handle_errors
from leadtool.cli.options import JsonOpt
from leadtool.cli.output import err, plural, print_json, print_table, show
from leadtool.cli.render_history import words

app = typer.Typer(
    help="See past imports, write one's rejected rows again, or undo one.", no_args_is_help=True
)


@app.command("list")
def list_command(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """List every import with its counts.

    \b
    Example: leadtool imports list
    """
    from leadtool.imports.history import list_imports

    with handle_errors():
        store = open_from(ctx)
        rows = list_imports(store)
        if json_:
            print_json(rows)
            return
        table = Table("id", "kind", "file", "source", "when", "status", "rows", "new", "rejected")
        for r in rows:
            table.add_row(
                str(r["id"]),
                r["kind"],
                r["file_name"],
                r["source"] or "",
                r["started_at"],
                r["status"],
                f"{r['rows_read']:,}",
                f"{r['new']:,}",
                f"{r['rejected']:,}",
            )
        print_table(table)


@app.command("show")
def show_command(
    ctx: typer.Context,
    import_id: Annotated[int, typer.Argument(metavar="ID", help="The import's id.")],
    json_: JsonOpt = False,
) -> None:
    """Show one import: file, source, options, column mapping and counts.

    \b
    Example: leadtool imports show 3
    """
    from leadtool.imports.history import show_import

    with handle_errors():
        batch = show_import(open_from(ctx), import_id)
        if json_:
            print_json(batch)
            return
        for key, value in batch.items():
            if key not in ("mapping", "options"):
                show(f"{key}: {words(value)}")
        show("options:")
        for key, value in batch["options"].items():
            show(f"  {key}: {words(value)}")
        show("mapping:")
        for column, field in batch["mapping"]:
            show(f"  {column} -> {field}")


@app.command("rejects")
def rejects_command(
    ctx: typer.Context,
    import_id: Annotated[int, typer.Argument(metavar="ID", help="The import's id.")],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FILE", help="The CSV file to write.", show_default=False
        ),
    ],
) -> None:
    """Write an import's rejected rows, each with its row number and reason, to a CSV file.

    \b
    Example: leadtool imports rejects 3 -o rejects.csv
    """
    from leadtool.imports.history import write_import_rejects

    with handle_errors():
        rows = write_import_rejects(open_from(ctx), import_id, output)
        err.print(
            f"Wrote {plural(rows, 'rejected row')} of import {import_id} to {output}", markup=False
        )


@app.command("undo")
def undo_command(
    ctx: typer.Context,
    import_id: Annotated[int, typer.Argument(metavar="ID", help="The import's id.")],
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Even if people it brought were changed, tagged or exported since."
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Undo an import: remove what it added and put back what it changed.

    \b
    Example: leadtool imports undo 3
    """
    from dataclasses import asdict

    from leadtool.imports.history import undo_import

    with handle_errors():
        result = undo_import(open_from(ctx), import_id, force=force)
        if json_:
            print_json(asdict(result))
            return
        err.print(
            f"Undid import {import_id}: removed {plural(result.removed, 'person', 'people')}, "
            f"put back {plural(result.reverted, 'updated person', 'updated people')}, "
            f"unlinked {plural(result.unlinked, 'matched person', 'matched people')}, "
            f"removed {plural(result.rejects_removed, 'rejected row')}.",
            markup=False,
        )
        if result.events:
            err.print(
                f"Removed {plural(result.events, 'activity event')} it had stored.", markup=False
            )
        if result.unmerged:
            err.print(f"Restored {plural(result.unmerged, 'merge')} it had made.", markup=False)
        if result.kept:
            err.print(
                f"Kept {plural(result.kept, 'person', 'people')} it created because later "
                "imports also brought them; this import is no longer among their sources.",
                markup=False,
            )
