"""Read-only queries behind `people show`, `people list` and `stats` (through sqlite-utils)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from leadtool.store.people_table import DERIVED_SQL, QUALIFICATION_FIELDS
from leadtool.store.rows import row_dicts

if TYPE_CHECKING:
    from sqlite_utils import Database


def _db(conn: sqlite3.Connection) -> Database:
    # Imported here: sqlite-utils brings pandas and numpy (0.3 s), which commands such as
    # `export` that only reach this module through `segments` do not need.
    from sqlite_utils import Database

    # No plugins, no pragmas: a thin wrapper over the store's own connection.
    return Database(conn, execute_plugins=False, recursive_triggers=False)


def _dicts(
    conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()
) -> list[dict[str, Any]]:
    return row_dicts(conn.execute(sql, params))


def person_by_key(conn: sqlite3.Connection, kinds: tuple[str, ...], value: str) -> list[int]:
    marks = ", ".join("?" for _ in kinds)
    cur = conn.execute(
        f"SELECT DISTINCT person_id FROM person_keys WHERE kind IN ({marks}) AND value = ? "
        "ORDER BY person_id",
        (*kinds, value),
    )
    return [int(r[0]) for r in cur]


def person_exists(conn: sqlite3.Connection, pid: int) -> bool:
    return conn.execute("SELECT 1 FROM people WHERE id = ?", (pid,)).fetchone() is not None


def person_row(conn: sqlite3.Connection, pid: int) -> dict[str, Any]:
    """The person's row with its contact counters (0 and None when never exported) and what
    scoring and purchases say of them (score, status, first sale ...)."""
    person = dict(_db(conn).table("people").get(pid))
    found = conn.execute(
        "SELECT count, last_at FROM contacts WHERE person_id = ?", (pid,)
    ).fetchone()
    person["contacted_count"], person["last_contacted"] = found or (0, None)
    names = ", ".join(f"{DERIVED_SQL[f]} AS {f}" for f in QUALIFICATION_FIELDS)
    row = conn.execute(f"SELECT {names} FROM people WHERE id = ?", (pid,)).fetchone()
    person.update(zip(QUALIFICATION_FIELDS, row, strict=True))
    return person


# The kinds of identity key that are a way to reach the person, per address field.
ADDRESS_KINDS = {"email": ("email", "role_email"), "phone": ("phone",)}


def other_addresses_sql(field: str, *, as_list: bool) -> str:
    """SQL over `people`: the person's addresses of `field` ("email" or "phone") other than
    the primary one (the people column), sorted, each once: one text with ", " between
    them as for tags (NULL when none), or a JSON array ("[]" when none).

    A merge, or a later list that knows the person by another address, leaves the others as
    identity keys, read here through the person_keys_person index (it holds kind and value
    too). Most people have no other address: the EXISTS test alone settles them, a quarter
    cheaper than building an empty list (measured at 115k people).
    """
    kinds = ", ".join(f"'{kind}'" for kind in ADDRESS_KINDS[field])
    keys = (
        "FROM person_keys k WHERE k.person_id = people.id "
        f"AND k.kind IN ({kinds}) AND k.value IS NOT people.{field}"
    )
    agg = "json_group_array(value)" if as_list else "group_concat(value, ', ')"
    none = "'[]'" if as_list else "NULL"
    return (
        f"CASE WHEN EXISTS (SELECT 1 {keys}) "
        f"THEN (SELECT {agg} FROM (SELECT DISTINCT k.value {keys} ORDER BY k.value)) "
        f"ELSE {none} END"
    )


_OTHER_ADDRESSES = (
    f"{other_addresses_sql('email', as_list=True)} AS other_emails, "
    f"{other_addresses_sql('phone', as_list=True)} AS other_phones"
)


def other_addresses(conn: sqlite3.Connection, pid: int) -> dict[str, Any]:
    """The person's other emails and phones as JSON arrays (`other_emails`, `other_phones`)."""
    return _dicts(conn, f"SELECT {_OTHER_ADDRESSES} FROM people WHERE id = ?", (pid,))[0]


def person_sources(conn: sqlite3.Connection, pid: int) -> list[dict[str, Any]]:
    return _dicts(
        conn,
        "SELECT b.id AS batch_id, b.source, b.file_name, b.started_at, pb.role, pb.rows "
        "FROM person_batches pb JOIN batches b ON b.id = pb.batch_id "
        "WHERE pb.person_id = ? ORDER BY b.id",
        (pid,),
    )


def person_tags(conn: sqlite3.Connection, pid: int) -> list[str]:
    cur = conn.execute("SELECT tag FROM tags WHERE person_id = ? ORDER BY tag", (pid,))
    return [str(r[0]) for r in cur]


