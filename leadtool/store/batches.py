"""Import batches: creating, finishing, finding and listing them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from leadtool.store.rows import first_dict, row_dicts

BATCH_COUNTS = ("rows_read", "new", "updated", "unchanged", "merged", "matched", "rejected")
BATCH_COUNTS_ALL = (*BATCH_COUNTS, "flagged")


def create_batch(conn: sqlite3.Connection, **values: Any) -> int:
    values = {**values, "mapping": json.dumps(values["mapping"], ensure_ascii=False)}
    values["options"] = json.dumps(values["options"], ensure_ascii=False)
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(
        f"INSERT INTO batches ({columns}, status) VALUES ({marks}, 'done')", tuple(values.values())
    )
    return int(cur.lastrowid or 0)


def finish_batch(conn: sqlite3.Connection, batch_id: int, finished_at: str, **counts: int) -> None:
    sets = ", ".join(f"{name} = ?" for name in counts)
    conn.execute(
        f"UPDATE batches SET finished_at = ?, {sets} WHERE id = ?",
        (finished_at, *counts.values(), batch_id),
    )


def person_roles(conn: sqlite3.Connection, batch_id: int) -> dict[str, int]:
    """How many people the batch created, updated and matched without change."""
    rows = conn.execute(
        "SELECT role, count(*) FROM person_batches WHERE batch_id = ? GROUP BY role", (batch_id,)
    )
    return {role: int(n) for role, n in rows}


def count_without_consent_in_batch(conn: sqlite3.Connection, batch_id: int) -> int:
    """How many of the people an import touched have no consent recorded."""
    row = conn.execute(
        "SELECT count(*) FROM people WHERE id IN "
        "(SELECT person_id FROM person_batches WHERE batch_id = ?) "
        "AND coalesce(consent, '') = ''",
        (batch_id,),
    ).fetchone()
    return int(row[0])


def find_by_hash(conn: sqlite3.Connection, content_hash: str, kind: str = "people") -> int | None:
    """The first live batch of this kind from a file with these bytes: a file read as
    activity is still a new file to `leadtool import`, and the other way round."""
    row = conn.execute(
        "SELECT id FROM batches WHERE content_hash = ? AND status = 'done' AND kind = ? "
        "ORDER BY id LIMIT 1",
        (content_hash, kind),
    ).fetchone()
    return None if row is None else int(row[0])


def get_batch(conn: sqlite3.Connection, batch_id: int) -> dict[str, Any] | None:
    batch = first_dict(conn.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)))
    if batch is None:
        return None
    batch["mapping"] = json.loads(batch["mapping"])
    batch["options"] = json.loads(batch["options"])
    return batch


def list_batches(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    cur = conn.execute(
        "SELECT id, kind, file_name, source, started_at, status, rows_read, new, updated, "
        "merged, matched, rejected, cost FROM batches ORDER BY id"
    )
    return row_dicts(cur)


def rejected_rows(conn: sqlite3.Connection, batch_id: int) -> Iterator[tuple[int, str, list[str]]]:
    """A batch's rejected rows in file order: (row number, reason, cells)."""
    rows = conn.execute(
        "SELECT row_number, reason, data FROM rejects WHERE batch_id = ? ORDER BY row_number",
        (batch_id,),
    )
    for row_number, reason, data in rows:
        yield int(row_number), str(reason), json.loads(data)
