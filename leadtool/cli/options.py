"""Options that several commands share, declared once so their help reads the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

N = TypeVar("N", int, float, int | None, float | None)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]
WhereOpt = Annotated[
    str,
    typer.Option(
        metavar="EXPR", help="Who: a filter, e.g. \"source = 'SaaStr 2026' and stage = lead\"."
    ),
]
# The options of the commands that read a spreadsheet (`import`, `activity import`).
RegionOpt = Annotated[
    str | None,
    typer.Option(metavar="CC", help="Phone region when a row has no country (default US)."),
]
EncodingOpt = Annotated[
    str | None, typer.Option(metavar="NAME", help="Force the text encoding, e.g. cp1252.")
]
SheetOpt = Annotated[str | None, typer.Option(metavar="NAME", help="The workbook sheet to read.")]
RejectsOpt = Annotated[
    Path | None,
    typer.Option(metavar="FILE", help="Write rejected rows with the reason to this CSV."),
]
SummaryJsonOpt = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Say how many would change; change nothing.")
]


def at_least(low: int) -> Callable[[N], N]:
    """A check for a number option; unlike typer's min=, help does not show `[x>=0]`."""

    def check(value: N) -> N:
        if value is not None and value < low:
            raise typer.BadParameter(f"give {low} or more")
        return value

    return check
