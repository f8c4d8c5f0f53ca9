"""Normalising rows in chunks, in this process or in a small pool of worker processes.

Validation (email-validator, phonenumbers) is the import's main cost, ~35 µs a row; on a big
file two worker processes normalise chunks while this process writes. Chunks in flight are
bounded so memory stays flat whatever the file size, and results keep file order.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from leadtool.normalize.record import PersonRow, RowNormaliser, Wire

CHUNK_ROWS = 2000
POOL_MIN_ROWS = 20_000  # below this, starting workers costs more than it saves
IN_FLIGHT_PER_WORKER = 3

Chunk = list[tuple[int, list[str]]]
_worker: RowNormaliser | None = None


def chunks(rows: Iterable[tuple[int, list[str]]], size: int = CHUNK_ROWS) -> Iterator[Chunk]:
    it = iter(rows)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def choose_workers(requested: int | None, total_rows: int | None) -> int:
    if requested is not None:
        return max(0, requested)
    if total_rows is None or total_rows < POOL_MIN_ROWS:
        return 0
    return min(2, os.cpu_count() or 1)


def normalise_chunks(
    rows: Iterable[tuple[int, list[str]]], normaliser: RowNormaliser, workers: int
) -> Iterator[list[PersonRow]]:
    """Yield normalised chunks in file order, using `workers` processes (0: inline)."""
    if workers <= 0:
        for chunk in chunks(rows):
            yield [normaliser(n, cells) for n, cells in chunk]
        return
    # Only cells go out and compact tuples come back: pickling PersonRow objects cost as
    # much as validating them.
    # spawn, not fork: a forked worker would inherit the store's writer-lock descriptor and
    # SQLite connection, and outlive a killed import still holding the lock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init, initargs=(normaliser,)
    ) as pool:
        pending: deque[tuple[Chunk, Future[list[Wire]]]] = deque()
        for chunk in chunks(rows):
            pending.append((chunk, pool.submit(_work, [cells for _, cells in chunk])))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield _assemble(normaliser, *pending.popleft())
        while pending:
            yield _assemble(normaliser, *pending.popleft())


def _assemble(
    normaliser: RowNormaliser, chunk: Chunk, future: Future[list[Wire]]
) -> list[PersonRow]:
    wires = future.result()
    return [normaliser.assemble(n, cells, w) for (n, cells), w in zip(chunk, wires, strict=True)]


def _init(normaliser: RowNormaliser) -> None:
    global _worker
    _worker = normaliser


def _work(rows: list[list[str]]) -> list[Wire]:
    assert _worker is not None
    return [_worker.validate(cells) for cells in rows]
