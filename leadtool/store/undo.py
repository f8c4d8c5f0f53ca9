"""Undoing one import batch: the SQL, run inside the caller's write transaction.

People the batch created and nobody else contributed to are deleted. People that existed
before get the fields the batch changed put back (where nothing changed them since). People
the batch created but later imports also contributed to are kept, and said so. Merges the
batch made are restored from their snapshots first.

An activity import (batches.kind 'activity') also takes back exactly the events it stored
(activities.batch_id), never another import's or `activity add`'s; a person it created
(`--create`) who has other events recorded is kept with them, so no undo loses those.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from leadtool.store.importing import save_person
from leadtool.store.people_table import INSERT_COLUMNS, INSERT_PERSON
from leadtool.store.queries import person_row

PERSON_TABLES = (
    "scores",
    "person_keys",
    "person_batches",
    "tags",
    "events",
    "import_rows",
    "contacts",
    "activities",
)


@dataclass
class UndoResult:
    batch_id: int
    removed: int = 0
    reverted: int = 0
    unlinked: int = 0
    kept: int = 0
    unmerged: int = 0
    rejects_removed: int = 0
    events: int = 0  # activity events the batch had stored (an activity import)


def undo_batch(conn: sqlite3.Connection, batch_id: int, now: str) -> UndoResult:
    result = UndoResult(batch_id)
    result.events = conn.execute("DELETE FROM activities WHERE batch_id = ?", (batch_id,)).rowcount
    result.reverted += _revert_customers(conn, batch_id, now)
    result.unmerged = _restore_merges(conn, batch_id, now)
    result.removed = _delete_only_created(conn, batch_id)
    links = conn.execute(
        "SELECT person_id, role FROM person_batches WHERE batch_id = ?", (batch_id,)
    ).fetchall()
    for pid, role in links:
        _revert_person(conn, pid, batch_id, now)
        if role == "created":
            result.kept += 1
        elif role == "updated":
            result.reverted += 1
        else:
            result.unlinked += 1
    result.rejects_removed = conn.execute(
        "DELETE FROM rejects WHERE batch_id = ?", (batch_id,)
    ).rowcount
    conn.execute("DELETE FROM import_rows WHERE batch_id = ?", (batch_id,))
    conn.execute(
        "UPDATE batches SET status = 'undone', undone_at = ? WHERE id = ?", (now, batch_id)
    )
    return result


_ONLY_CREATED = (
    "SELECT person_id AS id FROM person_batches pb "
    "WHERE batch_id = ? AND role = 'created' AND NOT EXISTS (SELECT 1 FROM person_batches o "
    "WHERE o.person_id = pb.person_id AND o.batch_id != pb.batch_id) "
    # An activity import's people with events from elsewhere are referred to: kept.
    "AND NOT EXISTS (SELECT 1 FROM batches b JOIN activities a ON a.person_id = pb.person_id "
    "WHERE b.id = pb.batch_id AND b.kind = 'activity' AND a.batch_id IS NOT pb.batch_id)"
)

# What was done to a person after their import, by hand or by another command: history
# from no import (stage moves, tags, merges, re-normalising), tags given by hand, exports,
# activity.
# A suppression mark is no work lost: the suppression entry outlives the undo.
_LATER_WORK = {
    "staged or changed since": "SELECT DISTINCT person_id FROM events "
    "WHERE batch_id IS NULL AND kind NOT IN ('suppression', 'tag')",
    # A tag given or taken away by hand (its history entry stays when the tag is removed).
    "tagged by hand": "SELECT DISTINCT person_id FROM events WHERE batch_id IS NULL "
    "AND kind = 'tag' UNION SELECT person_id FROM tags WHERE batch_id IS NULL",
    "exported": "SELECT DISTINCT person_id FROM export_people",
    # What they did was recorded after they came: undoing would lose it.
    "with activity recorded": "SELECT DISTINCT person_id FROM activities WHERE batch_id IS NOT ?1",
}


def later_work(conn: sqlite3.Connection, batch_id: int) -> dict[str, int]:
    """Among the people undoing `batch_id` would delete: how many carry each kind of
    later work (a person may count under several)."""
    found: dict[str, int] = {}
    for what, query in _LATER_WORK.items():
        n = conn.execute(
            f"SELECT count(*) FROM ({_ONLY_CREATED}) WHERE id IN ({query})", (batch_id,)
        ).fetchone()[0]
        if n:
            found[what] = int(n)
    return found


def _revert_customers(conn: sqlite3.Connection, batch_id: int, now: str) -> int:
    """An activity import's purchases made customers of people it did not create: put back
    the stage each had, where nothing moved them since. Its entries stay in their history,
    with an 'undo' entry after them. (People it created are deleted, or reverted with the
    import's other changes.)"""
    conn.execute("DROP TABLE IF EXISTS temp.undo_moves")
    conn.execute(
        "CREATE TEMP TABLE undo_moves AS SELECT e.person_id AS id, "
        "json_extract(e.detail, '$.from') AS old FROM events e "
        "JOIN people p ON p.id = e.person_id WHERE e.batch_id = ? AND e.kind = 'stage' "
        "AND p.stage = json_extract(e.detail, '$.to') AND NOT EXISTS (SELECT 1 FROM events l "
        "WHERE l.person_id = e.person_id AND l.kind = 'stage' AND l.id > e.id) "
        "AND e.person_id NOT IN (SELECT person_id FROM person_batches WHERE batch_id = ?)",
        (batch_id, batch_id),
    )
    conn.execute(
        "UPDATE people SET stage = m.old, updated_at = ? FROM undo_moves m WHERE people.id = m.id",
        (now,),
    )
    conn.execute(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) "
        "SELECT id, ?, ?, 'undo', json_object('batch_id', ?) FROM undo_moves",
        (batch_id, now, batch_id),
    )
    moved = int(conn.execute("SELECT count(*) FROM undo_moves").fetchone()[0])
    conn.execute("DROP TABLE temp.undo_moves")
    return moved


