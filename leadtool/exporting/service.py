"""`leadtool export`: write the people a segment or filter selects, for a tool or a person.

Suppressed people are never written, whatever the filter says: the query itself excludes
them and the report counts them as held back. A preset may also need something of a person
(a valid email for Mailchimp); those are left out and counted by reason.

A recorded export (the default) runs inside one write transaction: the file is written to a
private temporary file beside the target, the export and the people in it are recorded, each
person's `contacted_count` and `last_contacted` move on, the transaction commits, and only
then is the file moved into place. A failure (an interrupt or SIGTERM included) leaves
neither a file, nor a temporary file, nor a record; should the move itself fail after the
commit, the error says that the export was recorded without its file. The people recorded
are checked to be exactly the people written. What a killed (SIGKILL) export leaves, the
next export to that name removes (leadtool/tempfiles.py). A CSV file of more than 200,000 people is
written by two processes (parallel.py).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from leadtool import tempfiles
from leadtool.errors import (
    EnvironmentFault,
    LeadtoolError,
    StoreError,
    UsageError,
    environment_fault,
)
from leadtool.exporting import parallel, writers
from leadtool.exporting.presets import Preset, get_preset
from leadtool.exporting.rows import export_rows
from leadtool.filters import compile_where
from leadtool.outfiles import check_output
from leadtool.safecells import neutralise
from leadtool.segments import segment_expression
from leadtool.store import exports as sql
from leadtool.store.connection import DEFAULT_WRITE_WAIT, Store, iso_utc, write_transaction
from leadtool.store.lock import writer_lock


@dataclass(frozen=True)
class ExportRequest:
    output: Path | None  # None: write to `stream` (stdout)
    segment: str | None = None
    where: str = ""
    preset: str = "generic"
    fmt: str | None = None  # None: from the output's suffix, else csv
    columns: tuple[str, ...] = ()  # a subset of the preset's headers, in this order
    limit: int | None = None
    record: bool = True


@dataclass
class ExportReport:
    preset: str
    format: str
    output: str
    segment: str | None
    expr: str
    columns: list[str]
    matching: int  # people the segment/filter selects
    held_back: int  # of those, suppressed: never exported
    left_out: dict[str, int] = field(default_factory=dict)  # missing what the preset needs
    exported: int = 0
    export_id: int | None = None  # None when not recorded

    def as_json(self) -> dict[str, Any]:
        return {
            "preset": self.preset,
            "format": self.format,
            "output": self.output,
            "segment": self.segment,
            "where": self.expr,
            "columns": self.columns,
            "matching": self.matching,
            "held_back_suppressed": self.held_back,
            "left_out": self.left_out,
            "exported": self.exported,
            "recorded": self.export_id is not None,
            "export_id": self.export_id,
        }


@dataclass(frozen=True)
class _Job:
    """What one export writes, decided before anything is written."""

    req: ExportRequest
    preset: Preset
    fmt: str
    segment: str | None
    expr: str
    target: tuple[Path, Path] | None  # (the file asked for, its temporary file); None: stdout
    stream: IO[bytes] | None


def export_people(
    store: Store,
    req: ExportRequest,
    stream: IO[bytes] | None = None,
    *,
    now: datetime | None = None,
) -> ExportReport:
    """Export the selected people to `req.output` (or `stream`); see the module text."""
    when = now or datetime.now(UTC)
    preset = get_preset(req.preset)
    fmt = _format(req)
    if req.limit is not None and req.limit < 0:
        raise UsageError("--limit must be 0 or more")
    segment, expr = _filter_text(store, req)
    compiled = compile_where(expr, now=when)
    sel = sql.Selection(compiled.sql, compiled.params, preset.requires, req.limit)
    target = _target(req.output, store.path)
    job = _Job(req, preset, fmt, segment, expr, target, stream)
    try:
        if not req.record:
            report = _write(store, sql.prepare(store.conn, sel), job)
            _place(target)
            return report
        report = _write_recorded(store, sel, job, when)
        _place_recorded(target, report)  # committed: only now may the file have its name
        return report
    except (OSError, sqlite3.Error) as exc:  # before anything was kept
        _say_nothing_changed(exc, store, target, recording=req.record)
        raise
    finally:
        if target is not None:
            tempfiles.discard(target[1])  # removes nothing once the file is in place


def _write_recorded(store: Store, sel: sql.Selection, job: _Job, when: datetime) -> ExportReport:
    """Write the file and record the export in one transaction, committed on return."""
    with write_transaction(store) as conn:
        sel = sql.prepare(conn, sel)
        recorded: list[tuple[int, int]] = []

        def record(report: ExportReport) -> None:
            recorded.append(_record(conn, sel, report, iso_utc(when)))

        report = _write(store, sel, job, record)
        if not recorded:  # not done while the file was written
            record(report)
        report.export_id, people = recorded[0]
        if people != report.exported:
            raise StoreError(
                f"the export wrote {report.exported} people but recorded {people}; "
                "nothing was kept, run it again"
            )
    return report


def _say_nothing_changed(
    exc: OSError | sqlite3.Error, store: Store, target: tuple[Path, Path] | None, *, recording: bool
) -> None:
    """A full disk or a folder that cannot be written, before anything was kept: say so."""
    if isinstance(exc, sqlite3.Error):
        fault = environment_fault(exc, file=store.path)
    else:
        fault = environment_fault(exc, file="stdout" if target is None else target[0])
    if fault is not None:
        kept = "nothing was exported or recorded" if recording else "nothing was exported"
        raise EnvironmentFault(f"{fault}; {kept}") from None


def _place_recorded(target: tuple[Path, Path] | None, report: ExportReport) -> None:
    """Move the file of a committed export to its name: only now is the record true of it.

    If that fails, the record stays (its people were counted as contacted) and the
    temporary file goes (it holds personal data); the message says both.
    """
    try:
        _place(target)
    except OSError as exc:
        assert target is not None
        tempfiles.discard(target[1])
        why = environment_fault(exc, file=target[0]) or f"{target[0]}: {exc.strerror}"
        raise LeadtoolError(
            f"{why}; export {report.export_id} was recorded and its {report.exported:,} "
            "people counted as contacted, but no file was written. Export again with "
            "--no-record to write the file without counting them twice"
        ) from None


def _record(
    conn: sqlite3.Connection, sel: sql.Selection, report: ExportReport, at: str
) -> tuple[int, int]:
    """Remember the export and move its people's contacted counts on: (export id, people)."""
    rec = sql.ExportRecord(
        at=at,
        segment=report.segment,
        expr=report.expr or None,
        preset=report.preset,
        format=report.format,
        file_name=report.output if report.output == "-" else str(Path(report.output).resolve()),
        columns=tuple(report.columns),
        held_back=report.held_back,
        left_out=sum(report.left_out.values()),
    )
    return sql.record(conn, sel, rec)


