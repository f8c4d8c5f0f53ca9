"""The reports in the terminal: rich tables (plain text, never cut, without a terminal)."""

from __future__ import annotations

from rich.table import Table

from leadtool.cli.output import print_table, show
from leadtool.reports import Report
from leadtool.reports.tables import header_lines, notes, tables


def render_report(report: Report) -> None:
    for line in header_lines(report):
        show(line)
    for text in tables(report):
        table = Table(title=text.title, title_justify="left")
        for i, name in enumerate(text.headers):
            table.add_column(name, justify="left" if i in text.text_columns else "right")
        for i, row in enumerate(text.rows):
            last = text.last_is_total and i == len(text.rows) - 1
            table.add_row(*row, style="bold" if last else None, end_section=False)
        print_table(table)
    for line in notes(report):
        show(f"Note: {line}")
