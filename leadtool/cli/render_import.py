"""The human summary of an import (a rich table on stderr)."""

from __future__ import annotations

from rich.table import Table

from leadtool.cli.output import err, plural, print_table
from leadtool.imports.model import ImportOptions, ImportReport


def render_report(report: ImportReport, options: ImportOptions) -> None:
    name = report.file
    if report.status == "already-imported":
        if options.dry_run:
            _render_mapping(report)
        n = report.previous_batch_id
        err.print(
            f"{name}: already imported as import {n}; nothing changed. To import it again "
            f"with other options (a corrected --map, another --stage), first run: "
            f"leadtool imports undo {n}",
            markup=False,
        )
        return
    if report.status == "dry-run":
        _render_mapping(report)
    title = f"{'Dry run (nothing written): ' if report.status == 'dry-run' else ''}{name}"
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in _lines(report):
        table.add_row(label, f"{value:,}")
    print_table(table, err)
    _render_flags(report)
    if report.batch_id is not None:
        err.print(
            f"Import id {report.batch_id} (undo with: leadtool imports undo {report.batch_id})"
        )
    if report.rejects_error:
        render_rejects_warning(report)
    elif report.rejected:
        where = report.rejects_file or "add --rejects FILE to get them as a spreadsheet"
        err.print(f"{plural(report.rejected, 'row')} rejected: {where}", markup=False)


def render_rejects_warning(report: ImportReport) -> None:
    """The import committed but its rejects file could not be put in place."""
    err.print(
        f"Warning: import {report.batch_id} is done, but its rejects file is not: "
        f"{report.rejects_error}. Write it with: "
        f"leadtool imports rejects {report.batch_id} -o FILE",
        markup=False,
    )


def _lines(report: ImportReport) -> list[tuple[str, int]]:
    lines = [
        ("rows read", report.rows),
        ("new people", report.new),
        ("updated people", report.updated),
        ("unchanged people", report.unchanged),
        ("duplicates merged within the file", report.merged),
        ("rows matched to people already stored", report.matched),
        ("rejected rows", report.rejected),
        ("rows with flagged fields", report.flagged),
        ("imported people who are suppressed", report.suppressed),
        ("people without recorded consent", report.without_consent),
    ]
    if report.people_merged:
        lines.append(("stored people found to be one and merged", report.people_merged))
    return lines


def _render_mapping(report: ImportReport) -> None:
    table = Table(title=f"Columns ({report.profile or 'no known export'})", title_justify="left")
    table.add_column("column")
    table.add_column("field")
    for column, field in report.mapping:
        table.add_row(column, field)
    print_table(table, err)


def _render_flags(report: ImportReport) -> None:
    if not report.flags:
        return
    listed = ", ".join(f"{flag} {n:,}" for flag, n in sorted(report.flags.items()))
    err.print(f"Flagged: {listed}", markup=False)
