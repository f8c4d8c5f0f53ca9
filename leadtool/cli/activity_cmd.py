"""`leadtool activity add`: record what a person did."""

from __future__ import annotations

from typing import Annotated

import typer

from leadtool.cli.context import open_from
from leadtool.cli.errors import handle_errors
from leadtool.cli.options import JsonOpt
from leadtool.cli.output import print_json, say

app = typer.Typer(
    help="Record what people did: webinars, downloads, purchases.", no_args_is_help=True
)


@app.command("add")
def add_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(metavar="WHO", help="An id, email or phone.")],
    kind: Annotated[
        str,
        typer.Argument(metavar="TYPE", help="download, webinar, pricing_page, demo_request ..."),
    ],
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="TIME",
            help="When it happened, e.g. 2026-03-01 14:30 (UTC) or with an offset. Default: now.",
            show_default=False,
        ),
    ] = None,
    detail: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="What exactly, e.g. the webinar's title."),
    ] = None,
    amount: Annotated[
        float | None,
        typer.Option(metavar="N", help="An amount, for a purchase (a refund is negative)."),
    ] = None,
    currency: Annotated[
        str | None, typer.Option(metavar="XXX", help="The amount's currency, e.g. EUR.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Record one activity of one person; the same event twice is stored once.

    \b
    Example: leadtool activity add jane.doe@example.com webinar --at 2026-03-01
    """
    from datetime import UTC, datetime

    from leadtool.activity import add_activity, parse_event
    from leadtool.config import default_region

    with handle_errors():
        now = datetime.now(UTC)
        event = parse_event(kind, at=at, detail=detail, amount=amount, currency=currency, now=now)
        report = add_activity(open_from(ctx), who, event, region=default_region(), now=now)
        if json_:
            print_json(report.as_json())
            return
        what = f"{report.type} of person {report.person_id} at {report.at}"
        if report.added:
            say(f"Recorded {what}.")
        else:
            say(f"Already stored: {what}, the same detail; nothing was added.")