def _delete_only_created(conn: sqlite3.Connection, batch_id: int) -> int:
    conn.execute("DROP TABLE IF EXISTS temp.undo_ids")
    conn.execute(f"CREATE TEMP TABLE undo_ids AS {_ONLY_CREATED}", (batch_id,))
    for table in PERSON_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE person_id IN (SELECT id FROM temp.undo_ids)")
    removed = conn.execute("DELETE FROM people WHERE id IN (SELECT id FROM temp.undo_ids)").rowcount
    conn.execute("DROP TABLE temp.undo_ids")
    return int(removed)


def _revert_person(conn: sqlite3.Connection, pid: int, batch_id: int, now: str) -> None:
    person = person_row(conn, pid)
    events = conn.execute(
        "SELECT kind, detail FROM events WHERE person_id = ? AND batch_id = ? ORDER BY id DESC",
        (pid, batch_id),
    ).fetchall()
    for kind, detail in events:
        _revert_event(person, kind, json.loads(detail or "{}"))
    remaining = conn.execute(
        "SELECT min(batch_id) FROM person_batches WHERE person_id = ? AND batch_id != ?",
        (pid, batch_id),
    ).fetchone()[0]
    if person["first_batch_id"] == batch_id:
        person["first_batch_id"] = remaining
    save_person(conn, person)
    current = [person.get(c) for c in ("email", "phone", "linkedin")]
    conn.execute(
        "DELETE FROM person_keys WHERE person_id = ? AND batch_id = ? "
        "AND kind IN ('email', 'role_email', 'phone') AND value NOT IN (?, ?, ?)",
        (pid, batch_id, *(v or "" for v in current)),
    )
    conn.execute("DELETE FROM tags WHERE person_id = ? AND batch_id = ?", (pid, batch_id))
    conn.execute("DELETE FROM person_batches WHERE person_id = ? AND batch_id = ?", (pid, batch_id))
    conn.execute(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) VALUES (?, ?, ?, 'undo', ?)",
        (pid, batch_id, now, json.dumps({"batch_id": batch_id})),
    )


def _revert_event(person: dict[str, Any], kind: str, detail: dict[str, Any]) -> None:
    if kind == "updated":
        for name, (old, new) in detail.items():
            if person.get(name) == new:
                person[name] = old
    elif kind == "stage" and person.get("stage") == detail.get("to"):
        person["stage"] = detail.get("from")


def _restore_merges(conn: sqlite3.Connection, batch_id: int, now: str) -> int:
    merges = conn.execute(
        "SELECT id, kept_before, merged_before FROM merges WHERE batch_id = ? "
        "AND undone_at IS NULL ORDER BY id DESC",
        (batch_id,),
    ).fetchall()
    for merge_id, kept_json, merged_json in merges:
        restore_merge(conn, json.loads(kept_json), json.loads(merged_json))
        conn.execute("UPDATE merges SET undone_at = ? WHERE id = ?", (now, merge_id))
    return len(merges)


