"""The SQL of moving people between stages and tagging them, with a history event each.

`where`/`params` are a compiled --where expression (leadtool.filters): SQL with only `?`
placeholders, never user text. Called inside the caller's write transaction.
"""

from __future__ import annotations

import json
import sqlite3


def stage_candidates(
    conn: sqlite3.Connection, where: str, params: tuple[object, ...], stage: str
) -> tuple[int, list[tuple[int, str]]]:
    """(how many match, [(id, old stage)] of those whose stage would change)."""
    matched = int(conn.execute(f"SELECT count(*) FROM people WHERE {where}", params).fetchone()[0])
    rows = conn.execute(
        f"SELECT id, stage FROM people WHERE ({where}) AND stage != ? ORDER BY id", (*params, stage)
    ).fetchall()
    return matched, [(int(pid), str(old)) for pid, old in rows]


def apply_stage(
    conn: sqlite3.Connection,
    changes: list[tuple[int, str]],
    stage: str,
    reason: str | None,
    now: str,
) -> None:
    conn.executemany(
        "UPDATE people SET stage = ?, stage_changed_at = ?, updated_at = ? WHERE id = ?",
        [(stage, now, now, pid) for pid, _ in changes],
    )
    conn.executemany(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) "
        "VALUES (?, NULL, ?, 'stage', ?)",
        [(pid, now, _detail({"from": old, "to": stage, "reason": reason})) for pid, old in changes],
    )


def tag_candidates(
    conn: sqlite3.Connection, where: str, params: tuple[object, ...], tag: str, *, adding: bool
) -> tuple[int, list[int]]:
    """(how many match, ids that lack the tag when adding / have it when removing)."""
    matched = int(conn.execute(f"SELECT count(*) FROM people WHERE {where}", params).fetchone()[0])
    # Tags match ignoring case, as in --where: "VIP" and "vip" are one tag.
    has = (
        "EXISTS (SELECT 1 FROM tags t WHERE t.person_id = people.id "
        "AND lt_fold(t.tag) = lt_fold(?))"
    )
    test = f"NOT {has}" if adding else has
    rows = conn.execute(
        f"SELECT id FROM people WHERE ({where}) AND {test} ORDER BY id", (*params, tag)
    ).fetchall()
    return matched, [int(r[0]) for r in rows]


def apply_tag(
    conn: sqlite3.Connection, ids: list[int], tag: str, now: str, *, adding: bool
) -> None:
    if adding:
        conn.executemany(
            "INSERT OR IGNORE INTO tags (person_id, tag, batch_id, added_at) "
            "VALUES (?, ?, NULL, ?)",
            [(pid, tag, now) for pid in ids],
        )
    else:
        conn.executemany(
            "DELETE FROM tags WHERE person_id = ? AND lt_fold(tag) = lt_fold(?)",
            [(pid, tag) for pid in ids],
        )
    detail = _detail({"added" if adding else "removed": tag})
    conn.executemany(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) VALUES (?, NULL, ?, 'tag', ?)",
        [(pid, now, detail) for pid in ids],
    )


def _detail(value: dict[str, object]) -> str:
    return json.dumps(value, ensure_ascii=False)
