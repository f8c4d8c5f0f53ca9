"""The SQL of `leadtool cleanup`: backup, retention, checks and upkeep, and the sweeps.

Write statements here run inside the caller's `write_transaction` unless said otherwise
(VACUUM and the WAL checkpoint cannot run inside a transaction: the caller holds the
writer lock around them instead).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from leadtool.store.people_table import PEOPLE_COLUMNS
from leadtool.store.rows import row_dicts

PURGE_CHUNK = 20_000


# --------------------------------------------------------------------------- backup


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


# --------------------------------------------------------------------------- retention


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


# --------------------------------------------------------------------------- renormalise

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
    for part in _parts(ids):
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


def _parts(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# --------------------------------------------------------------------------- dedupe


def shared_keys(conn: sqlite3.Connection) -> list[tuple[str, str, list[int]]]:
    """Every identity key that more than one person holds, with those people.

    One pass over the person_keys primary key (kind, value, person_id): no sort needed.
    """
    cur = conn.execute(
        "SELECT kind, value, group_concat(person_id) FROM person_keys "
        "GROUP BY kind, value HAVING count(*) > 1"
    )
    return [(k, v, sorted(int(p) for p in ids.split(","))) for k, v, ids in cur]


# --------------------------------------------------------------------------- suppress

_MARKED = (
    "NOT EXISTS (SELECT 1 FROM events e WHERE e.person_id = k.person_id "
    "AND e.kind = 'suppression' AND e.at >= s.created_at "
    "AND json_extract(e.detail, '$.action') = 'suppressed' "
    "AND json_extract(e.detail, '$.reason') = s.reason)"
)
# Matched people per entry kind: (person_id, entry id) pairs not yet marked for the entry.
_UNMARKED = {
    "email": (
        "SELECT k.person_id AS person_id, s.id AS entry FROM suppressions s JOIN person_keys k "
        "ON k.kind IN ('email', 'role_email') AND k.value = s.value "
        f"WHERE s.kind = 'email' AND s.removed_at IS NULL AND {_MARKED}"
    ),
    "phone": (
        "SELECT k.person_id AS person_id, s.id AS entry FROM suppressions s JOIN person_keys k "
        "ON k.kind = 'phone' AND k.value = s.value "
        f"WHERE s.kind = 'phone' AND s.removed_at IS NULL AND {_MARKED}"
    ),
    # One pass over the email keys, each looked up in the suppressions index.
    "domain": (
        "SELECT k.person_id AS person_id, s.id AS entry FROM person_keys k JOIN suppressions s "
        "ON s.kind = 'domain' AND s.removed_at IS NULL "
        "AND s.value = substr(k.value, instr(k.value, '@') + 1) "
        f"WHERE k.kind IN ('email', 'role_email') AND {_MARKED}"
    ),
}


def active_entries(conn: sqlite3.Connection) -> dict[str, int]:
    """kind (email, phone, domain, hash) -> how many active suppression entries."""
    cur = conn.execute(
        "SELECT kind, count(*) FROM suppressions WHERE removed_at IS NULL GROUP BY kind"
    )
    return {str(k): int(n) for k, n in cur}


def count_unmarked(conn: sqlite3.Connection, kind: str) -> int:
    sql = f"SELECT count(*) FROM ({_UNMARKED[kind]} GROUP BY k.person_id, s.id)"
    return int(conn.execute(sql).fetchone()[0])


def mark_unmarked(conn: sqlite3.Connection, kind: str, now: str) -> int:
    """Record a 'suppression' event on every matched person not yet marked for the entry."""
    cur = conn.execute(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) "
        "SELECT m.person_id, NULL, ?, 'suppression', json_object('action', 'suppressed', "
        "'by', s.kind, 'reason', s.reason, 'note', s.note, 'via', 'cleanup') "
        f"FROM ({_UNMARKED[kind]} GROUP BY k.person_id, s.id) AS m "
        "JOIN suppressions s ON s.id = m.entry ORDER BY m.person_id",
        (now,),
    )
    return int(cur.rowcount)


def identities(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """id -> name_key, email, linkedin: what decides whether a weak key may join people."""
    wanted = sorted(set(ids))
    found: dict[int, dict[str, Any]] = {}
    for part in _parts(wanted, 900):
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
    for part in _parts(wanted, 900):
        cur = conn.execute(
            f"SELECT id, name_key FROM people WHERE id IN ({', '.join('?' * len(part))})", part
        )
        found.update((int(pid), name_key) for pid, name_key in cur)
    return found
