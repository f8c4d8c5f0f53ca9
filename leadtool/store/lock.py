"""The advisory writer lock beside the store (`<store>.lock`).

SQLite's own locking only decides who writes at the moment of a statement; a long import and
a nightly cleanup need to take turns as whole jobs. Every leadtool writer holds this lock for
the whole of its write transaction; readers never take it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from leadtool.errors import StoreBusyError

POLL_SECONDS = 0.1


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def writer_lock(
    db_path: Path, *, wait: float, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold the store's writer lock, waiting up to `wait` seconds for another writer.

    Raises StoreBusyError when the lock is still held after `wait` seconds. `on_wait` is
    called once, when we first find the lock taken, so a terminal can say why it pauses.
    """
    busy = (
        f"{db_path}: another leadtool command is writing to this store; "
        "try again when it has finished"
    )
    with file_lock(lock_path(db_path), wait=wait, busy=busy, on_wait=on_wait):
        yield


@contextmanager
def file_lock(
    path: Path, *, wait: float, busy: str, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold an exclusive flock on `path` (created 0600), waiting up to `wait` seconds;
    else StoreBusyError(busy). The lock goes with the process, even after kill -9."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _acquire(fd, wait, busy, on_wait)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, wait: float, busy: str, on_wait: Callable[[], None] | None) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StoreBusyError(busy) from None
            if on_wait is not None and not told:
                on_wait()
                told = True
            time.sleep(POLL_SECONDS)
