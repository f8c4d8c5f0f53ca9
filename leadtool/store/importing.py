"""The SQL of an import: batch rows, key look-ups, bulk writes of a chunk, person merges.

Called only inside `write_transaction`, so everything here commits or rolls back with the
import as a whole. Bulk paths use plain `executemany` (PITFALLS: sqlite-utils' insert_all
is ~3x slower and commits per batch on its own).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from leadtool.store.people_table import (
    INSERT_PERSON,
    PEOPLE_COLUMNS,
    SELECT_PEOPLE,
    UPDATE_PERSON,
)
from leadtool.store.rows import in_parts, row_dict

Key = tuple[str, str]
_CHUNK = 500  # host parameters per IN (...) query stay well under SQLite's limit
# Tags compare ignoring case (normalize/tags.py): a person keeps the first spelling of a tag.
_ADD_TAG = (
    "INSERT OR IGNORE INTO tags (person_id, tag, batch_id, added_at) SELECT ?1, ?2, ?3, ?4 "
    "WHERE NOT EXISTS (SELECT 1 FROM tags WHERE person_id = ?1 AND lt_fold(tag) = lt_fold(?2))"
)


@dataclass
class ChunkWrites:
    """Everything one chunk of rows writes, flushed in one go."""

    new_people: list[tuple[Any, ...]] = field(default_factory=list)  # INSERT_COLUMNS
    changed_people: dict[int, dict[str, Any]] = field(default_factory=dict)
    keys: list[tuple[str, str, int, int]] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)
    events: list[tuple[int, int | None, str, str, str]] = field(default_factory=list)
    tags: list[tuple[int, str, int, str]] = field(default_factory=list)
    rows: list[tuple[int, int, int, str]] = field(default_factory=list)
    rejects: list[tuple[int, int, str, str, str]] = field(default_factory=list)


def next_person_id(conn: sqlite3.Connection) -> int:
    """The next free person id, never one used before: undo and merges delete people whose
    ids still appear in merge snapshots, so ids are not reused even after the newest go."""
    row = conn.execute(
        "SELECT max(coalesce((SELECT max(id) FROM people), 0), "
        "coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'last_person_id'), 0))"
    ).fetchone()
    return int(row[0]) + 1


def remember_last_person_id(conn: sqlite3.Connection, last_id: int) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('last_person_id', ?) "
        "ON CONFLICT (key) DO UPDATE SET "
        "value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
        (str(last_id),),
    )


def lookup_keys(conn: sqlite3.Connection, keys: Iterable[Key]) -> dict[Key, list[int]]:
    """Stored people for each key, batched per kind into IN (...) queries."""
    by_kind: dict[str, list[str]] = {}
    for kind, value in keys:
        by_kind.setdefault(kind, []).append(value)
    found: dict[Key, list[int]] = {}
    for kind, values in by_kind.items():
        values.sort()
        for part in in_parts(values, _CHUNK):
            sql = (
                "SELECT value, person_id FROM person_keys WHERE kind = ? AND value IN "
                f"({', '.join('?' * len(part))})"
            )
            for value, pid in conn.execute(sql, (kind, *part)):
                found.setdefault((kind, value), []).append(pid)
    return found


def load_people(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    wanted = sorted(set(ids))
    people: dict[int, dict[str, Any]] = {}
    for part in in_parts(wanted, _CHUNK):
        sql = f"{SELECT_PEOPLE} WHERE id IN ({', '.join('?' * len(part))})"
        for row in conn.execute(sql, part):
            people[row[0]] = row_dict(PEOPLE_COLUMNS, row)
    return people


def flush(conn: sqlite3.Connection, w: ChunkWrites) -> None:
    """Write a chunk; the caller's transaction makes it durable or not at all."""
    conn.executemany(INSERT_PERSON, w.new_people)
    conn.executemany(UPDATE_PERSON, (_update_values(p) for p in w.changed_people.values()))
    # Sorted, a chunk's keys land on neighbouring B-tree pages instead of random ones.
    w.keys.sort()
    conn.executemany(
        "INSERT OR IGNORE INTO person_keys (kind, value, person_id, batch_id) VALUES (?,?,?,?)",
        w.keys,
    )
    conn.executemany(
        "INSERT INTO person_batches (person_id, batch_id, role) VALUES (?, ?, ?) "
        "ON CONFLICT (person_id, batch_id) DO UPDATE SET rows = rows + 1, "
        "role = CASE WHEN role = 'matched' THEN excluded.role ELSE role END",
        w.links,
    )
    conn.executemany(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) VALUES (?,?,?,?,?)", w.events
    )
    conn.executemany(_ADD_TAG, w.tags)
    conn.executemany(
        "INSERT INTO import_rows (batch_id, row_number, person_id, data) VALUES (?,?,?,?)", w.rows
    )
    conn.executemany(
        "INSERT INTO rejects (batch_id, row_number, reason, data, created_at) VALUES (?,?,?,?,?)",
        w.rejects,
    )


