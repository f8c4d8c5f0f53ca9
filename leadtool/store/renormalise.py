"""The SQL of re-normalisation: people whose stored values an older normaliser wrote, or that
failed validation, and writing their values and identity keys back.

Writes run inside the caller's write transaction; each changed person gets a
'renormalised' event.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from leadtool.store.people_table import PEOPLE_COLUMNS
from leadtool.store.rows import in_parts, row_dicts

# People whose stored values hold something that failed validation.
FLAGGED_INVALID = (
    "((invalid IS NOT NULL AND invalid NOT IN ('', '{}')) "
    "OR email_flags LIKE '%invalid%' OR phone_flags IS NOT NULL)"
)
_SELECT = f"SELECT {', '.join(PEOPLE_COLUMNS)} FROM people"


def people_to_renormalise(
    conn: sqlite3.Connection, after_id: int, version: int, *, flagged: bool, limit: int
) -> list[dict[str, Any]]:
    """The next `limit` people (by id, after `after_id`) stamped older than `version`, and
    the people flagged invalid when `flagged`."""
    where = f"(norm_version < ?2 OR {FLAGGED_INVALID})" if flagged else "norm_version < ?2"
    cur = conn.execute(
        f"{_SELECT} WHERE id > ?1 AND {where} ORDER BY id LIMIT ?3", (after_id, version, limit)
    )
    return row_dicts(cur, PEOPLE_COLUMNS)


def keys_of(conn: sqlite3.Connection, ids: list[int]) -> dict[int, list[tuple[str, str, Any]]]:
    """person id -> [(kind, value, batch_id)] for the given people."""
    found: dict[int, list[tuple[str, str, Any]]] = {pid: [] for pid in ids}
    for part in in_parts(ids):
        cur = conn.execute(
            "SELECT person_id, kind, value, batch_id FROM person_keys WHERE person_id IN "
            f"({', '.join('?' * len(part))})",
            part,
        )
        for pid, kind, value, batch in cur:
            found[pid].append((kind, value, batch))
    return found


def stamp_version(conn: sqlite3.Connection, ids: list[int], version: int) -> None:
    conn.executemany(
        "UPDATE people SET norm_version = ? WHERE id = ? AND norm_version != ?",
        [(version, pid, version) for pid in ids],
    )


def update_fields(conn: sqlite3.Connection, pid: int, values: dict[str, Any]) -> None:
    """Set some columns of one person (names checked against the people table)."""
    names = [n for n in values if n in PEOPLE_COLUMNS and n != "id"]
    assert len(names) == len(values), "unknown people column"
    conn.execute(
        f"UPDATE people SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
        (*(values[n] for n in names), pid),
    )


def replace_keys(
    conn: sqlite3.Connection,
    pid: int,
    removed: Iterable[tuple[str, str]],
    added: Iterable[tuple[str, str, Any]],
) -> None:
    conn.executemany(
        "DELETE FROM person_keys WHERE kind = ? AND value = ? AND person_id = ?",
        [(k, v, pid) for k, v in removed],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO person_keys (kind, value, person_id, batch_id) VALUES (?,?,?,?)",
        [(k, v, pid, b) for k, v, b in added],
    )


def add_event(
    conn: sqlite3.Connection, pid: int, at: str, kind: str, detail: str, batch_id: int | None = None
) -> None:
    conn.execute(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) VALUES (?, ?, ?, ?, ?)",
        (pid, batch_id, at, kind, detail),
    )
