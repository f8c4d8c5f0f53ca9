"""Worker pools that end with their command: stopped, not waited for, when it fails."""

from __future__ import annotations

import os
import time

import psutil
import pytest

from leadtool.workers import worker_pool
from tests.processes import kill_all, survivors


def test_an_interrupted_pool_stops_its_workers_at_once() -> None:
    with pytest.raises(KeyboardInterrupt), worker_pool(2) as pool:
        pids = {pool.submit(os.getpid).result() for _ in range(4)}
        workers = [psutil.Process(pid) for pid in pids]
        busy = pool.submit(time.sleep, 30)  # waited for, this would hold the command 30 s
        raise KeyboardInterrupt
    left = survivors(workers, wait=10)
    kill_all(left)
    assert left == []
    assert busy.cancelled() or busy.exception() is not None  # never ran to its end


def test_a_pool_that_finishes_returns_every_result() -> None:
    with worker_pool(2) as pool:
        results = list(pool.map(abs, range(-5, 5)))
    assert results == [abs(n) for n in range(-5, 5)]
