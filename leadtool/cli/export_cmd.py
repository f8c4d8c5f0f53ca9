"""`leadtool export` and `leadtool exports list`: files for outreach tools, and their record."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from leadtool.cli.context import open_from
from leadtool.cli.errors import handle_errors
from leadtool.cli.options import JsonOpt, WhereOpt, at_least
from leadtool.cli.output import err, print_json, print_table, show

if TYPE_CHECKING:
    from leadtool.exporting import ExportReport

app = typer.Typer(help="See what was exported, when, and to which file.", no_args_is_help=True)


def export_command(
    ctx: typer.Context,
    segment: Annotated[
        str | None,
        typer.Argument(metavar="SEGMENT", help="A saved segment (leadtool segment list)."),
    ] = None,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write; '-' writes to stdout.",
            show_default=False,
        ),
    ] = "",
    where: WhereOpt = "",
    preset: Annotated[
        str,
        typer.Option(
            metavar="PRESET",
            help="Columns for a tool: generic, hubspot, mailchimp, salesforce, linkedin.",
        ),
    ] = "generic",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="csv, xlsx, json or jsonl. Default: from the file name, else csv.",
            show_default=False,
        ),
    ] = None,
    columns: Annotated[
        str,
        typer.Option(
            metavar="COLUMNS",
            help="Only these columns, in this order, named by the preset's headers or by "
            'leadtool\'s fields: "Email,First Name".',
        ),
    ] = "",
    limit: Annotated[
        int | None,
        typer.Option(
            metavar="N", help="At most this many people (oldest first).", callback=at_least(0)
        ),
    ] = None,
    no_record: Annotated[
        bool,
        typer.Option(
            "--no-record",
            help="A test export: no record, contacted counts untouched.",
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Export the people a segment or --where selects, ready for an outreach tool.

    Suppressed people (unsubscribed, bounced, complained, do-not-contact, forgotten) are never
    exported, whatever the filter says. Each recorded export adds one to every exported
    person's contacted_count and sets last_contacted.

    \b
    Example: leadtool export "US marketers" --preset hubspot -o us-marketers.csv
    """
    from leadtool.errors import UsageError
    from leadtool.exporting import ExportRequest, export_people
    from leadtool.exporting.options import check_extension, preset_columns

    with handle_errors():
        if not output:
            raise UsageError("say where to write: -o FILE (or -o - for stdout)")
        to_stdout = output == "-"
        if to_stdout and json_:
            raise UsageError("--json prints the summary on stdout, where -o - writes the file")
        target = None if to_stdout else Path(output)
        check_extension(target, fmt)
        request = ExportRequest(
            output=target,
            segment=segment,
            where=where,
            preset=preset,
            fmt=fmt,
            columns=preset_columns(preset, columns.split(",")),
            limit=limit,
            record=not no_record,
        )
        report = export_people(
            open_from(ctx), request, stream=sys.stdout.buffer if to_stdout else None
        )
        if json_:
            print_json(report.as_json())
            return
        for line in summary_lines(report):
            err.print(line, markup=False)


def _people(n: int, kind: str = "") -> str:
    return f"{n:,} {kind}{'person' if n == 1 else 'people'}"


def summary_lines(r: ExportReport) -> list[str]:
    where = f"segment {r.segment!r}" if r.segment else ("--where" if r.expr else "everyone")
    to = "stdout" if r.output == "-" else r.output
    lines = [
        f"Exported {_people(r.exported)} to {to} ({r.preset} preset, {r.format}); "
        f"{r.matching:,} matched {where}."
    ]
    if r.held_back:
        lines.append(
            f"Held back {_people(r.held_back, 'suppressed ')} (unsubscribed, bounced, complaint, "
            "do-not-contact or forgotten): they are never exported."
        )
    if r.left_out:
        why = ", ".join(f"{reason} {n:,}" for reason, n in r.left_out.items())
        lines.append(
            f"Left out {sum(r.left_out.values()):,} the {r.preset} preset cannot use: {why}."
        )
    if r.export_id is None:
        lines.append("Not recorded (--no-record): contacted counts unchanged.")
    else:
        lines.append(
            f"Recorded as export {r.export_id}: contacted_count and last_contacted updated."
        )
    return lines


@app.command("list")
def list_command(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option(metavar="N", help="How many recent exports.", callback=at_least(1))
    ] = 20,
    json_: JsonOpt = False,
) -> None:
    """List recent exports: when, what was selected, the preset, the file and the counts.

    \b
    Example: leadtool exports list --limit 5
    """
    from leadtool.exporting import list_exports

    with handle_errors():
        rows = list_exports(open_from(ctx), limit)
        if json_:
            print_json(rows)
            return
        if not rows:
            show("No exports recorded yet: leadtool export SEGMENT -o FILE")
            return
        table = Table("id", "when", "selection", "preset", "file", "exported", "held back")
        for r in rows:
            table.add_row(
                str(r["id"]),
                r["at"],
                r["segment"] or r["expr"] or "everyone",
                r["preset"],
                r["file_name"],
                f"{r['exported']:,}",
                f"{r['held_back']:,}",
            )
        print_table(table)