def restore_merge(conn: sqlite3.Connection, kept: dict[str, Any], merged: dict[str, Any]) -> None:
    """Put two merged people back as they were before the merge."""
    kept_id, merged_id = kept["person"]["id"], merged["person"]["id"]
    person = merged["person"]
    conn.execute(INSERT_PERSON, tuple(person.get(c) for c in INSERT_COLUMNS))
    save_person(conn, kept["person"])
    kept_keys = {(k, v) for k, v, _ in kept["keys"]}
    for kind, value, b in merged["keys"]:
        conn.execute(
            "INSERT OR IGNORE INTO person_keys (kind, value, person_id, batch_id) VALUES (?,?,?,?)",
            (kind, value, merged_id, b),
        )
        if (kind, value) not in kept_keys:
            conn.execute(
                "DELETE FROM person_keys WHERE kind = ? AND value = ? AND person_id = ?",
                (kind, value, kept_id),
            )
    _restore_links(conn, kept, merged)
    _restore_contacts(conn, kept, merged)
    for event_id in merged["events"]:
        conn.execute("UPDATE events SET person_id = ? WHERE id = ?", (merged_id, event_id))
    _restore_activities(conn, kept_id, merged_id, merged.get("activities", []))
    for b, row_number in merged["rows"]:
        conn.execute(
            "UPDATE import_rows SET person_id = ? WHERE batch_id = ? AND row_number = ?",
            (merged_id, b, row_number),
        )


def _restore_activities(
    conn: sqlite3.Connection, kept_id: int, merged_id: int, rows: list[list[Any]]
) -> None:
    """The merged person's events back on them: moved back where the merge moved them,
    stored again where the kept person had the same event (the merge kept one copy).
    A snapshot from before migration 0007 has none."""
    for activity_id, *event in rows:
        moved = conn.execute(
            "UPDATE activities SET person_id = ? WHERE id = ? AND person_id = ?",
            (merged_id, activity_id, kept_id),
        ).rowcount
        if not moved:
            # A new id: the old one may have been given to an event added since.
            conn.execute(
                "INSERT OR IGNORE INTO activities (person_id, type, ts, detail, amount, "
                "currency, batch_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (merged_id, *event),
            )


def _restore_contacts(
    conn: sqlite3.Connection, kept: dict[str, Any], merged: dict[str, Any]
) -> None:
    """The merged person's contact counters as they were; the kept person's as they are now,
    less what the merged person brought: exports since the merge stay counted, so a cap
    such as `contacted_count < 3` never lets someone be contacted more than it says."""
    kept_id, merged_id = kept["person"]["id"], merged["person"]["id"]
    row = conn.execute("SELECT count, last_at FROM contacts WHERE person_id = ?", (kept_id,))
    now_count, now_last = row.fetchone() or (0, None)
    kept_count, kept_last = _contacts_of(kept)
    merged_count, merged_last = _contacts_of(merged)
    count = max(now_count - merged_count, kept_count)
    _set_contacts(conn, kept_id, count, now_last if count > kept_count else kept_last)
    _set_contacts(conn, merged_id, merged_count, merged_last)


def _contacts_of(snap: dict[str, Any]) -> tuple[int, str | None]:
    """A snapshot's counters (one taken before migration 0006 has them on the person)."""
    if "contacts" in snap:
        found = snap["contacts"]
        return (int(found[0]), found[1]) if found else (0, None)
    person = snap["person"]
    return int(person.get("contacted_count") or 0), person.get("last_contacted")


def _set_contacts(conn: sqlite3.Connection, pid: int, count: int, last: str | None) -> None:
    conn.execute("DELETE FROM contacts WHERE person_id = ?", (pid,))
    if count or last:
        conn.execute(
            "INSERT INTO contacts (person_id, count, last_at) VALUES (?, ?, ?)",
            (pid, count, last),
        )


def _restore_links(conn: sqlite3.Connection, kept: dict[str, Any], merged: dict[str, Any]) -> None:
    kept_id, merged_id = kept["person"]["id"], merged["person"]["id"]
    kept_batches = {b for b, _, _ in kept["batches"]}
    for b, role, rows in merged["batches"]:
        conn.execute(
            "INSERT OR REPLACE INTO person_batches (person_id, batch_id, role, rows) "
            "VALUES (?,?,?,?)",
            (merged_id, b, role, rows),
        )
        if b not in kept_batches:
            conn.execute(
                "DELETE FROM person_batches WHERE person_id = ? AND batch_id = ?", (kept_id, b)
            )
    # An import both came from had its row count added up on the kept person: put it back.
    conn.executemany(
        "UPDATE person_batches SET role = ?, rows = ? WHERE person_id = ? AND batch_id = ?",
        [(role, rows, kept_id, b) for b, role, rows in kept["batches"]],
    )
    kept_tags = {t for t, _, _ in kept["tags"]}
    for tag, b, added in merged["tags"]:
        conn.execute(
            "INSERT OR IGNORE INTO tags (person_id, tag, batch_id, added_at) VALUES (?,?,?,?)",
            (merged_id, tag, b, added),
        )
        if tag not in kept_tags:
            conn.execute("DELETE FROM tags WHERE person_id = ? AND tag = ?", (kept_id, tag))