def person_events(conn: sqlite3.Connection, pid: int) -> list[dict[str, Any]]:
    return _dicts(
        conn,
        "SELECT at, kind, batch_id, detail FROM events WHERE person_id = ? ORDER BY id",
        (pid,),
    )


# A query over more than this share of the people reads them in id order. Through an index,
# SQLite would fetch their rows from all over the file and then sort them by id (without
# statistics it takes every indexed filter for a narrow one): at a million people, the first
# ten of "stage >= subscriber" took 2 s, and an export's first row 0.8 s.
SCAN_SHARE = 0.1


def in_id_order(conn: sqlite3.Connection, matching: int) -> bool:
    """Whether people ordered by id, `matching` of them, are best read NOT INDEXED."""
    return matching > count_people(conn) * SCAN_SHARE


def list_people(
    conn: sqlite3.Connection,
    limit: int,
    where: str = "1",
    params: tuple[object, ...] = (),
    *,
    matching: int,
) -> list[dict[str, Any]]:
    """People matching a compiled --where expression (SQL and parameters), oldest first;
    `matching` is how many match (count_people), which decides how to read them."""
    table = "people NOT INDEXED" if in_id_order(conn, matching) else "people"
    return _dicts(
        conn,
        "SELECT people.id, people.first_name, people.last_name, people.email, people.phone, "
        "people.company, people.title, people.country, people.stage, "
        f"b.source AS first_source, {_OTHER_ADDRESSES} FROM {table} "
        f"LEFT JOIN batches b ON b.id = people.first_batch_id WHERE {where} "
        "ORDER BY people.id LIMIT ?",
        (*params, limit),
    )


def count_people(
    conn: sqlite3.Connection, where: str = "1", params: tuple[object, ...] = ()
) -> int:
    """How many people match a compiled --where expression (all of them by default)."""
    sql = f"SELECT count(*) FROM people WHERE {where}"
    return int(conn.execute(sql, params).fetchone()[0])


def people_by_stage(
    conn: sqlite3.Connection, where: str = "1", params: tuple[object, ...] = ()
) -> dict[str, int]:
    cur = conn.execute(f"SELECT stage, count(*) FROM people WHERE {where} GROUP BY stage", params)
    return {str(s): int(n) for s, n in cur}


def people_by_source(
    conn: sqlite3.Connection, where: str = "1", params: tuple[object, ...] = ()
) -> list[dict[str, Any]]:
    """Per source label: people it brought (first source) and people it mentions at all."""
    chosen = (
        "" if where == "1" else f"AND pb.person_id IN (SELECT people.id FROM people WHERE {where}) "
    )
    return _dicts(
        conn,
        "SELECT coalesce(b.source, '(no source)') AS source, "
        "count(DISTINCT pb.person_id) AS people, "
        "count(DISTINCT CASE WHEN pb.role = 'created' THEN pb.person_id END) AS new "
        "FROM batches b JOIN person_batches pb ON pb.batch_id = b.id "
        f"WHERE b.status = 'done' {chosen}GROUP BY coalesce(b.source, '(no source)') "
        "ORDER BY people DESC",
        params,
    )


def source_costs(conn: sqlite3.Connection) -> dict[str, float]:
    cur = conn.execute(
        "SELECT coalesce(source, '(no source)'), sum(cost) FROM batches "
        "WHERE status = 'done' AND cost IS NOT NULL GROUP BY 1"
    )
    return {str(s): float(c) for s, c in cur}


def flag_counts(
    conn: sqlite3.Connection, where: str = "1", params: tuple[object, ...] = ()
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for column in ("email_flags", "phone_flags"):
        cur = conn.execute(
            f"SELECT {column}, count(*) FROM people WHERE {column} IS NOT NULL AND ({where}) "
            "GROUP BY 1",
            params,
        )
        for flags, n in cur:
            for flag in str(flags).split(","):
                name = f"{column.removesuffix('_flags')}:{flag}"
                counts[name] = counts.get(name, 0) + int(n)
    return dict(sorted(counts.items()))


def raw_value_counts(
    conn: sqlite3.Connection, where: str = "1", params: tuple[object, ...] = ()
) -> dict[str, int]:
    """People per field kept as a raw value in `invalid` (country, consent_at ...): the flags
    that have no flags column of their own. Email and phone are left out: their flags columns
    count them."""
    cur = conn.execute(
        "SELECT j.key, count(*) FROM (SELECT invalid FROM people WHERE invalid IS NOT NULL "
        f"AND ({where})) AS p, json_each(p.invalid) AS j "
        "WHERE j.key NOT IN ('email', 'phone') GROUP BY 1",
        params,
    )
    return {str(key): int(n) for key, n in cur}


def count_rows(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
