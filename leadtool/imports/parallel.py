"""Normalising rows in chunks, in this process or in a small pool of worker processes.

Validation (email-validator, phonenumbers) is over half of an import's work (BENCHMARKS.md);
on a big file two worker processes normalise chunks while this process writes. Chunks in
flight are bounded so memory stays flat whatever the file size, and results keep file order.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager

from leadtool.imports.apply import with_values
from leadtool.imports.wire import Wire, from_wire, to_wire
from leadtool.normalize.record import PersonRow, RowNormaliser
from leadtool.workers import worker_pool

CHUNK_ROWS = 2000
POOL_MIN_ROWS = 20_000  # below this, starting workers costs more than it saves
IN_FLIGHT_PER_WORKER = 2
GC_GEN0_THRESHOLD = 50_000  # allocations between young collections (Python default: 700)

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
            yield [with_values(normaliser(n, cells)) for n, cells in chunk]
        return
    # Rows come back as slim plain tuples (imports.wire): unpickling whole rows was a fifth
    # of this process's work. The workers end with this process, killed or not (workers.py).
    with worker_pool(workers, _init, (normaliser,)) as pool:
        pending: deque[Future[list[Wire]]] = deque()
        for chunk in chunks(rows):
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield [from_wire(t) for t in pending.popleft().result()]
        while pending:
            yield [from_wire(t) for t in pending.popleft().result()]


@contextmanager
def steady_gc() -> Iterator[None]:
    """Fewer, cheaper garbage collections while rows stream through.

    A million-row import spent 12.6 s of this process in the cycle collector (0.7 s with
    this), 9.2 s of it in full collections that walk every object alive, modules included.
    The objects alive when the rows start are frozen out of the collector's sight, and young
    objects are collected every GC_GEN0_THRESHOLD allocations. This process's rows are plain
    dicts, lists and strings that die with their chunk. Workers only freeze: their failed
    phone parses leave exceptions in reference cycles, which a rarer collection would let
    pile up (24 MB more at 100k rows).
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_GEN0_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _init(normaliser: RowNormaliser) -> None:
    global _worker
    _worker = normaliser
    gc.freeze()  # a worker lives for one import; see steady_gc for why only this


def _work(chunk: Chunk) -> list[Wire]:
    assert _worker is not None
    return [to_wire(with_values(_worker(n, cells))) for n, cells in chunk]
