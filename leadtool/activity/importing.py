"""`leadtool activity import`: one file of events from start to end, as one transaction.

Read with the people import's readers (any format, encoding, header position, sheet) and
its column mapping for who did it; the activity columns are normalize/activity_columns.py's.
The whole file is one write transaction (write_transaction, BEGIN IMMEDIATE under the
writer lock): interrupted anywhere, by Ctrl-C or kill -9, the store is as it was. The
import is a batch of kind 'activity': `imports list` shows it, `imports undo` takes back
exactly its events. Time is passed in (`now`): a time after it is in the future.
"""

from __future__ import annotations

import itertools
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from leadtool import tempfiles
from leadtool.activity.currency import Currency, adopt_first, settle
from leadtool.activity.matching import ActivityChunks, ChunkSettings
from leadtool.activity.model import ActivityOptions, ActivityReport
from leadtool.activity.rows import EventReader
from leadtool.errors import InputFileError, StoreError
from leadtool.imports.rejects import write_rejects
from leadtool.imports.service import file_hash
from leadtool.normalize.activity_columns import ActivityColumns, map_activity_columns
from leadtool.normalize.record import RowNormaliser, RowOptions
from leadtool.outfiles import check_output
from leadtool.readers import Table, open_table
from leadtool.store.batches import create_batch, finish_batch
from leadtool.store.connection import iso_utc, open_store, utc_now, write_transaction
from leadtool.store.purchases import apply_purchases

SAMPLE_ROWS = 50
CHUNK_ROWS = 2_000
IDENTITY_FIELDS = frozenset({"email", "phone", "linkedin"})
Progress = Callable[[int], None]
Rows = Iterator[tuple[int, list[str]]]


def import_activity(
    store_path: Path,
    path: Path,
    options: ActivityOptions,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
    on_wait: Callable[[], None] | None = None,
) -> ActivityReport:
    """Import one file of activity into the store at `store_path` and say what happened.

    The store is opened (created on first use) only once the file has been read and its
    columns mapped: a file that cannot be imported leaves no new store behind."""
    started = time.perf_counter()
    if options.rejects_path is not None:
        check_output(options.rejects_path, store_path, "--rejects")
    table = open_table(path, encoding=options.encoding, sheet=options.sheet)
    sample = list(itertools.islice(table.rows, SAMPLE_ROWS))
    columns = map_activity_columns(table.header, options.mapping, [c for _, c in sample])
    _require_columns(table, columns, options)
    report = ActivityReport(
        str(path), None, table.format, table.encoding, table.sheet, columns.describe(table.header)
    )
    rows = itertools.chain(sample, table.rows)
    store = open_store(store_path, create=True)
    rejects: list[Path] = []  # the rejects file, written beside its target before COMMIT
    try:
        with write_transaction(store, on_wait=on_wait) as conn:
            job = _Job(table, columns, options, now or datetime.now(UTC), report, rejects)
            job.run(conn, rows, progress)
    except BaseException as exc:
        for tmp in rejects:  # nothing was imported: no rejects file either
            tempfiles.discard(tmp)
        if isinstance(exc, sqlite3.Error):
            raise StoreError(
                f"{store.path}: {exc}; nothing from {path.name} was imported"
            ) from None
        raise
    finally:
        store.close()
    if rejects and options.rejects_path is not None:
        _place_rejects(rejects[0], options.rejects_path, report)
    report.seconds = time.perf_counter() - started
    return report


def _require_columns(table: Table, columns: ActivityColumns, options: ActivityOptions) -> None:
    shown = ", ".join(repr(h) for h in table.header[:12])
    found = f"columns found: {shown}{', ...' if len(table.header) > 12 else ''}"
    if not IDENTITY_FIELDS & set(columns.person.fields.values()):
        raise InputFileError(
            table.path,
            f"no column says who did it (an email, a phone or a LinkedIn profile); {found}. "
            "Say which with --map, e.g. --map 'Contact=email'",
        )
    if columns.column("type") is None and options.kind is None:
        raise InputFileError(
            table.path,
            f"no column says what was done (the activity type); {found}. Give --type for the "
            "whole file, or --map 'Column=type'",
        )
    if columns.column("time") is None:
        raise InputFileError(
            table.path, f"no column says when it happened; {found}. Say which: --map 'Column=time'"
        )


