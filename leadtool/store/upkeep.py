"""The SQL of the store file's upkeep: the pragmas leadtool runs on an open store.

Statistics (ANALYZE, `PRAGMA optimize`), the file's page counts, VACUUM, the WAL
checkpoint and `secure_delete` (erased bytes overwritten, PITFALLS #9). The pragmas set
on every connection are in connection.py, `quick_check` in integrity.py. VACUUM and the
WAL checkpoint cannot run inside a transaction: the caller holds the writer lock around
them instead.
"""

from __future__ import annotations

import sqlite3


def page_counts(conn: sqlite3.Connection) -> tuple[int, int]:
    """(pages, free pages) of the database file."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    return int(pages), int(free)


def has_statistics(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    ).fetchone()
    return row is not None


def analyze(conn: sqlite3.Connection, limit: int) -> None:
    """ANALYZE with a per-index row sample (`analysis_limit`): fast on big stores."""
    conn.execute(f"PRAGMA analysis_limit = {int(limit)}").fetchall()
    conn.execute("ANALYZE")


def optimize(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA optimize").fetchall()


def vacuum(conn: sqlite3.Connection) -> None:
    """Rebuild the file without free pages. Outside any transaction, under the writer lock."""
    conn.execute("VACUUM")


def wal_checkpoint(conn: sqlite3.Connection) -> bool:
    """Copy the WAL into the database and truncate it, so no old page stays in the -wal;
    False when a reader kept it busy."""
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def set_secure_delete(conn: sqlite3.Connection, on: bool) -> None:
    """Deleted rows' bytes are overwritten with zeros (on) or left in free pages (off)."""
    conn.execute(f"PRAGMA secure_delete = {'ON' if on else 'OFF'}").fetchall()