def _write(
    store: Store,
    sel: sql.Selection,
    job: _Job,
    record: Callable[[ExportReport], None] | None = None,
) -> ExportReport:
    """Count, then write the rows (to the temporary file when there is a target).

    A two-process write calls `record` while the worker finishes; otherwise the caller does.
    """
    conn, db = store.conn, store.path
    req, preset, fmt, target, stream = job.req, job.preset, job.fmt, job.target, job.stream
    safe = fmt == "csv"
    headers, fields = _columns(conn, sel, preset, req.columns)
    report = ExportReport(
        preset=preset.name,
        format=fmt,
        output="-" if target is None else str(target[0]),
        segment=job.segment,
        expr=job.expr,
        columns=headers,
        matching=sql.count_matching(conn, sel),
        held_back=sql.count_held_back(conn, sel),
        left_out=sql.count_left_out(conn, sel),
    )
    people = report.matching - report.held_back - sum(report.left_out.values())
    if sel.limit is not None:
        people = min(people, sel.limit)
    if fmt == "xlsx" and people > writers.XLSX_MAX_ROWS:
        raise UsageError(
            f"{people:,} people do not fit in one Excel sheet ({writers.XLSX_MAX_ROWS:,} rows); "
            "export CSV, or narrow the selection with --where or --limit"
        )
    shown = [neutralise(h) for h in headers] if safe else headers
    bom = preset.bom and fmt == "csv" and target is not None  # a pipe gets plain UTF-8
    if _parallel(fmt, target, sel, people):
        assert target is not None
        part = tempfiles.part_of(target[1])
        # Both halves must see one store: a recorded export holds the writer lock already.
        lock = nullcontext() if conn.in_transaction else writer_lock(db, wait=DEFAULT_WRITE_WAIT)
        try:
            with lock, target[1].open("wb") as out:
                report.exported = parallel.write_halves(
                    conn,
                    db,
                    sel,
                    fields,
                    shown,
                    out,
                    part,
                    partial=target[1],
                    bom=bom,
                    people=people,
                    meanwhile=None if record is None else lambda: record(report),
                )
        finally:
            _remove(part)
        return report
    rows: Iterable[tuple[Any, ...]]
    lists = fmt in ("json", "jsonl")
    rows = export_rows(conn, sel, fields, safe=safe, lists=lists)
    if lists:
        rows = _as_lists(rows, [i for i, f in enumerate(fields) if f in sql.LIST_SQL])
    if target is not None:
        with target[1].open("wb") as out:
            report.exported = writers.write(fmt, out, shown, rows, bom=bom)
    elif stream is not None:
        report.exported = writers.write(fmt, stream, shown, rows, bom=bom)
    else:
        raise UsageError("no output: give -o PATH, or -o - for stdout")
    return report


