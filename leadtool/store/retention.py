"""The SQL of retention: finding and purging raw import rows and rejected rows past their age.

Purges go in chunks of PURGE_CHUNK rows, each in the caller's write transaction, with
secure_delete on (upkeep.set_secure_delete) so the purged personal data does not linger.
"""

from __future__ import annotations

import sqlite3

PURGE_CHUNK = 20_000


def old_import_rows(conn: sqlite3.Connection, cutoff: str) -> dict[int, int]:
    """batch id -> raw rows kept, for imports started before `cutoff`."""
    cur = conn.execute(
        "SELECT r.batch_id, count(*) FROM import_rows r WHERE r.batch_id IN "
        "(SELECT id FROM batches WHERE started_at < ?) GROUP BY r.batch_id",
        (cutoff,),
    )
    return {int(b): int(n) for b, n in cur}


def purge_import_rows(conn: sqlite3.Connection, batch_id: int, limit: int = PURGE_CHUNK) -> int:
    """Delete up to `limit` raw rows of one batch; how many went."""
    cur = conn.execute(
        "DELETE FROM import_rows WHERE batch_id = ?1 AND row_number IN "
        "(SELECT row_number FROM import_rows WHERE batch_id = ?1 ORDER BY row_number LIMIT ?2)",
        (batch_id, limit),
    )
    return int(cur.rowcount)


def count_old_rejects(conn: sqlite3.Connection, cutoff: str) -> int:
    row = conn.execute("SELECT count(*) FROM rejects WHERE created_at < ?", (cutoff,)).fetchone()
    return int(row[0])


def purge_rejects(conn: sqlite3.Connection, cutoff: str, limit: int = PURGE_CHUNK) -> int:
    cur = conn.execute(
        "DELETE FROM rejects WHERE id IN "
        "(SELECT id FROM rejects WHERE created_at < ? ORDER BY id LIMIT ?)",
        (cutoff, limit),
    )
    return int(cur.rowcount)
