"""`leadtool report funnel|sources|growth` and `leadtool source set-cost`.

Each command parses its options, calls one report function and writes the result: a table
on stdout, or JSON or CSV on stdout (`--format`), and with `--plot`/`--html` a picture or a
web page on disk. pandas and matplotlib are imported inside the commands: `--help` and
table reports never load matplotlib.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadtool.cli.context import db_path, open_from
from leadtool.cli.errors import handle_errors
from leadtool.cli.output import say

if TYPE_CHECKING:
    from leadtool.reports import Report, ReportOptions

app = typer.Typer(
    help="Reports: the funnel from history, what each list cost and brought, growth.",
    no_args_is_help=True,
)
source_app = typer.Typer(help="What a source of lists cost.", no_args_is_help=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[
    Format, typer.Option("--format", help="A table, or the figures as json or csv, on stdout.")
]
WhereOpt = Annotated[
    str | None, typer.Option(metavar="EXPR", help='Only these people, e.g. "country = FR".')
]
SinceOpt = Annotated[
    str | None, typer.Option(metavar="DATE", help="From this day (in --tz), e.g. 2026-01-01.")
]
UntilOpt = Annotated[
    str | None, typer.Option(metavar="DATE", help="Up to and including this day (in --tz).")
]
TzOpt = Annotated[
    str | None,
    typer.Option(
        metavar="ZONE", help="Time zone of days, weeks and months. Default: the system's."
    ),
]
NowOpt = Annotated[
    str | None,
    typer.Option(metavar="TIME", help="Report as of this time, for the same output on every run."),
]
PlotOpt = Annotated[
    Path | None,
    typer.Option(metavar="FILE", help="Also draw the chart to FILE.png or FILE.svg."),
]
HtmlOpt = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE", help="Also write one offline web page with every table and chart."
    ),
]


def _options(
    where: str | None, since: str | None, until: str | None, tz: str | None, now: str | None
) -> ReportOptions:
    from leadtool.reports import ReportOptions

    return ReportOptions(where=where, since=since, until=until, tz=tz, now=now)


def _check_files(ctx: typer.Context, plot: Path | None, html: Path | None) -> None:
    from leadtool.errors import UsageError
    from leadtool.outfiles import check_output

    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--plot {plot}: give a file name ending in .png or .svg")
    for option, path in (("--plot", plot), ("--html", html)):
        if path is not None:
            check_output(path, db_path(ctx), option)


def _emit(report: Report, fmt: Format, plot: Path | None, html: Path | None) -> None:
    """Pictures first (a missing matplotlib stops before anything is printed), then stdout."""
    from leadtool.tempfiles import write_whole

    # Whole or not at all: a full disk or Ctrl-C never leaves half a picture or page.
    if plot is not None:
        from leadtool.reports.charts import write_plot

        write_whole(plot, write_plot(report, plot.suffix), private=False)
    if html is not None:
        from leadtool.reports.page import html_page

        write_whole(html, html_page(report).encode("utf-8"), private=False)
    if fmt is Format.json:
        from leadtool.reports import dump_json

        sys.stdout.write(dump_json(report))
    elif fmt is Format.csv:
        from leadtool.reports import as_csv

        sys.stdout.write(as_csv(report))
    else:
        from leadtool.cli.render_report import render_report

        render_report(report)
    sys.stdout.flush()
    for path in (plot, html):
        if path is not None:
            say(f"Wrote {path}.")


@app.command("funnel")
def funnel_command(
    ctx: typer.Context,
    where: WhereOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    by: Annotated[
        str | None,
        typer.Option(
            metavar="source|month",
            help="One funnel per source (the list that brought each person first), or per "
            "cohort: the month people entered.",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Count only stages entered in order, none skipped.")
    ] = False,
    window: Annotated[
        int, typer.Option(metavar="DAYS", help="With --by month: cohorts younger are immature.")
    ] = 90,
    tz: TzOpt = None,
    now: NowOpt = None,
    fmt: FormatOpt = Format.table,
    plot: PlotOpt = None,
    html: HtmlOpt = None,
) -> None:
    """How many people reached each stage, from their history, with conversion and time.

    \b
    Example: leadtool report funnel --since 2026-01-01 --tz Europe/Paris
    """
    from leadtool.reports import funnel_report

    with handle_errors():
        _check_files(ctx, plot, html)
        options = _options(where, since, until, tz, now)
        report = funnel_report(open_from(ctx), options, by=by, strict=strict, window_days=window)
        _emit(report, fmt, plot, html)


@app.command("sources")
def sources_command(
    ctx: typer.Context,
    batches: Annotated[
        bool, typer.Option("--batches", help="One row per import instead of per source.")
    ] = False,
    attribution: Annotated[
        str,
        typer.Option(
            metavar="first|last|even|all",
            help="Who is credited with a person several lists brought: the first, the last, "
            "each an equal share, or all of them in full.",
        ),
    ] = "first",
    where: WhereOpt = None,
    tz: TzOpt = None,
    now: NowOpt = None,
    fmt: FormatOpt = Format.table,
    plot: PlotOpt = None,
    html: HtmlOpt = None,
) -> None:
    """What each source's lists held, cost and brought: cost per lead, sales, return on cost.

    \b
    Example: leadtool report sources --attribution even
    """
    from leadtool.reports import sources_report

    with handle_errors():
        _check_files(ctx, plot, html)
        options = _options(where, None, None, tz, now)
        report = sources_report(open_from(ctx), options, batches=batches, attribution=attribution)
        _emit(report, fmt, plot, html)


@app.command("growth")
def growth_command(
    ctx: typer.Context,
    by: Annotated[
        str, typer.Option(metavar="week|month", help="Periods: ISO weeks or months.")
    ] = "month",
    where: WhereOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    tz: TzOpt = None,
    now: NowOpt = None,
    fmt: FormatOpt = Format.table,
    plot: PlotOpt = None,
    html: HtmlOpt = None,
) -> None:
    """New subscribers, leads, MQLs, SQLs, opportunities and customers per week or month.

    \b
    Example: leadtool report growth --by week --tz Europe/Paris
    """
    from leadtool.reports import growth_report

    with handle_errors():
        _check_files(ctx, plot, html)
        options = _options(where, since, until, tz, now)
        report = growth_report(open_from(ctx), options, by=by)
        _emit(report, fmt, plot, html)


@source_app.command("set-cost")
def set_cost_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The source, as given to import.")],
    amount: Annotated[float, typer.Argument(metavar="AMOUNT", help="What it cost in all.")],
    currency: Annotated[
        str | None,
        typer.Option(metavar="XXX", help="The currency; the first one given is the store's."),
    ] = None,
) -> None:
    """Set what a source cost in all; it replaces the sum of its imports' --cost.

    \b
    Example: leadtool source set-cost "sample data" 1200 --currency EUR
    """
    from leadtool.reports import set_source_cost

    with handle_errors():
        stored = set_source_cost(open_from(ctx), name, amount, currency=currency)
        say(f"Cost of {name!r}: {amount:,.2f} {stored or ''}".rstrip() + ".")
