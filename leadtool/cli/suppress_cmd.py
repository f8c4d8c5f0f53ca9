"""`leadtool suppress add|list|remove`: the do-not-contact list."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from leadtool.cli.context import open_from
from leadtool.cli.errors import handle_errors
from leadtool.cli.options import JsonOpt
from leadtool.cli.output import err, plural, print_json, print_table, show

app = typer.Typer(help="People who must not be contacted.", no_args_is_help=True)

ReasonHelp = "unsubscribed, bounced, complaint or do-not-contact."


@app.command("add")
def add_command(
    ctx: typer.Context,
    items: Annotated[
        list[str],
        typer.Argument(
            metavar="ITEM...", help="Files (unsubscribe/bounce exports), emails, phones, @domains."
        ),
    ],
    reason: Annotated[
        str, typer.Option(metavar="REASON", help=ReasonHelp, show_default=False)
    ] = "",
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Why, kept with each entry.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Suppress emails, phones or whole domains, from the command line or from export files.

    \b
    Example: leadtool suppress add bounces.csv @rival.com --reason bounced
    """
    from leadtool.config import default_region
    from leadtool.suppression import add

    with handle_errors():
        report = add(open_from(ctx, create=True), items, reason, default_region(), note=note)
        if json_:
            print_json(report.as_json())
            return
        err.print(
            f"Suppressed ({report.reason}): {report.added:,} added, {report.already:,} already "
            f"suppressed, {plural(report.skipped, 'cell')} skipped (no valid email or phone); "
            f"{plural(report.people, 'stored person is', 'stored people are')} now suppressed.",
            markup=False,
        )


@app.command("list")
def list_command(
    ctx: typer.Context,
    reason: Annotated[str | None, typer.Option(metavar="REASON", help=ReasonHelp)] = None,
    removed: Annotated[bool, typer.Option("--all", help="Also show removed entries.")] = False,
    json_: JsonOpt = False,
) -> None:
    """List the suppression list, oldest first.

    \b
    Example: leadtool suppress list --reason bounced --json
    """
    from leadtool.suppression import entries

    with handle_errors():
        rows = entries(open_from(ctx), reason, removed=removed)
        if json_:
            print_json(rows)
            return
        table = Table("id", "kind", "value", "reason", "note", "since", "removed")
        for r in rows:
            cells = (
                r["kind"],
                r["value"],
                r["reason"],
                r["note"],
                r["created_at"],
                r["removed_at"],
            )
            table.add_row(str(r["id"]), *(Text(c or "") for c in cells))
        show(plural(len(rows), "entry", "entries"))
        print_table(table)


@app.command("remove")
def remove_command(
    ctx: typer.Context,
    value: Annotated[
        str,
        typer.Argument(metavar="VALUE", help="The email, phone or @domain to stop suppressing."),
    ],
    json_: JsonOpt = False,
) -> None:
    """Stop suppressing a value; the removal is kept in the list and in people's history.

    \b
    Example: leadtool suppress remove jane@example.com
    """
    from leadtool.config import default_region
    from leadtool.suppression import remove

    with handle_errors():
        report = remove(open_from(ctx), value, default_region())
        if json_:
            print_json(report.as_json())
            return
        err.print(
            f"Removed {_a(report.kind)} suppression ({report.reason}); "
            f"{plural(report.people, 'stored person', 'stored people')}'s history records it.",
            markup=False,
        )


def _a(kind: str) -> str:
    """'an email', 'a phone', 'a domain'."""
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"
