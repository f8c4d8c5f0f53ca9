"""The SQL of backups: copying the open store into a file, consistently and without blocking.

Where backups go, their names and rotation are the cleanup step's (cleanup/backup.py);
whether a copy is sound is integrity.copy_is_sound.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def backup_into(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the store into `target` (an empty file) with SQLite's online backup API.

    One step (pages=-1): one read snapshot, so writers in WAL mode are never blocked and
    the copy is consistent. The copy is left in rollback-journal mode: a single file.
    """
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE").fetchall()
    finally:
        dest.close()