def _update_values(person: dict[str, Any]) -> tuple[Any, ...]:
    return (*(person.get(c) for c in PEOPLE_COLUMNS[1:]), person["id"])


def snapshot(conn: sqlite3.Connection, pid: int) -> dict[str, Any]:
    """A person with everything attached to it, as JSON-able data (for merges and undo)."""
    person = load_people(conn, [pid])[pid]
    return {
        "person": person,
        "keys": conn.execute(
            "SELECT kind, value, batch_id FROM person_keys WHERE person_id = ?", (pid,)
        ).fetchall(),
        "batches": conn.execute(
            "SELECT batch_id, role, rows FROM person_batches WHERE person_id = ?", (pid,)
        ).fetchall(),
        "tags": conn.execute(
            "SELECT tag, batch_id, added_at FROM tags WHERE person_id = ?", (pid,)
        ).fetchall(),
        "events": [r[0] for r in conn.execute("SELECT id FROM events WHERE person_id = ?", (pid,))],
        "rows": conn.execute(
            "SELECT batch_id, row_number FROM import_rows WHERE person_id = ?", (pid,)
        ).fetchall(),
        "contacts": conn.execute(
            "SELECT count, last_at FROM contacts WHERE person_id = ?", (pid,)
        ).fetchone(),
        # Whole rows: an event both people had is dropped from the merged one (stored once)
        # and must come back with unmerge.
        "activities": conn.execute(
            "SELECT id, type, ts, detail, amount, currency, batch_id, created_at "
            "FROM activities WHERE person_id = ?",
            (pid,),
        ).fetchall(),
    }


def move_person(conn: sqlite3.Connection, src: int, dst: int) -> None:
    """Re-attach everything of person `src` to `dst` and delete `src`."""
    conn.execute(
        "INSERT OR IGNORE INTO person_keys (kind, value, person_id, batch_id) "
        "SELECT kind, value, ?, batch_id FROM person_keys WHERE person_id = ?",
        (dst, src),
    )
    conn.execute(
        "INSERT INTO person_batches (person_id, batch_id, role, rows) "
        "SELECT ?, batch_id, role, rows FROM person_batches WHERE person_id = ? "
        "ON CONFLICT (person_id, batch_id) DO UPDATE SET rows = rows + excluded.rows",
        (dst, src),
    )
    conn.execute(
        "INSERT OR IGNORE INTO tags (person_id, tag, batch_id, added_at) "
        "SELECT ?1, tag, batch_id, added_at FROM tags AS src WHERE person_id = ?2 "
        "AND NOT EXISTS (SELECT 1 FROM tags AS t WHERE t.person_id = ?1 "
        "AND lt_fold(t.tag) = lt_fold(src.tag))",
        (dst, src),
    )
    # Both were contacted: the counts add up, the latest time stays.
    conn.execute(
        "INSERT INTO contacts (person_id, count, last_at) "
        "SELECT ?, count, last_at FROM contacts WHERE person_id = ? "
        "ON CONFLICT (person_id) DO UPDATE SET count = count + excluded.count, "
        "last_at = nullif(max(coalesce(last_at, ''), coalesce(excluded.last_at, '')), '')",
        (dst, src),
    )
    for table in ("events", "import_rows"):
        conn.execute(f"UPDATE {table} SET person_id = ? WHERE person_id = ?", (dst, src))
    # What they did: an event both had is stored once, on `dst`; `src`'s copy goes.
    conn.execute("UPDATE OR IGNORE activities SET person_id = ? WHERE person_id = ?", (dst, src))
    conn.execute("DELETE FROM activities WHERE person_id = ?", (src,))
    # `src`'s score goes with them: `dst`'s is recomputed from both's events by the next
    # `leadtool score` (scores are never added up).
    for table in ("person_keys", "person_batches", "tags", "contacts", "scores", "people"):
        column = "id" if table == "people" else "person_id"
        conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (src,))


def record_merge(
    conn: sqlite3.Connection,
    *,
    at: str,
    batch_id: int | None,
    kept: dict[str, Any],
    merged: dict[str, Any],
    reason: str,
) -> int:
    cur = conn.execute(
        "INSERT INTO merges (at, batch_id, kept_id, merged_id, reason, kept_before, merged_before)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            at,
            batch_id,
            kept["person"]["id"],
            merged["person"]["id"],
            reason,
            json.dumps(kept, ensure_ascii=False),
            json.dumps(merged, ensure_ascii=False),
        ),
    )
    return int(cur.lastrowid or 0)


def save_person(conn: sqlite3.Connection, person: dict[str, Any]) -> None:
    conn.execute(UPDATE_PERSON, _update_values(person))
