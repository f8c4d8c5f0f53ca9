"""`leadtool segment save|list|show|delete`: saved --where filters, counted when used."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from leadtool.cli.context import open_from
from leadtool.cli.errors import handle_errors
from leadtool.cli.options import JsonOpt, at_least
from leadtool.cli.output import err, plural, print_json, print_table, show

if TYPE_CHECKING:
    from leadtool.segments import Segment, SegmentCount, SegmentView

app = typer.Typer(
    help="Saved filters: name a --where expression, then count and preview who it selects.",
    no_args_is_help=True,
)

NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The segment's name (any case).")]


@app.command("save")
def save_command(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="1-64 letters, digits, spaces, '-', '_', '.'.")
    ],
    where: Annotated[
        str,
        typer.Option(metavar="EXPR", help='Who: a filter, e.g. "stage >= mql and country = US".'),
    ] = "",
    description: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="What the segment is for (kept when left out)."),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Save a filter under a name; saving a name again replaces its filter.

    \b
    Example: leadtool segment save cmos --where 'title ~ cmo and country = US'
    """
    from leadtool.segments import save_segment

    with handle_errors():
        saved = save_segment(open_from(ctx), name, where, description)
        if json_:
            print_json(saved.as_json())
            return
        err.print(
            f"{saved.status} segment {saved.segment.name!r}: {_matching(saved.matching)} now.",
            markup=False,
        )


@app.command("list")
def list_command(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """List the saved segments, each with how many people it selects now.

    \b
    Example: leadtool segment list --json
    """
    from leadtool.segments import list_segments

    with handle_errors():
        found = list_segments(open_from(ctx))
        if json_:
            print_json([s.as_json() for s in found])
            return
        if not found:
            show("No segments yet: leadtool segment save NAME --where EXPR")
            return
        print_table(_segments_table(found))


@app.command("show")
def show_command(
    ctx: typer.Context,
    name: NameArg,
    limit: Annotated[
        int, typer.Option(metavar="N", help="How many people to preview.", callback=at_least(0))
    ] = 10,
    json_: JsonOpt = False,
) -> None:
    """Show a segment: its filter, how many people it selects now, and the first of them.

    \b
    Example: leadtool segment show "US marketers" --limit 20
    """
    from leadtool.cli.people_cmd import people_table
    from leadtool.segments import show_segment

    with handle_errors():
        view = show_segment(open_from(ctx), name, limit)
        if json_:
            print_json(view.as_json())
            return
        _describe(view.segment)
        show(_matching_line(view))
        if view.people:
            print_table(people_table(view.people))


@app.command("delete")
def delete_command(ctx: typer.Context, name: NameArg, json_: JsonOpt = False) -> None:
    """Delete a saved segment; the people it selected are not touched.

    \b
    Example: leadtool segment delete "US marketers"
    """
    from leadtool.segments import delete_segment

    with handle_errors():
        deleted = delete_segment(open_from(ctx), name)
        if json_:
            print_json(deleted.as_json())
            return
        err.print(f"deleted segment {deleted.segment.name!r}.", markup=False)


def _segments_table(found: tuple[SegmentCount, ...]) -> Table:
    table = Table("name", "people", "where", "description")
    for s in found:
        people = f"{s.matching:,}" if s.matching is not None else f"error: {s.error}"
        table.add_row(
            Text(s.segment.name),
            Text(people),
            Text(s.segment.expr),
            Text(s.segment.description or ""),
        )
    return table


def _describe(segment: Segment) -> None:
    show(f"{'segment':>11}: {segment.name}")
    show(f"{'where':>11}: {segment.expr}")
    if segment.description:
        show(f"{'description':>11}: {segment.description}")
    show(f"{'saved':>11}: {segment.updated_at}")


def _matching_line(view: SegmentView) -> str:
    shown = f"; the first {len(view.people):,}:" if view.people else "."
    return f"{_matching(view.matching)} now{shown}"


def _matching(n: int) -> str:
    return plural(n, "person matches", "people match")
