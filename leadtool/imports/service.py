"""One file's import from start to end: read, map, normalise, dedupe, write, report.

The whole file is one write transaction (write_transaction): interrupted anywhere, the
store is as it was. A dry run is the same import, rolled back at the end, so what it
reports is exactly what a real run would do.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from leadtool import tempfiles
from leadtool.errors import InputFileError, StoreError
from leadtool.imports.apply import ApplySettings, ChunkApplier
from leadtool.imports.model import ImportOptions, ImportReport
from leadtool.imports.options import check_options
from leadtool.imports.parallel import choose_workers, normalise_chunks, steady_gc
from leadtool.imports.rejects import write_rejects
from leadtool.normalize.columns import ColumnMap, map_columns
from leadtool.normalize.record import RowNormaliser, RowOptions
from leadtool.outfiles import check_output
from leadtool.readers import Table, open_table
from leadtool.store.batches import (
    count_without_consent_in_batch,
    create_batch,
    find_by_hash,
    finish_batch,
    person_roles,
)
from leadtool.store.connection import Store, open_store, utc_now, write_transaction
from leadtool.store.suppression import count_suppressed_in_batch

SAMPLE_ROWS = 50
IDENTITY_FIELDS = frozenset({"email", "phone", "linkedin"})
NAME_FIELDS = frozenset({"first_name", "last_name", "full_name"})

Progress = Callable[[int], None]


class _DryRunDone(Exception):
    """Raised at the end of a dry run so that the transaction rolls back."""


def import_file(
    store: Store | Path,
    path: Path,
    options: ImportOptions,
    *,
    on_start: Callable[[int | None], None] | None = None,
    progress: Progress | None = None,
    on_wait: Callable[[], None] | None = None,
    now: Callable[[], str] = utc_now,
) -> ImportReport:
    """Import one file into the store and say what happened.

    Given the store's path rather than an open store, the store is opened (created on first
    use) only once the file has been read and its columns mapped, and closed after: a file
    that cannot be imported leaves no new store behind.
    """
    started = time.perf_counter()
    check_options(options)
    if options.rejects_path is not None:
        check_output(options.rejects_path, _path_of(store), "--rejects")
    table = open_table(path, encoding=options.encoding, sheet=options.sheet)
    rows, colmap = _map(table, options)
    report = _new_report(table, colmap)
    report.content_hash = file_hash(path)  # hashed once: a 1M-row file takes a while
    with _opened(store, dry_run=options.dry_run) as store:
        previous = find_by_hash(store.conn, report.content_hash)
        if previous is not None:
            report.status, report.previous_batch_id = "already-imported", previous
            return report
        if on_start is not None:
            on_start(table.total_rows)
        rejects: list[Path] = []  # the rejects file, written beside its target before COMMIT
        try:
            with write_transaction(store, on_wait=on_wait) as conn:
                _run(conn, table, rows, colmap, options, report, progress, now(), rejects)
                if options.dry_run:
                    raise _DryRunDone
        except _DryRunDone:
            report.status, report.batch_id = "dry-run", None
        except BaseException as exc:
            for tmp in rejects:  # nothing was imported: no rejects file either
                tempfiles.discard(tmp)
            if isinstance(exc, sqlite3.Error):
                raise StoreError(
                    f"{store.path}: {exc}; nothing from {path.name} was imported"
                ) from None
            raise
    if rejects and options.rejects_path is not None:
        _place_rejects(rejects[0], options.rejects_path, report)
    report.seconds = time.perf_counter() - started
    return report


def _path_of(store: Store | Path) -> Path:
    return store if isinstance(store, Path) else store.path


@contextmanager
def _opened(store: Store | Path, *, dry_run: bool = False) -> Iterator[Store]:
    """The open store as it is, or the store at a path, opened now and closed after. A dry
    run on a machine with no store yet runs against an empty store of its own, thrown away
    after: it writes nothing, not even a new store."""
    if isinstance(store, Store):
        yield store
        return
    with contextlib.ExitStack() as stack:
        if dry_run and not store.exists():
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            store = scratch / store.name
        opened = open_store(store, create=True)
        stack.callback(opened.close)
        yield opened


def _place_rejects(tmp: Path, target: Path, report: ImportReport) -> None:
    """Committed (or a dry run): now the rejects file is true. If it cannot be put in
    place, the import stays done and the report says so; no copy is left behind."""
    try:
        tmp.replace(target)
    except OSError as exc:
        report.rejects_error = f"could not write {target} ({exc.strerror or type(exc).__name__})"
    else:
        report.rejects_file = str(target)
    finally:
        tempfiles.discard(tmp)  # removes nothing once the file is in place


def _map(table: Table, options: ImportOptions) -> tuple[Iterator[tuple[int, list[str]]], ColumnMap]:
    sample = list(itertools.islice(table.rows, SAMPLE_ROWS))
    colmap = map_columns(table.header, options.mapping, [cells for _, cells in sample])
    _require_identity(table, colmap)
    return itertools.chain(sample, table.rows), colmap


def _require_identity(table: Table, colmap: ColumnMap) -> None:
    fields = set(colmap.fields.values())
    placed = "company" in fields or "postal_code" in fields  # a badge; a postal list
    if fields & IDENTITY_FIELDS or (fields & NAME_FIELDS and placed):
        return
    shown = ", ".join(repr(h) for h in table.header[:12])
    more = ", ..." if len(table.header) > 12 else ""
    raise InputFileError(
        table.path,
        "no column identifies a person (an email, a phone, a LinkedIn profile, or a name "
        f"with a company or a postal code); columns found: {shown}{more}. "
        "Say which is which with --map, e.g. --map 'E-Mail Adresse=email'",
    )


def _new_report(table: Table, colmap: ColumnMap) -> ImportReport:
    return ImportReport(
        file=str(table.path),
        status="imported",
        batch_id=None,
        format=table.format,
        encoding=table.encoding,
        sheet=table.sheet,
        profile=colmap.profile,
        mapping=colmap.describe(table.header),
    )


def _run(
    conn: sqlite3.Connection,
    table: Table,
    rows: Iterator[tuple[int, list[str]]],
    colmap: ColumnMap,
    options: ImportOptions,
    report: ImportReport,
    progress: Progress | None,
    now: str,
    rejects: list[Path],
) -> None:
    batch_id = create_batch(
        conn,
        file_name=table.path.name,
        content_hash=report.content_hash,
        source=options.source,
        cost=options.cost,
        format=table.format,
        encoding=table.encoding,
        sheet=table.sheet,
        mapping=report.mapping,
        options=_recorded_options(options),
        started_at=now,
    )
    row_options = RowOptions(
        options.region,
        options.check_deliverability,
        consent=options.consent,
        consent_at=now if options.consent else None,
    )
    normaliser = RowNormaliser(table.header, colmap, row_options)
    settings = ApplySettings(
        batch_id, now, options.on_conflict, options.stage, options.tags, table.path.name
    )
    applier = ChunkApplier(conn, settings)
    workers = choose_workers(options.workers, table.total_rows)
    with steady_gc():
        for chunk in normalise_chunks(rows, normaliser, workers):
            applier.apply(chunk)
            if progress is not None:
                progress(len(chunk))
    _fill_report(report, applier, person_roles(conn, batch_id), batch_id)
    report.suppressed = count_suppressed_in_batch(conn, batch_id)
    report.without_consent = count_without_consent_in_batch(conn, batch_id)
    finish_batch(conn, batch_id, utc_now(), **_batch_counts(report))
    if options.rejects_path is not None and report.rejected:
        rejects.append(write_rejects(conn, batch_id, table.header, options.rejects_path)[0])


def _fill_report(
    report: ImportReport, applier: ChunkApplier, roles: dict[str, int], batch_id: int
) -> None:
    c = applier.counts
    report.batch_id = batch_id
    report.rows, report.rejected, report.flagged = c.rows, c.rejected, c.flagged
    report.merged, report.matched, report.people_merged = c.merged, c.matched, c.people_merged
    report.flags = dict(c.flags)
    report.new = roles.get("created", 0)
    report.updated = roles.get("updated", 0)
    report.unchanged = roles.get("matched", 0)
    report.timings = applier.timings()


def _batch_counts(report: ImportReport) -> dict[str, int]:
    return {
        "rows_read": report.rows,
        "new": report.new,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "merged": report.merged,
        "matched": report.matched,
        "rejected": report.rejected,
        "flagged": report.flagged,
    }


def _recorded_options(options: ImportOptions) -> dict[str, object]:
    kept = (
        "stage",
        "tags",
        "consent",
        "on_conflict",
        "region",
        "check_deliverability",
        "mapping",
        "sheet",
    )
    return {k: v for k, v in asdict(options).items() if k in kept}


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes: the same file imported twice is recognised."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
