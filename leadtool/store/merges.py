"""The SQL of merges outside an import: finding who the store-wide sweep merges, listing
merges, reading one, marking it undone.

Cleanup's exact-duplicate sweep (cleanup/dedupe.py) finds the identity keys several people
hold (`shared_keys`) and reads what its rules need to decide (`identities`, `name_keys`).

A merge row keeps both people as they were (JSON snapshots from importing.snapshot), so
`unmerge` can put them back with store.undo.restore_merge. A fuzzy merge also leaves a
'merged' event on the kept person, removed again when the merge is undone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from leadtool.store.rows import in_parts, row_dict, row_dicts

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


def shared_keys(conn: sqlite3.Connection) -> list[tuple[str, str, list[int]]]:
    """Every identity key that more than one person holds, with those people.

    One pass over the person_keys primary key (kind, value, person_id): no sort needed.
    """
    cur = conn.execute(
        "SELECT kind, value, group_concat(person_id) FROM person_keys "
        "GROUP BY kind, value HAVING count(*) > 1"
    )
    return [(k, v, sorted(int(p) for p in ids.split(","))) for k, v, ids in cur]


def identities(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """id -> name_key, email, linkedin: what decides whether a weak key may join people."""
    wanted = sorted(set(ids))
    found: dict[int, dict[str, Any]] = {}
    for part in in_parts(wanted, 900):
        cur = conn.execute(
            "SELECT id, name_key, email, linkedin FROM people WHERE id IN "
            f"({', '.join('?' * len(part))})",
            part,
        )
        for pid, name_key, email, linkedin in cur:
            found[int(pid)] = {"name_key": name_key, "email": email, "linkedin": linkedin}
    return found


def name_keys(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str | None]:
    """id -> name_key: all the weak-key pre-check needs, small enough for 1M people."""
    wanted = sorted(set(ids))
    found: dict[int, str | None] = {}
    for part in in_parts(wanted, 900):
        cur = conn.execute(
            f"SELECT id, name_key FROM people WHERE id IN ({', '.join('?' * len(part))})", part
        )
        found.update((int(pid), name_key) for pid, name_key in cur)
    return found
