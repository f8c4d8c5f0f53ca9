"""Opening the store: file permissions, pragmas, migrations, and the one way to write.

The store holds personal data, so it is created owner-only (0600 in a 0700 directory) before
SQLite touches it, so that the -wal and -shm files inherit the mode (PITFALLS #10). Every
write goes through `write_transaction`: the advisory writer lock, then one `BEGIN IMMEDIATE`
transaction that commits whole or not at all (PITFALLS #1, #2).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from leadtool.errors import NotFoundError, StoreError
from leadtool.store import integrity, recognise, sqlfunctions
from leadtool.store.integrity import StoreDamagedError
from leadtool.store.lock import writer_lock
from leadtool.store.migrations import pending, record_applied
from leadtool.store.settings import add_secret

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
DEFAULT_WRITE_WAIT = 600.0
# Page cache per connection. The default 2 MB makes every index insert of a big import a
# cache miss; 32 MB holds the hot index pages while keeping the import under its memory budget.
CACHE_KIB = 32_768


@dataclass
class Store:
    """An open store: its path and a connection in autocommit mode (we issue BEGIN)."""

    path: Path
    conn: sqlite3.Connection
    # What quick_check found, once asked in this process (None: not asked yet).
    problems: list[str] | None = None

    def close(self) -> None:
        self.conn.close()

    def check(self, *, fresh: bool = False) -> list[str]:
        """quick_check's findings (see integrity), asked once per open store unless `fresh`."""
        if self.problems is None or fresh:
            self.problems = integrity.problems(self.conn)
        return self.problems

    def refuse_if_damaged(self) -> None:
        found = self.check()
        if found:
            raise StoreDamagedError(integrity.damaged_message(self.path, len(found)))


def open_store(path: Path, *, create: bool = True, wait: float = DEFAULT_WRITE_WAIT) -> Store:
    """Open (and on first use create) the store at `path`, applying pending migrations.

    Only leadtool's own stores are opened, and files with nothing in them yet (a new or
    empty file, an SQLite database without tables). Another application's database is
    refused before anything, not even the journal mode, is written to it.
    """
    if not path.exists():
        if not create:
            raise NotFoundError(f"{path}: no leadtool store here yet; run `leadtool import` first")
        _create_private_file(path)
    elif path.is_dir():
        raise StoreError(f"{path}: is a folder; --db needs a file path")
    elif path.stat().st_size and not _is_sqlite(path):
        raise StoreError(f"{path}: is not a leadtool store (not an SQLite database)")
    else:
        _check_existing(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        _configure(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the store ({exc})") from None
    store = Store(path=path, conn=conn)
    _migrate(store, wait)
    return store


def _create_private_file(path: Path) -> None:
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _check_existing(path: Path) -> None:
    """Refuse another application's database; make the store owner-only (0600)."""
    kind = recognise.kind_of(path)
    if kind is recognise.Kind.FOREIGN:
        raise StoreError(
            f"{path}: is not a leadtool store (it holds another application's tables); "
            "leadtool leaves it alone"
        )
    # An empty file made by `touch` or another tool has the umask's mode (often 0644), and so
    # has a store an older leadtool made from one; it holds personal data, and the -wal and
    # -shm files inherit its mode. A store someone else owns (a shared folder) is theirs.
    if path.stat().st_uid == os.geteuid() and _mode(path) & 0o077:
        for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            try:
                if file.exists():
                    file.chmod(0o600)
            except OSError as exc:
                raise StoreError(f"{file}: cannot make it private ({exc.strerror})") from None


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL in WAL mode is safe against application crashes (kill -9); only a power cut
    # can lose the last committed transaction, and the file stays consistent.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    sqlfunctions.register(conn)


def _migrate(store: Store, wait: float) -> None:
    if not pending(store.conn):
        return
    with write_transaction(store, wait=wait) as conn:
        for migration in pending(conn):
            migration.apply(conn)
            record_applied(conn, migration, utc_now())
        add_secret(conn)


@contextmanager
def write_transaction(
    store: Store, *, wait: float = DEFAULT_WRITE_WAIT, on_wait: Callable[[], None] | None = None
) -> Iterator[sqlite3.Connection]:
    """Hold the writer lock and one BEGIN IMMEDIATE transaction; commit on success only.

    A damaged store is refused before the first write (StoreDamagedError); corruption
    SQLite meets mid-write rolls everything back and becomes the same one-line error.
    """
    with writer_lock(store.path, wait=wait, on_wait=on_wait):
        store.conn.execute("BEGIN IMMEDIATE")
        try:
            store.refuse_if_damaged()
            yield store.conn
            store.conn.execute("COMMIT")
        except BaseException as exc:
            _rollback(store.conn)
            if integrity.is_corruption(exc):
                store.problems = store.problems or [str(exc)]
                raise StoreDamagedError(integrity.damaged_message(store.path)) from None
            raise


def _rollback(conn: sqlite3.Connection) -> None:
    if not conn.in_transaction:
        return
    # A ROLLBACK that fails on a damaged file: SQLite rolls back when the connection closes.
    with suppress(sqlite3.DatabaseError):
        conn.execute("ROLLBACK")


def utc_now() -> str:
    """The current time as ISO-8601 UTC with seconds, the only time format in the store."""
    return iso_utc(datetime.now(UTC))


def iso_utc(moment: datetime) -> str:
    """A time as the store writes it: ISO-8601 UTC with seconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
