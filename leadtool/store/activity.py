"""The SQL of the activity store: what people did, one row per event (migration 0007).

Owns adding one event (stored once: the UNIQUE (person_id, type, ts, detail) makes a second
insert of the same event a no-op that says so) and reading a person's events for
`people show`; the bulk insert and the suppression look-ups of an activity import.
Times are integer epoch seconds UTC in the table; they are shown as the
store's ISO-8601 text. Erasing a person's events is forgetting's (store/forget.py).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from leadtool.store.suppression import materialise_suppressed

# Epoch seconds -> the store's ISO-8601 UTC text, in SQL.
_ISO = "strftime('%Y-%m-%dT%H:%M:%SZ', ts, 'unixepoch')"


@dataclass(frozen=True)
class NewActivity:
    person_id: int
    type: str
    ts: int  # epoch seconds, UTC
    detail: str  # '' when none: the same event is then stored once
    amount: float | None
    currency: str | None
    batch_id: int | None
    created_at: str


def add_activity(conn: sqlite3.Connection, event: NewActivity) -> int | None:
    """Insert the event; its id, or None when the same event is already stored."""
    cur = conn.execute(
        "INSERT INTO activities (person_id, type, ts, detail, amount, currency, batch_id, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (person_id, type, ts, detail) DO NOTHING",
        (
            event.person_id,
            event.type,
            event.ts,
            event.detail,
            event.amount,
            event.currency,
            event.batch_id,
            event.created_at,
        ),
    )
    return int(cur.lastrowid) if cur.rowcount and cur.lastrowid else None


def person_activities(conn: sqlite3.Connection, pid: int) -> list[dict[str, Any]]:
    """Every event of the person, latest first (the same time: the latest added first)."""
    cur = conn.execute(
        f"SELECT type, {_ISO} AS at, detail, amount, currency, batch_id FROM activities "
        "WHERE person_id = ? ORDER BY ts DESC, id DESC",
        (pid,),
    )
    return [
        {"type": t, "at": at, "detail": detail, "amount": amount, "currency": cur_, "batch_id": b}
        for t, at, detail, amount, cur_, b in cur
    ]


def add_activities(conn: sqlite3.Connection, events: list[NewActivity]) -> int:
    """Insert many events (an activity import's chunk); how many were new. The same event
    already stored, or twice in `events`, is stored once."""
    before = conn.total_changes
    conn.executemany(
        "INSERT INTO activities (person_id, type, ts, detail, amount, currency, batch_id, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (person_id, type, ts, detail) DO NOTHING",
        [
            (e.person_id, e.type, e.ts, e.detail, e.amount, e.currency, e.batch_id, e.created_at)
            for e in events
        ],
    )
    return conn.total_changes - before


def suppressed_people(conn: sqlite3.Connection) -> frozenset[int]:
    """Everyone the suppression list suppresses now (few, in any store: held as a set)."""
    expression = materialise_suppressed(conn)
    rows = conn.execute(f"SELECT id FROM people WHERE {expression}")
    return frozenset(int(r[0]) for r in rows)


def suppression_values(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """The active entries' values by kind (email, phone, domain): someone not stored yet is
    suppressed when one of their emails, phones or email domains is among them."""
    found: dict[str, set[str]] = {"email": set(), "phone": set(), "domain": set()}
    rows = conn.execute(
        "SELECT kind, value FROM suppressions WHERE removed_at IS NULL "
        "AND kind IN ('email', 'phone', 'domain')"
    )
    for kind, value in rows:
        found[str(kind)].add(str(value))
    return {kind: frozenset(values) for kind, values in found.items()}


def count_batch_events(conn: sqlite3.Connection, batch_id: int) -> int:
    """How many events of an activity import are stored."""
    row = conn.execute("SELECT count(*) FROM activities WHERE batch_id = ?", (batch_id,))
    return int(row.fetchone()[0])


def first_currency(conn: sqlite3.Connection, batch_id: int) -> str | None:
    """The currency of the first event with one that the import `batch_id` stored."""
    row = conn.execute(
        "SELECT currency FROM activities WHERE batch_id = ? AND currency IS NOT NULL "
        "ORDER BY id LIMIT 1",
        (batch_id,),
    ).fetchone()
    return None if row is None else str(row[0])
