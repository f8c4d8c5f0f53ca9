"""What every step is given: the open store, the options, the time, and fair turns.

A long step commits in chunks. Between two chunks it lets go of the writer lock for a
moment once it has held it for a while, so that an import polling for the lock gets it
(flock gives no turns by itself: whoever asks first after the release wins).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from leadtool.cleanup.model import CleanupOptions
from leadtool.store.connection import Store, iso_utc, write_transaction
from leadtool.store.lock import POLL_SECONDS

HOLD_SECONDS = 1.0  # hold the writer lock about this long before giving others a turn
YIELD_SECONDS = POLL_SECONDS * 2  # long enough for a waiting writer's poll to see it free


class StepSkipped(Exception):
    """The step has nothing it can do here; its message says why."""


@dataclass
class StepContext:
    store: Store
    options: CleanupOptions
    now: datetime
    _held_since: float = field(default_factory=time.monotonic)

    @property
    def stamp(self) -> str:
        return iso_utc(self.now)

    @property
    def dry_run(self) -> bool:
        return self.options.dry_run

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction under the writer lock, waiting generously for an import."""
        with write_transaction(self.store, wait=self.options.write_wait) as conn:
            yield conn

    def pace(self) -> None:
        """Between two chunks: give a waiting writer its turn if we held the lock a while."""
        if time.monotonic() - self._held_since >= HOLD_SECONDS:
            time.sleep(YIELD_SECONDS)
            self._held_since = time.monotonic()
