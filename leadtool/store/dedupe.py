"""The SQL of likely-duplicate search: reading people for matching, and remembered decisions.

`dedupe_decisions` (migration 0005_dedupe, in migrations.py) holds pairs a person said are
"not the same" (low id first), so they are never proposed again. Forgetting a person
deletes their rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from leadtool.store.rows import in_parts, row_dict

MATCH_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "website",
    "email",
    "phone",
    "city",
    "country",
    "title",
    "postal_code",
)


PersonFields = tuple[int, dict[str, str | None], list[str], list[str]]


# No alias for people: a compiled --where refers to `people.id` in its subqueries.
_SELECT = (
    "SELECT people.id, "
    + ", ".join(f"people.{c}" for c in MATCH_FIELDS)
    + ", (SELECT group_concat(k.kind || ':' || k.value, char(9)) FROM person_keys k "
    "WHERE k.person_id = people.id AND k.kind IN ('email', 'phone')) FROM people"
)


def people_for_matching(
    conn: sqlite3.Connection, where: str, params: tuple[object, ...]
) -> Iterator[PersonFields]:
    """(id, fields, other emails, other phones) of every person the filter selects."""
    yield from _rows(conn.execute(f"{_SELECT} WHERE {where} ORDER BY people.id", params))


def people_by_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> Iterator[PersonFields]:
    """The same for the people with these ids (those that still exist)."""
    wanted = sorted(set(ids))
    for part in in_parts(wanted):
        marks = ", ".join("?" * len(part))
        yield from _rows(conn.execute(f"{_SELECT} WHERE people.id IN ({marks})", part))


def _rows(rows: Iterable[tuple[Any, ...]]) -> Iterator[PersonFields]:
    for row in rows:
        fields = row_dict(MATCH_FIELDS, row[1:-1])
        emails: list[str] = []
        phones: list[str] = []
        for key in (row[-1] or "").split("\t"):
            kind, _, value = key.partition(":")
            (emails if kind == "email" else phones).append(value) if value else None
        yield int(row[0]), fields, emails, phones


def distinct_pairs(conn: sqlite3.Connection) -> set[tuple[int, int]]:
    """Pairs (low id, high id) someone said are not the same person (an unmerge, a review)."""
    rows = conn.execute("SELECT a_id, b_id FROM dedupe_decisions WHERE decision = 'distinct'")
    return {(int(a), int(b)) for a, b in rows}


def remember_distinct(
    conn: sqlite3.Connection, pairs: Iterable[tuple[int, int]], at: str, source: str
) -> int:
    rows = [(min(a, b), max(a, b), at, source) for a, b in pairs]
    cur = conn.executemany(
        "INSERT INTO dedupe_decisions (a_id, b_id, decision, at, source) "
        "VALUES (?, ?, 'distinct', ?, ?) ON CONFLICT (a_id, b_id) DO NOTHING",
        rows,
    )
    return cur.rowcount


def existing_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> set[int]:
    wanted = sorted(set(ids))
    found: set[int] = set()
    for part in in_parts(wanted):
        marks = ", ".join("?" * len(part))
        found.update(
            r[0] for r in conn.execute(f"SELECT id FROM people WHERE id IN ({marks})", part)
        )
    return found


def people_for_display(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Name, email, company, phone, city and title of people, for lists and the review."""
    wanted = sorted(set(ids))
    cols = ("first_name", "last_name", "email", "company", "phone", "city", "country", "title")
    found: dict[int, dict[str, str]] = {}
    for part in in_parts(wanted):
        marks = ", ".join("?" * len(part))
        sql = f"SELECT id, {', '.join(cols)} FROM people WHERE id IN ({marks})"
        for row in conn.execute(sql, part):
            found[int(row[0])] = {c: v or "" for c, v in zip(cols, row[1:], strict=True)}
    return found
