"""Which files leadtool may open as its store, and which store a copy came from, read-only.

`--db` can point anywhere, including at another application's database. Opening that with
SQLite as a store would switch it to WAL and add our tables before any query could fail,
so the file is looked at first through a read-only connection: `immutable=1` reads the
main file alone and creates no -wal or -shm beside it; only when a -wal file with content
exists (a database in use) is a plain read-only connection needed to see its tables.
"""

from __future__ import annotations

import sqlite3
from enum import Enum
from pathlib import Path

from leadtool.errors import StoreError
from leadtool.store import integrity
from leadtool.store.integrity import StoreDamagedError
from leadtool.store.migrations import MIGRATIONS
from leadtool.store.settings import store_secret


class Kind(Enum):
    EMPTY = "empty"  # no tables yet: a new store
    LEADTOOL = "leadtool"
    FOREIGN = "foreign"


def kind_of(path: Path) -> Kind:
    """What the SQLite file (or empty file) at `path` holds."""
    if not path.stat().st_size:
        return Kind.EMPTY
    wal = Path(f"{path}-wal")
    in_use = wal.exists() and wal.stat().st_size > 0
    modes = ["ro"] if in_use else ["ro&immutable=1", "ro"]
    for i, mode in enumerate(modes):
        try:
            return _peek(path, mode)
        except sqlite3.DatabaseError as exc:
            # An immutable read may catch a checkpoint half-written by another process:
            # read again with locks before calling the file damaged.
            if i + 1 < len(modes):
                continue
            if integrity.is_corruption(exc):
                raise StoreDamagedError(integrity.damaged_message(path)) from None
            raise StoreError(f"{path}: cannot open the store ({exc})") from None
    raise AssertionError("unreachable")  # the loop returns or raises


def secret_of(path: Path) -> str | None:
    """The store secret inside a file that is not open as a store (a backup copy), read-only;
    None when it cannot be read. Used to prove which store a backup came from."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return store_secret(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _peek(path: Path, mode: str) -> Kind:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
    try:
        tables = {
            str(name)
            for kind, name in conn.execute("SELECT type, name FROM sqlite_master")
            if kind == "table"
        }
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
        if app_id:  # an application that stamps its files; leadtool does not
            return Kind.FOREIGN
        if not conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
            return Kind.EMPTY
        if not {"_migrations", "settings"} <= tables:
            return Kind.FOREIGN
        # leadtool's stores record their migrations, the first one by its name.
        first = conn.execute(
            "SELECT 1 FROM _migrations WHERE name = ?", (MIGRATIONS[0].name,)
        ).fetchone()
        return Kind.LEADTOOL if first else Kind.FOREIGN
    finally:
        conn.close()
