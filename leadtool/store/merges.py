"""The SQL of merges outside an import: listing them, reading one, marking it undone.

A merge row keeps both people as they were (JSON snapshots from importing.snapshot), so
`unmerge` can put them back with store.undo.restore_merge. A fuzzy merge also leaves a
'merged' event on the kept person, removed again when the merge is undone.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from leadtool.store.rows import row_dict, row_dicts

LIST_COLUMNS = ("id", "at", "batch_id", "kept_id", "merged_id", "reason", "undone_at")


def list_merges(conn: sqlite3.Connection, *, include_undone: bool = True) -> list[dict[str, Any]]:
    sql = f"SELECT {', '.join(LIST_COLUMNS)} FROM merges"
    if not include_undone:
        sql += " WHERE undone_at IS NULL"
    rows = conn.execute(sql + " ORDER BY id")
    return row_dicts(rows, LIST_COLUMNS)


def get_merge(conn: sqlite3.Connection, merge_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        f"SELECT {', '.join(LIST_COLUMNS)}, kept_before, merged_before FROM merges WHERE id = ?",
        (merge_id,),
    ).fetchone()
    if row is None:
        return None
    found = row_dict(LIST_COLUMNS, row[:-2])
    found["kept_before"], found["merged_before"] = json.loads(row[-2]), json.loads(row[-1])
    return found


def later_merges(conn: sqlite3.Connection, merge_id: int, pid: int) -> list[int]:
    """Merges made after `merge_id`, not undone, that involve person `pid`."""
    rows = conn.execute(
        "SELECT id FROM merges WHERE id > ? AND undone_at IS NULL AND ? IN (kept_id, merged_id) "
        "ORDER BY id",
        (merge_id, pid),
    )
    return [int(r[0]) for r in rows]


def changed_since(conn: sqlite3.Connection, pid: int, merge_id: int, at: str) -> bool:
    """Whether the kept person has history after the merge (or, for an import's merge,
    which leaves no event, was updated after it)."""
    mark = conn.execute(
        "SELECT id FROM events WHERE person_id = ? AND kind = 'merged' "
        "AND json_extract(detail, '$.merge_id') = ?",
        (pid, merge_id),
    ).fetchone()
    if mark is not None:
        later = "SELECT 1 FROM events WHERE person_id = ? AND id > ? LIMIT 1"
        return conn.execute(later, (pid, mark[0])).fetchone() is not None
    row = conn.execute("SELECT updated_at FROM people WHERE id = ?", (pid,)).fetchone()
    return row is not None and str(row[0]) > at


def mark_undone(conn: sqlite3.Connection, merge_id: int, at: str) -> None:
    conn.execute("UPDATE merges SET undone_at = ? WHERE id = ?", (at, merge_id))


def add_merge_event(conn: sqlite3.Connection, pid: int, at: str, detail: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) "
        "VALUES (?, NULL, ?, 'merged', ?)",
        (pid, at, json.dumps(detail, ensure_ascii=False)),
    )


def drop_merge_event(conn: sqlite3.Connection, pid: int, merge_id: int) -> None:
    conn.execute(
        "DELETE FROM events WHERE person_id = ? AND kind = 'merged' "
        "AND json_extract(detail, '$.merge_id') = ?",
        (pid, merge_id),
    )
