"""Worker processes that never outlive the command that started them.

`kill -9` of a command does not end the processes multiprocessing spawned for it: each
waits on a queue it holds open itself, so it never sees its parent go, and it keeps the
resource tracker alive too. Here every worker watches the pipe it was spawned through, whose
other end only its parent holds: at EOF the parent is gone, and the worker runs the cleanups
its task asked for (`when_orphaned`) and exits at once.

A pool left by an exception (a failure, Ctrl-C, SIGTERM) is stopped, not waited for: its
workers are terminated before the caller's cleanup runs, so none of them is left writing a
file the cleanup has just removed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.process import BaseProcess
from typing import Any

from leadtool.errors import EXIT_ORPHANED

Initializer = Callable[..., None]
_when_orphaned: list[Callable[[], None]] = []


@contextmanager
def worker_pool(
    workers: int, initializer: Initializer | None = None, initargs: tuple[Any, ...] = ()
) -> Iterator[ProcessPoolExecutor]:
    """A pool of `workers` spawned processes that end with this one (see the module text)."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start, initargs=(initializer, initargs)
    )
    try:
        yield pool
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def exit_with_parent() -> None:
    """In a spawned process: exit as soon as the parent process is gone."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_after, args=(parent,), daemon=True).start()


def when_orphaned(cleanup: Callable[[], None]) -> None:
    """In a worker: run `cleanup` (quick, best effort) should the parent die first, e.g.
    remove the files holding personal data that the dead parent can no longer remove."""
    _when_orphaned.append(cleanup)


def _exit_after(parent: BaseProcess) -> None:
    parent.join()  # waits for EOF on the spawning pipe: only the parent's death brings it
    for cleanup in _when_orphaned:
        with contextlib.suppress(Exception):  # exiting matters more than any one cleanup
            cleanup()
    os._exit(EXIT_ORPHANED)  # at once: the half-done task has nobody left to report to


def _start(initializer: Initializer | None, initargs: tuple[Any, ...]) -> None:
    if initializer is not None:  # first: it may ask for cleanups (when_orphaned)
        initializer(*initargs)
    exit_with_parent()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's workers, wait for them to be gone, then let the pool go."""
    # The executor has no public way to end its workers before Python 3.14
    # (terminate_workers); its process table is the only handle on them.
    processes = list((pool._processes or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()
    pool.shutdown(wait=True, cancel_futures=True)
