"""The SQL of likely-duplicate search: reading people for matching (with the custom columns
compared, and how their values spread), and remembered decisions.

`dedupe_decisions` (migration 0005_dedupe, in migrations.py) holds pairs a person said are
"not the same" (low id first), so they are never proposed again. Forgetting a person
deletes their rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
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


# (id, fields, other emails, other phones, (custom column, value) per compared column)
PersonFields = tuple[int, dict[str, str | None], list[str], list[str], list[tuple[str, str | None]]]
_CUSTOM_JSON = "json_each(CASE WHEN json_valid(people.custom) THEN people.custom END)"


# No alias for people: a compiled --where refers to `people.id` in its subqueries.
def _select(custom: Sequence[str]) -> str:
    values = "".join(
        f", (SELECT j.value FROM {_CUSTOM_JSON} j WHERE j.key = ? LIMIT 1)" for _ in custom
    )
    return (
        "SELECT people.id, "
        + ", ".join(f"people.{c}" for c in MATCH_FIELDS)
        + values
        + ", (SELECT group_concat(k.kind || ':' || k.value, char(9)) FROM person_keys k "
        "WHERE k.person_id = people.id AND k.kind IN ('email', 'phone')) FROM people"
    )


def people_for_matching(
    conn: sqlite3.Connection,
    where: str,
    params: tuple[object, ...],
    custom: Sequence[str] = (),
) -> Iterator[PersonFields]:
    """(id, fields, other emails, other phones, custom values) of every person the filter
    selects; `custom` names the custom columns to read."""
    sql = f"{_select(custom)} WHERE {where} ORDER BY people.id"
    yield from _rows(conn.execute(sql, (*custom, *params)), custom)


def people_by_ids(
    conn: sqlite3.Connection, ids: Iterable[int], custom: Sequence[str] = ()
) -> Iterator[PersonFields]:
    """The same for the people with these ids (those that still exist)."""
    wanted = sorted(set(ids))
    for part in in_parts(wanted):
        marks = ", ".join("?" * len(part))
        sql = f"{_select(custom)} WHERE people.id IN ({marks})"
        yield from _rows(conn.execute(sql, (*custom, *part)), custom)


def _rows(rows: Iterable[tuple[Any, ...]], custom: Sequence[str]) -> Iterator[PersonFields]:
    n = len(MATCH_FIELDS) + 1
    for row in rows:
        fields = row_dict(MATCH_FIELDS, row[1:n])
        values = list(zip(custom, row[n:-1], strict=True))
        emails: list[str] = []
        phones: list[str] = []
        for key in (row[-1] or "").split("\t"):
            kind, _, value = key.partition(":")
            (emails if kind == "email" else phones).append(value) if value else None
        yield int(row[0]), fields, emails, phones, values


def count_people(conn: sqlite3.Connection, where: str, params: tuple[object, ...]) -> int:
    """How many people the filter selects."""
    return int(conn.execute(f"SELECT count(*) FROM people WHERE {where}", params).fetchone()[0])


def custom_spread(
    conn: sqlite3.Connection, where: str, params: tuple[object, ...]
) -> list[tuple[str, int, int]]:
    """(column, people with a value, distinct values trimmed and casefolded in ASCII) of
    every custom column of the people the filter selects."""
    sql = (
        f"SELECT j.key, count(*), count(DISTINCT lower(trim(j.value))) FROM people, "
        f"{_CUSTOM_JSON} j WHERE ({where}) AND trim(j.value) != '' GROUP BY j.key ORDER BY j.key"
    )
    return [(str(k), int(n), int(d)) for k, n, d in conn.execute(sql, params)]


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
