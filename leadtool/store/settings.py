"""The SQL of the store's settings: the `settings` key/value table, and the store secret.

The secret (64 hex characters) is made once, when the store is created or migrated
(connection._migrate), and never changes: the keyed hashes of forgotten people and the
names of backups depend on it. Other keys are the cleanup steps' bookkeeping. Writes run
in the caller's transaction.
"""

from __future__ import annotations

import secrets
import sqlite3


def get_setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def store_secret(conn: sqlite3.Connection) -> str | None:
    """The store's secret; None when it has none."""
    return get_setting(conn, "secret")


def add_secret(conn: sqlite3.Connection) -> None:
    """Give the store its secret unless it has one already."""
    conn.execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES ('secret', ?)",
        (secrets.token_hex(32),),
    )
