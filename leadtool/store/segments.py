"""The SQL of saved segments: named --where expressions kept in the `segments` table.

Only the expression text is stored; counting and previewing the people a segment selects
compile it again and use leadtool.store.queries (`count_people`, `list_people`). Names match
ignoring case: `get` folds any script, the column's NOCASE collation guards A-Z. Writes run in
the caller's transaction.
"""

from __future__ import annotations

import sqlite3

from leadtool.store.rows import first_dict, row_dicts

COLUMNS = ("name", "expr", "description", "created_at", "updated_at")
SegmentRow = dict[str, str | None]


def save(conn: sqlite3.Connection, name: str, expr: str, description: str | None, now: str) -> None:
    """Insert a segment, or replace the expression and description of the one of that name.

    A name matches in any case; a replaced segment keeps its spelling, id and created_at.
    """
    conn.execute(
        "INSERT INTO segments (name, expr, description, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET expr = excluded.expr, "
        "description = excluded.description, updated_at = excluded.updated_at",
        (name, expr, description, now, now),
    )


def get(conn: sqlite3.Connection, name: str) -> SegmentRow | None:
    """The segment named `name` in any case, Unicode too ("MÜLLER" is "müller")."""
    # NOCASE folds A-Z only; lt_fold is str.casefold. The table is small: a scan is fine.
    cur = conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM segments WHERE lt_fold(name) = lt_fold(?) "
        "ORDER BY id LIMIT 1",
        (name,),
    )
    return first_dict(cur, COLUMNS)


def list_all(conn: sqlite3.Connection) -> list[SegmentRow]:
    cur = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM segments ORDER BY name, id")
    return row_dicts(cur, COLUMNS)


def names(conn: sqlite3.Connection, limit: int) -> tuple[list[str], int]:
    """The first `limit` segment names in order, and how many segments there are."""
    rows = conn.execute("SELECT name FROM segments ORDER BY name, id LIMIT ?", (limit,))
    listed = [str(r[0]) for r in rows]
    return listed, int(conn.execute("SELECT count(*) FROM segments").fetchone()[0])


def delete(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("DELETE FROM segments WHERE name = ?", (name,)).rowcount > 0
