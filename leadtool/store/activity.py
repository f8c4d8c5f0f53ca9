"""The SQL of the activity store: what people did, one row per event (migration 0007).

Owns adding one event (stored once: the UNIQUE (person_id, type, ts, detail) makes a second
insert of the same event a no-op that says so) and reading a person's events for
`people show`. Times are integer epoch seconds UTC in the table; they are shown as the
store's ISO-8601 text. Erasing a person's events is forgetting's (store/forget.py).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

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