class _Job:
    """One file's import inside its transaction."""

    def __init__(
        self,
        table: Table,
        columns: ActivityColumns,
        options: ActivityOptions,
        now: datetime,
        report: ActivityReport,
        rejects: list[Path],
    ) -> None:
        self.table, self.columns, self.options = table, columns, options
        self.now, self.now_iso = now, iso_utc(now)
        self.report, self.rejects = report, rejects

    def run(self, conn: sqlite3.Connection, rows: Rows, progress: Progress | None) -> None:
        currency = settle(
            conn, self.options.currency, per_row=self.columns.column("currency") is not None
        )
        batch_id = self._batch(conn)
        chunks = ActivityChunks(
            conn,
            ChunkSettings(
                batch_id,
                self.now_iso,
                self.options.create,
                self.table.path.name,
                frozenset(self.columns.activity.values()),
            ),
            self._reader(currency),
            RowNormaliser(self.table.header, self.columns.person, RowOptions(self.options.region)),
        )
        while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
            chunks.apply(chunk)
            if progress is not None:
                progress(len(chunk))
        currency = adopt_first(conn, currency, batch_id)
        # A first sale makes a customer, in the same transaction as the events.
        self.report.customers = apply_purchases(
            conn, sorted(chunks.people), self.now_iso, batch_id=batch_id
        )
        self._finish(conn, batch_id, chunks, currency)

    def _reader(self, currency: Currency) -> EventReader:
        return EventReader(
            self.table.header,
            self.columns,
            kind=self.options.kind,
            currency=currency.fill,
            now=self.now,
        )

    def _batch(self, conn: sqlite3.Connection) -> int:
        o, t = self.options, self.table
        return create_batch(
            conn,
            kind="activity",
            file_name=t.path.name,
            content_hash=file_hash(t.path),
            source=None,
            cost=None,
            format=t.format,
            encoding=t.encoding,
            sheet=t.sheet,
            mapping=self.report.mapping,
            options={
                "type": o.kind,
                "create": o.create,
                "currency": o.currency,
                "region": o.region,
                "mapping": o.mapping,
                "sheet": o.sheet,
            },
            started_at=self.now_iso,
        )

    def _finish(
        self, conn: sqlite3.Connection, batch_id: int, chunks: ActivityChunks, currency: Currency
    ) -> None:
        c, r = chunks.counts, self.report
        r.batch_id, r.rows, r.matched, r.created = batch_id, c.rows, c.matched, c.created
        r.duplicate, r.rejected, r.reasons = c.duplicate, c.rejected, dict(c.reasons)
        r.currency, r.currency_set = currency.store, currency.newly_set
        # The batch's columns, read as an activity import's: new = people created, matched =
        # rows that stored an event for someone known, unchanged = duplicate events.
        finish_batch(
            conn,
            batch_id,
            utc_now(),
            rows_read=c.rows,
            new=c.created,
            matched=c.matched,
            unchanged=c.duplicate,
            rejected=c.rejected,
        )
        target = self.options.rejects_path
        if target is not None and c.rejected:
            self.rejects.append(write_rejects(conn, batch_id, self.table.header, target)[0])


def _place_rejects(tmp: Path, target: Path, report: ActivityReport) -> None:
    """Committed: now the rejects file is true. If it cannot be put in place, the import
    stays done and the report says so; no copy is left behind."""
    try:
        tmp.replace(target)
    except OSError as exc:
        report.rejects_error = f"could not write {target} ({exc.strerror or type(exc).__name__})"
    else:
        report.rejects_file = str(target)
    finally:
        tempfiles.discard(tmp)