def _parallel(fmt: str, target: tuple[Path, Path] | None, sel: sql.Selection, people: int) -> bool:
    """A big CSV file export: worth a second process."""
    return (
        fmt == "csv"
        and target is not None
        and sel.limit is None
        and people >= parallel.PARALLEL_MIN_PEOPLE
    )


def _place(target: tuple[Path, Path] | None) -> None:
    if target is not None:
        target[1].replace(target[0])


def _columns(
    conn: sqlite3.Connection, sel: sql.Selection, preset: Preset, wanted: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """(headers, fields): the preset's columns, then its custom fields, or the --columns."""
    columns = list(preset.columns)
    if preset.custom:
        taken = {h.casefold() for h, _ in columns}
        for key in sql.custom_keys(conn, sel):
            header = key
            while header.casefold() in taken:  # never two columns under one name
                header = f"custom.{header}"
            taken.add(header.casefold())
            columns.append((header, sql.CUSTOM + key))
    if wanted:
        by_name = {h.casefold(): (h, f) for h, f in columns}
        missing = [w for w in wanted if w.strip().casefold() not in by_name]
        if missing:
            shown = ", ".join(h for h, _ in columns[:60])
            raise UsageError(
                f"--columns: no column {missing[0]!r} in the {preset.name} preset; "
                f"its columns are: {shown}"
            )
        columns = [by_name[w.strip().casefold()] for w in wanted]
    return [h for h, _ in columns], [f for _, f in columns]


def _as_lists(rows: Iterable[tuple[Any, ...]], at: list[int]) -> Iterable[tuple[Any, ...]]:
    """Rows whose list fields (JSON array text from the query) are Python lists, for JSON."""
    if not at:
        return rows
    return (tuple(json.loads(v) if i in at else v for i, v in enumerate(row)) for row in rows)


def _filter_text(store: Store, req: ExportRequest) -> tuple[str | None, str]:
    """(segment name, the --where text to compile): a segment's and the option's, and-ed."""
    where = req.where.strip()
    if req.segment is None:
        return None, where
    name, expr = segment_expression(store, req.segment)
    return name, f"({expr}) and ({where})" if where else expr


def _format(req: ExportRequest) -> str:
    fmt = (req.fmt or (writers.format_for(req.output.name) if req.output else "csv")).lower()
    if fmt not in writers.FORMATS:
        raise UsageError(f"--format {fmt!r} is not one of: {', '.join(writers.FORMATS)}")
    return fmt


def _target(output: Path | None, store: Path) -> tuple[Path, Path] | None:
    """(the file asked for, a private temporary file beside it), or None for stdout."""
    if output is None:
        return None
    check_output(output, store, "-o", probe=False)  # the same rules as import --rejects
    try:
        return output, tempfiles.make(output)  # 0600: an export holds personal data
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def list_exports(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    """The most recent recorded exports first."""
    return sql.list_exports(store.conn, limit)
