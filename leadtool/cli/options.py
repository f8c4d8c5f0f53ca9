"""Options that several commands share, declared once so their help reads the same."""

from __future__ import annotations

from typing import Annotated

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]
WhereOpt = Annotated[
    str, typer.Option(help="Who: a filter, e.g. \"source = 'SaaStr 2026' and stage = lead\".")
]
DryRunOpt = Annotated[bool, typer.Option(help="Say how many would change; change nothing.")]
