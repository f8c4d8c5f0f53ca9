"""`leadtool import`: options, progress, and the summary table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadtool.cli.context import db_path
from leadtool.cli.errors import handle_errors, report_error
from leadtool.cli.files import import_each
from leadtool.cli.options import (
    EncodingOpt,
    RegionOpt,
    RejectsOpt,
    SheetOpt,
    SummaryJsonOpt,
    at_least,
)
from leadtool.cli.output import err, is_terminal, print_json

if TYPE_CHECKING:
    from leadtool.imports.model import ImportOptions, ImportReport

PROGRESS_MIN_ROWS = 5_000
LOG_EVERY_ROWS = 100_000


def import_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(help="CSV, TSV, XLSX, XLS, ODS or JSON files.", metavar="FILE..."),
    ],
    source: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Where the list came from, e.g. 'LinkedIn CMO search'."),
    ] = None,
    cost: Annotated[
        float | None,
        typer.Option(
            metavar="AMOUNT", help="What the list cost, for cost per lead.", callback=at_least(0)
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option(metavar="STAGE", help="Lifecycle stage for these people (default: lead)."),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option(metavar="TAG", help="Tag these people (repeatable).")
    ] = None,
    consent: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="How these people agreed, e.g. 'webinar registration form, 2026-03' "
            "(for rows without their own consent).",
        ),
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="HEADER=FIELD",
            help="Say which column is which: 'Header=field' (repeatable).",
        ),
    ] = None,
    on_conflict: Annotated[
        str,
        typer.Option(
            metavar="POLICY", help="When a stored person has another value: fill, update or keep."
        ),
    ] = "fill",
    region: RegionOpt = None,
    check_deliverability: Annotated[
        bool,
        typer.Option(
            "--check-deliverability",
            help="Ask DNS whether email domains receive mail (needs network).",
        ),
    ] = False,
    encoding: EncodingOpt = None,
    sheet: SheetOpt = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show the mapping and what would happen; write nothing."),
    ] = False,
    rejects: RejectsOpt = None,
    json_: SummaryJsonOpt = False,
    workers: Annotated[int | None, typer.Option(hidden=True)] = None,
) -> None:
    """Import contact lists into the store: map, validate, deduplicate, remember the source.

    \b
    Example: leadtool import leads.xlsx --source "SaaStr 2026" --rejects bad.csv
    """
    from leadtool.imports.options import for_file, import_options

    with handle_errors():
        options = import_options(
            source=source,
            cost=cost,
            stage=stage,
            tags=tag or [],
            consent=consent,
            mapping=map_ or [],
            on_conflict=on_conflict,
            region=region,
            check_deliverability=check_deliverability,
        )

        def one(path: Path) -> str:
            per_file = for_file(
                options,
                path,
                files,
                encoding=encoding,
                sheet=sheet,
                dry_run=dry_run,
                rejects=rejects,
                workers=workers,
            )
            return _import_one(ctx, path, per_file, json_)

        import_each(files, one)


def _import_one(ctx: typer.Context, path: Path, options: ImportOptions, as_json: bool) -> str:
    """Import one file: its report's status, or "failed" after saying why (the next file is
    still imported)."""
    from leadtool.errors import InputFileError
    from leadtool.imports.service import import_file

    try:
        with _Progress(path) as progress:
            report = import_file(
                db_path(ctx),  # opened once the file is read: a file that fails makes no store
                path,
                options,
                on_start=progress.start,
                progress=progress.advance,
                on_wait=_say_waiting,
            )
    except InputFileError as exc:  # said here, not raised: the next file is still imported
        report_error(exc)
        return "failed"
    if as_json:
        print_json(report.as_json())
        if report.rejects_error:
            from leadtool.cli.render_import import render_rejects_warning

            render_rejects_warning(report)
    else:
        _render(report, options)
    return report.status


def _say_waiting() -> None:
    err.print("Waiting: another leadtool command is writing to this store...")


class _Progress:
    """A progress bar on a terminal for big files; plain log lines otherwise."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.done = 0
        self.total: int | None = None
        self.bar: object | None = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        from rich.progress import Progress

        if isinstance(self.bar, Progress):
            self.bar.stop()

    def start(self, total: int | None) -> None:
        self.total = total
        if is_terminal() and (total or 0) >= PROGRESS_MIN_ROWS:
            from rich.progress import Progress

            bar = Progress(console=err, transient=True)
            bar.start()
            self.task = bar.add_task(f"Importing {self.path.name}", total=total)
            self.bar = bar

    def advance(self, rows: int) -> None:
        from rich.progress import Progress

        before, self.done = self.done, self.done + rows
        if isinstance(self.bar, Progress):
            self.bar.update(self.task, completed=self.done)
        elif before // LOG_EVERY_ROWS != self.done // LOG_EVERY_ROWS:
            total = f" of about {self.total:,}" if self.total else ""
            err.print(f"{self.path.name}: {self.done:,} rows read{total}", markup=False)


def _render(report: ImportReport, options: ImportOptions) -> None:
    from leadtool.cli.render_import import render_report

    render_report(report, options)
