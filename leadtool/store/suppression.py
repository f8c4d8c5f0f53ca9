"""The SQL of the suppression list: who must not be contacted, matched by value.

A person is suppressed while an active entry (removed_at IS NULL) matches one of their
emails, phones or their email's domain. Suppression is by value, not by person id, so a
person imported again later is suppressed again without anything to do. Emails and domains
are stored lower-cased, as people's emails are, so plain `=` matches ignoring case.

Cleanup's suppression step marks every matched person who has no `suppression` event for
the entry yet (`count_unmarked`, `mark_unmarked`).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from leadtool.store.rows import row_dicts

_EMAILS = (
    "SELECT people.email UNION SELECT k.value FROM person_keys k "
    "WHERE k.person_id = people.id AND k.kind IN ('email', 'role_email')"
)
_PHONES = (
    "SELECT people.phone UNION SELECT k.value FROM person_keys k "
    "WHERE k.person_id = people.id AND k.kind = 'phone'"
)
_DOMAINS = (
    "SELECT substr(e, instr(e, '@') + 1) FROM (SELECT people.email AS e UNION "
    "SELECT k.value FROM person_keys k "
    "WHERE k.person_id = people.id AND k.kind IN ('email', 'role_email'))"
)

# How an entry `s` matches the person `people`, per kind (used by `person_suppression`).
_MATCHES = {
    "email": f"s.kind = 'email' AND s.value IN ({_EMAILS})",
    "phone": f"s.kind = 'phone' AND s.value IN ({_PHONES})",
    "domain": f"s.kind = 'domain' AND s.value IN ({_DOMAINS})",
}


def suppressed_sql() -> str:
    """A boolean SQL expression over `people`: true when the person is suppressed.

    Export uses it as `AND NOT (<expression>)`; it has no parameters.
    """
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM suppressions s WHERE s.removed_at IS NULL AND {match})"
        for match in _MATCHES.values()
    )


_ACTIVE = "SELECT value FROM suppressions WHERE kind = '{kind}' AND removed_at IS NULL"
# Everyone suppressed, set-based, per kind of entry: the same people as `suppressed_sql()`,
# found from the entries (index look-ups) and a scan of people (and, for domains, of the
# email keys). Only the kinds the list holds are asked about.
_SUPPRESSED_BY_KIND = {
    "email": (
        "SELECT k.person_id FROM suppressions s JOIN person_keys k ON k.value = s.value "
        "AND k.kind IN ('email', 'role_email') WHERE s.kind = 'email' AND s.removed_at IS NULL",
        f"SELECT id FROM people WHERE email IN ({_ACTIVE.format(kind='email')})",
    ),
    "phone": (
        "SELECT k.person_id FROM suppressions s JOIN person_keys k ON k.value = s.value "
        "AND k.kind = 'phone' WHERE s.kind = 'phone' AND s.removed_at IS NULL",
        f"SELECT id FROM people WHERE phone IN ({_ACTIVE.format(kind='phone')})",
    ),
    "domain": (
        "SELECT id FROM people WHERE "
        f"substr(email, instr(email, '@') + 1) IN ({_ACTIVE.format(kind='domain')})",
        "SELECT person_id FROM person_keys WHERE kind IN ('email', 'role_email') "
        f"AND substr(value, instr(value, '@') + 1) IN ({_ACTIVE.format(kind='domain')})",
    ),
}
SUPPRESSED_IDS = "temp.suppressed_ids"


def materialise_suppressed(conn: sqlite3.Connection) -> str:
    """Fill the connection's temporary table of suppressed people (for one export's queries)
    and return the SQL expression over `people` that is true for them.

    `suppressed_sql()` asks three correlated questions per person, seconds for a million
    people; this answers them once, and each query then looks the id up.
    """
    kinds = {
        str(r[0])
        for r in conn.execute("SELECT DISTINCT kind FROM suppressions WHERE removed_at IS NULL")
    }
    parts = [
        sql
        for kind in sorted(kinds & _SUPPRESSED_BY_KIND.keys())
        for sql in _SUPPRESSED_BY_KIND[kind]
    ]
    conn.execute(f"DROP TABLE IF EXISTS {SUPPRESSED_IDS}")
    conn.execute(f"CREATE TABLE {SUPPRESSED_IDS} (person_id INTEGER PRIMARY KEY)")
    if parts:
        conn.execute(f"INSERT OR IGNORE INTO {SUPPRESSED_IDS} {' UNION '.join(parts)}")
    return f"people.id IN (SELECT person_id FROM {SUPPRESSED_IDS})"


def add_entry(
    conn: sqlite3.Connection, kind: str, value: str, reason: str, note: str | None, now: str
) -> bool:
    """Add an active entry; False when the same kind and value is already active."""
    cur = conn.execute(
        "INSERT OR IGNORE INTO suppressions (kind, value, reason, note, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (kind, value, reason, note, now),
    )
    return cur.rowcount == 1


def remove_entry(conn: sqlite3.Connection, kind: str, value: str, now: str) -> str | None:
    """Mark the active entry removed; its reason, or None when there was none."""
    row = conn.execute(
        "UPDATE suppressions SET removed_at = ? "
        "WHERE kind = ? AND value = ? AND removed_at IS NULL RETURNING reason",
        (now, kind, value),
    ).fetchone()
    return None if row is None else str(row[0])


def people_matching(conn: sqlite3.Connection, kind: str, value: str) -> list[int]:
    """The stored people an entry of this kind and value applies to."""
    if kind == "domain":
        sql = (
            "SELECT id FROM people WHERE substr(email, instr(email, '@') + 1) = ?1 "
            "UNION SELECT person_id FROM person_keys WHERE kind IN ('email', 'role_email') "
            "AND substr(value, instr(value, '@') + 1) = ?1"
        )
        return sorted(int(r[0]) for r in conn.execute(sql, (value,)))
    kinds = ("email", "role_email") if kind == "email" else (kind,)
    marks = ", ".join("?" for _ in kinds)
    cur = conn.execute(
        f"SELECT DISTINCT person_id FROM person_keys WHERE kind IN ({marks}) AND value = ?",
        (*kinds, value),
    )
    return sorted(int(r[0]) for r in cur)


def record_events(
    conn: sqlite3.Connection, ids: list[int], detail: dict[str, Any], now: str
) -> None:
    text = json.dumps(detail, ensure_ascii=False)
    conn.executemany(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) "
        "VALUES (?, NULL, ?, 'suppression', ?)",
        [(pid, now, text) for pid in ids],
    )


def list_entries(
    conn: sqlite3.Connection, reason: str | None, *, removed: bool
) -> list[dict[str, Any]]:
    """Entries oldest first; only active ones unless `removed`."""
    sql = "SELECT id, kind, value, reason, note, created_at, removed_at FROM suppressions WHERE 1"
    params: list[str] = []
    if reason is not None:
        sql += " AND reason = ?"
        params.append(reason)
    if not removed:
        sql += " AND removed_at IS NULL"
    cur = conn.execute(sql + " ORDER BY id", params)
    return row_dicts(cur)


def person_suppression(conn: sqlite3.Connection, pid: int) -> dict[str, Any] | None:
    """The oldest active entry that suppresses the person, with what matched, or None."""
    parts = " UNION ALL ".join(
        f"SELECT s.id, s.reason, s.note, s.created_at, '{kind}' AS matched "
        f"FROM people JOIN suppressions s ON s.removed_at IS NULL AND {match} "
        "WHERE people.id = ?"
        for kind, match in _MATCHES.items()
    )
    row = conn.execute(
        f"SELECT reason, note, created_at, matched FROM ({parts}) ORDER BY created_at, id LIMIT 1",
        (pid,) * len(_MATCHES),
    ).fetchone()
    if row is None:
        return None
    return {"reason": row[0], "note": row[1], "since": row[2], "matched": row[3]}


def count_suppressed_in_batch(conn: sqlite3.Connection, batch_id: int) -> int:
    """How many of the people an import touched are suppressed (one count)."""
    # The per-person probes cost seconds on a 1M-row import; most stores have no list yet.
    if (
        conn.execute("SELECT 1 FROM suppressions WHERE removed_at IS NULL LIMIT 1").fetchone()
        is None
    ):
        return 0
    row = conn.execute(
        "SELECT count(*) FROM people WHERE id IN "
        f"(SELECT person_id FROM person_batches WHERE batch_id = ?) AND ({suppressed_sql()})",
        (batch_id,),
    ).fetchone()
    return int(row[0])


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
