"""A big CSV export on two cores: this process writes the first part, a worker the rest.

Reading a million rows out of SQLite and formatting them as CSV is CPU work; split by person
id, the two parts run at once. The worker opens the store read-only and writes its part,
without a header, to a private temporary file made for it, which is then appended to ours. The
caller holds the writer lock, so both parts see the same store. The split (first_share)
allows for the worker starting later and for this process recording the export while the
worker writes.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from shutil import copyfileobj
from typing import IO

from leadtool.exporting import writers
from leadtool.exporting.rows import export_rows
from leadtool.store import exports as sql
from leadtool.store import sqlfunctions
from leadtool.store.suppression import materialise_suppressed
from leadtool.workers import when_orphaned, worker_pool

PARALLEL_MIN_PEOPLE = 200_000  # below this, starting a worker costs more than it saves


@dataclass(frozen=True)
class Part:
    """What the worker needs to write its half: nothing that cannot be pickled."""

    db: Path
    sel: sql.Selection
    fields: tuple[str, ...]
    out: Path


def write_halves(
    conn: sqlite3.Connection,
    db: Path,
    sel: sql.Selection,
    fields: list[str],
    headers: list[str],
    out: IO[bytes],
    part_path: Path,
    *,
    partial: Path,
    bom: bool,
    people: int,
    meanwhile: Callable[[], None] | None = None,
) -> int:
    """Write the header and every exported row to `out`, two processes at once; the count.

    `meanwhile` runs in this process once its half is written, while the worker still
    writes: the export's record, whose updates this process's half has already been read
    before, and the worker's half cannot see (they are not committed).
    """
    share = first_share(len(fields), people, recording=meanwhile is not None)
    middle = sql.middle_id(conn, sel, int(people * share))
    first = replace(sel, where=f"({sel.where}) AND people.id < ?", params=(*sel.params, middle))
    second = replace(sel, where=f"({sel.where}) AND people.id >= ?", params=(*sel.params, middle))
    part = Part(db, second, tuple(fields), part_path)
    # The worker ends with this process (workers.py). Should SIGKILL end this process, it
    # cannot remove its temporary file or the worker's, both holding personal data: the
    # worker removes them when it sees this process gone, from its very start.
    # The worker only opens the part file: none is made again after that removal.
    os.close(os.open(part_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))  # personal data
    with worker_pool(1, _remove_when_orphaned, (part_path, partial)) as pool:
        later = pool.submit(write_part, part)
        rows = export_rows(conn, first, fields, safe=True)
        n = writers.write("csv", out, headers, rows, bom=bom)
        if meanwhile is not None:
            meanwhile()
        n += later.result()
    _append(out, part_path)
    return n


def _append(out: IO[bytes], part_path: Path) -> None:
    """The worker's rows after ours: copied by the kernel where it can (no Python buffers)."""
    out.flush()
    with part_path.open("rb") as tail:
        size = os.fstat(tail.fileno()).st_size
        try:
            offset = 0
            while offset < size:
                sent = os.sendfile(out.fileno(), tail.fileno(), offset, size - offset)
                if sent == 0:
                    break
                offset += sent
        except (AttributeError, OSError):  # no sendfile here: copy through Python
            tail.seek(offset)
            copyfileobj(tail, out, 1 << 20)


# Measured at 1M people: writing a row costs about this much per field, recording the export
# (export_people and contacts) this much per person, and the worker starts this much later.
FIELD_MICROS = 0.37
RECORD_MICROS = 0.6
WORKER_START_MICROS = 500_000


def first_share(fields: int, people: int, *, recording: bool) -> float:
    """This process's share of the rows, so that both processes finish together.

    With N people, r the cost of a row, c the record's per person and s the worker's late
    start: p * N * r + c * N = s + (1 - p) * N * r gives p.
    """
    total = max(people, 1) * max(FIELD_MICROS * fields, 1.0)
    record = RECORD_MICROS * people if recording else 0.0
    return min(0.9, max(0.1, (total + WORKER_START_MICROS - record) / (2 * total)))


def write_part(part: Part) -> int:
    """In the worker: the rows of one half, CSV without a header, to `part.out`."""
    conn = sqlite3.connect(f"{part.db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        sqlfunctions.register(conn)
        if part.sel.held:
            materialise_suppressed(conn)
        rows = export_rows(conn, part.sel, part.fields, safe=True)
        fd = os.open(part.out, os.O_WRONLY | os.O_TRUNC)  # made 0600 by the parent
        with os.fdopen(fd, "wb") as out:
            return writers.write("csv", out, [], rows, bom=False, header=False)
    finally:
        conn.close()


def _remove_when_orphaned(*paths: Path) -> None:
    """In the worker, at its start: the files to remove should the parent die first."""
    when_orphaned(lambda: _remove(paths))


def _remove(paths: tuple[Path, ...]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
