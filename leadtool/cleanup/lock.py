"""The cleanup lock (`<store>.cleanup.lock`): one cleanup at a time.

Separate from the writer lock, which each step takes only for its own transactions: an
import may run between two steps, but a second cleanup never starts while one runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from leadtool.store.lock import file_lock


def cleanup_lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".cleanup.lock")


@contextmanager
def cleanup_lock(db_path: Path, *, wait: float) -> Iterator[None]:
    """Hold the cleanup lock, waiting up to `wait` seconds; else StoreBusyError (exit 75)."""
    busy = f"{db_path}: another cleanup is running on this store; nothing was done"
    with file_lock(cleanup_lock_path(db_path), wait=wait, busy=busy):
        yield
