"""`leadtool activity add` and `activity import`: record what people did."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadtool.cli.context import db_path, open_from
from leadtool.cli.errors import handle_errors, report_error
from leadtool.cli.files import import_each
from leadtool.cli.options import (
    EncodingOpt,
    JsonOpt,
    RegionOpt,
    RejectsOpt,
    SheetOpt,
    SummaryJsonOpt,
)
from leadtool.cli.output import plural, print_json, say

if TYPE_CHECKING:
    from leadtool.activity.model import ActivityOptions, ActivityReport

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
        if report.currency_set:
            say(f"{report.currency} is now this store's currency (amounts without one are in it).")


@app.command("import")
def import_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(help="CSV, TSV, XLSX, XLS, ODS or JSON files.", metavar="FILE..."),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="The activity type of rows that name none (a file without a type column).",
        ),
    ] = None,
    create: Annotated[
        bool,
        typer.Option("--create", help="Add unknown people as subscribers instead of rejecting."),
    ] = False,
    currency: Annotated[
        str | None,
        typer.Option(
            metavar="XXX",
            help="What amounts without a currency are in, e.g. EUR; the first one given "
            "becomes the store's currency.",
        ),
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="HEADER=FIELD",
            help="Say which column is which: 'When=time', 'Contact=email' (repeatable); "
            "activity fields: type, time, detail, amount, currency.",
        ),
    ] = None,
    region: RegionOpt = None,
    encoding: EncodingOpt = None,
    sheet: SheetOpt = None,
    rejects: RejectsOpt = None,
    json_: SummaryJsonOpt = False,
) -> None:
    """Import activity (who, what, when, detail, amount) for people in the store.

    A time without an offset is UTC; a time in the future is rejected. The same event
    (person, type, time, detail) is stored once, so importing a file again adds nothing.

    \b
    Example: leadtool activity import activity.csv --type webinar --rejects r.csv
    """
    from leadtool.activity.model import activity_options

    with handle_errors():
        options = activity_options(
            kind=kind,
            create=create,
            currency=currency,
            mapping=map_ or [],
            region=region,
            encoding=encoding,
            sheet=sheet,
        )
        import_each(
            files,
            lambda path: _import_one(ctx, path, _for_file(options, path, files, rejects), json_),
        )


def _for_file(
    options: ActivityOptions, path: Path, files: list[Path], rejects: Path | None
) -> ActivityOptions:
    """One file's options: with several files, `--rejects r.csv` becomes r-<file stem>.csv."""
    from dataclasses import replace

    if rejects is not None and len(files) > 1:
        rejects = rejects.with_name(f"{rejects.stem}-{path.stem}{rejects.suffix or '.csv'}")
    return replace(options, rejects_path=rejects)


def _import_one(ctx: typer.Context, path: Path, options: ActivityOptions, as_json: bool) -> str:
    """Import one file: "imported", or "failed" / "usage" (the options do not fit it) after
    saying why (the next file is still imported)."""
    from leadtool.activity.importing import import_activity
    from leadtool.errors import InputFileError, UsageError

    try:
        report = import_activity(db_path(ctx), path, options, on_wait=_say_waiting)
    except InputFileError as exc:
        report_error(exc)
        return "failed"
    except UsageError as exc:  # options this file cannot take (a currency it does not name)
        report_error(UsageError(f"{path}: {exc}"))
        return "usage"
    if as_json:
        print_json(report.as_json())
    _render(report, quiet=as_json)
    return "imported"


def _say_waiting() -> None:
    say("Waiting: another leadtool command is writing to this store...")


def _render(report: ActivityReport, *, quiet: bool) -> None:
    """The summary on stderr (with --json, only what the user must act on)."""
    name = Path(report.file).name
    if not quiet:
        say(
            f"{name}: {plural(report.rows, 'row')} read: {report.matched:,} matched, "
            f"{report.created:,} created, {report.duplicate:,} duplicate, "
            f"{report.rejected:,} rejected (import {report.batch_id})."
        )
        for reason, n in sorted(report.reasons.items(), key=lambda item: (-item[1], item[0])):
            say(f"  rejected {n:,}: {reason}")
        if report.customers:
            say(
                f"  {plural(report.customers, 'person', 'people')} became customers by a first sale"
            )
        if report.rejects_file:
            say(f"Rejected rows, with the reason, are in {report.rejects_file}")
    if report.currency_set:
        say(f"{report.currency} is now this store's currency (amounts without one are in it).")
    if report.rejects_error:
        say(f"Warning: the import is done, but {report.rejects_error}")
