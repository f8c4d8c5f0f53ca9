"""The sources report SQL as it was before the one-pass rewrite (frozen): the reference
that store/report_sources.py must agree with on random stores.

Owns the per-source (or per-import) figures: what each list held (rows, people, new and
known, duplicates, rejects and their reasons, valid rates, suppressed, consent) and what
it is credited with under an attribution (people, MQLs, customers, sales, lifetime value),
read from the imports, temp.journey (report_journey.py: a stage reached counts from
history) and the purchases; and `source_costs` (migration 0010), set by `source set-cost`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from leadtool.store.purchases import FIRST_SALE_SQL, LIFETIME_VALUE_SQL
from leadtool.store.suppression import materialise_suppressed
from tests.reports.legacy_journey import TOP, dicts

UNITS = {"source": "coalesce(b.source, '')", "batch": "b.id"}


def build_links(conn: sqlite3.Connection, unit: str) -> None:
    """temp.links: one row per (person in the journey, unit that brought them), from imports
    that were not undone; temp.per: per person, their first and last import and how many
    units brought them. Keyed, so that each later step reads them in order or by id."""
    for table in ("links", "per"):
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    kind = "INTEGER" if unit == "batch" else "TEXT"
    conn.execute(
        f"CREATE TEMP TABLE links (pid INTEGER, unit {kind}, first_b INTEGER, last_b INTEGER, "
        "created INTEGER, PRIMARY KEY (pid, unit)) WITHOUT ROWID"
    )
    conn.execute(
        f"INSERT INTO temp.links SELECT pb.person_id, {UNITS[unit]} AS unit, min(b.id), "
        "max(b.id), max(pb.role = 'created') FROM person_batches pb "
        "JOIN temp.journey j ON j.pid = pb.person_id "
        "JOIN batches b ON b.id = pb.batch_id AND b.status = 'done' "
        "GROUP BY pb.person_id, unit ORDER BY pb.person_id, unit"
    )
    conn.execute(
        "CREATE TEMP TABLE per (pid INTEGER PRIMARY KEY, first_b INTEGER, last_b INTEGER, "
        "n INTEGER)"
    )
    conn.execute(
        "INSERT INTO temp.per SELECT pid, min(first_b), max(last_b), count(*) FROM temp.links "
        "GROUP BY pid ORDER BY pid"
    )


_WEIGHT = {
    "first": "(l.first_b = p.first_b)",
    "last": "(l.last_b = p.last_b)",
    "even": "(1.0 / p.n)",
    "all": "1",
}


def source_values(conn: sqlite3.Connection, attribution: str) -> list[dict[str, Any]]:
    """Per unit, what it is credited with: people, MQLs, customers, sales, lifetime value.

    Reads temp.links and temp.per (build_links), temp.journey (a stage reached counts from
    history) and temp.purchases."""
    w = _WEIGHT[attribution]
    sql = f"""
SELECT l.unit AS unit, sum({w}) AS people,
       coalesce(sum({w} * (j.x2 IS NOT NULL)), 0) AS mqls,
       coalesce(sum({w} * (j.x{TOP} IS NOT NULL)), 0) AS customers,
       coalesce(sum({w} * (pu.first_sale IS NOT NULL)), 0) AS buyers,
       coalesce(sum({w} * pu.first_sale), 0) AS first_sales,
       coalesce(sum({w} * pu.lifetime_value), 0) AS lifetime_value
FROM temp.links l JOIN temp.per p ON p.pid = l.pid JOIN temp.journey j ON j.pid = l.pid
LEFT JOIN temp.purchases pu ON pu.pid = l.pid
GROUP BY l.unit
"""
    return dicts(conn.execute(sql))


def build_purchases(conn: sqlite3.Connection) -> None:
    """temp.purchases: first sale and lifetime value of the people who bought anything."""
    conn.execute("DROP TABLE IF EXISTS temp.purchases")
    conn.execute(
        "CREATE TEMP TABLE purchases (pid INTEGER PRIMARY KEY, first_sale REAL, "
        "lifetime_value REAL)"
    )
    conn.execute(
        "INSERT INTO temp.purchases SELECT people.id, "
        f"{FIRST_SALE_SQL}, {LIFETIME_VALUE_SQL} FROM people "
        "WHERE people.id IN (SELECT person_id FROM activities WHERE type = 'purchase') "
        "AND EXISTS (SELECT 1 FROM temp.journey j WHERE j.pid = people.id)"
    )


def source_quality(conn: sqlite3.Connection, unit: str, suppressed: str) -> list[dict[str, Any]]:
    """Per unit, what its files held: rows, people, new, known, duplicates, quality, cost.
    `suppressed` is materialise_suppressed's test; people figures read temp.links."""
    rows = dicts(
        conn.execute(
            f"SELECT {UNITS[unit]} AS unit, min(b.id) AS first_batch, "
            "group_concat(b.id) AS batches, sum(b.rows_read) AS rows_read, "
            "sum(b.merged) AS dup_in_file, sum(b.matched) AS dup_in_store, "
            "sum(b.rejected) AS rejected, sum(b.cost) AS import_cost, "
            "count(b.cost) AS costed, min(b.source) AS source, min(b.file_name) AS file_name "
            "FROM batches b WHERE b.status = 'done' GROUP BY unit ORDER BY min(b.id)"
        )
    )
    people = {
        r["unit"]: r
        for r in dicts(
            conn.execute(
                "SELECT l.unit AS unit, count(*) AS people, sum(l.created) AS new, "
                f"sum({_VALID_EMAIL}) AS valid_email, sum({_VALID_PHONE}) AS valid_phone, "
                f"sum({suppressed}) AS suppressed, "
                "sum(coalesce(people.consent, '') = '') AS without_consent "
                "FROM temp.links l JOIN people ON people.id = l.pid GROUP BY l.unit"
            )
        )
    }
    return [{**r, **people.get(r["unit"], {})} for r in rows]


def suppressed_test(conn: sqlite3.Connection) -> str:
    """Who is suppressed, found once (a temp table) for the figures that count them."""
    return materialise_suppressed(conn)


def store_quality(conn: sqlite3.Connection, suppressed: str) -> dict[str, Any]:
    """The same figures for everyone any list brought, each person once (the totals row)."""
    cur = conn.execute(
        "SELECT count(*) AS people, "
        f"coalesce(sum({_VALID_EMAIL}), 0) AS valid_email, "
        f"coalesce(sum({_VALID_PHONE}), 0) AS valid_phone, "
        f"coalesce(sum({suppressed}), 0) AS suppressed, "
        "coalesce(sum(coalesce(people.consent, '') = ''), 0) AS without_consent "
        "FROM temp.per p JOIN people ON people.id = p.pid"
    )
    return dicts(cur)[0]


_VALID_EMAIL = (
    "(people.email IS NOT NULL AND instr(coalesce(people.email_flags, ''), 'invalid') = 0)"
)
_VALID_PHONE = (
    "(people.phone IS NOT NULL AND instr(coalesce(people.phone_flags, ''), 'invalid') = 0)"
)


def reject_reasons(conn: sqlite3.Connection, unit: str) -> list[tuple[object, str, int]]:
    """(unit, reason, rows) of the rejected rows still kept, most frequent first."""
    cur = conn.execute(
        f"SELECT {UNITS[unit]} AS unit, r.reason, count(*) AS n FROM rejects r "
        "JOIN batches b ON b.id = r.batch_id AND b.status = 'done' "
        "GROUP BY unit, r.reason ORDER BY unit, n DESC, r.reason"
    )
    return [(u, str(reason), int(n)) for u, reason, n in cur]


def source_costs(conn: sqlite3.Connection) -> dict[str, float]:
    """Costs set with `leadtool source set-cost`, by source name."""
    return {str(s): float(a) for s, a in conn.execute("SELECT source, amount FROM source_costs")}


def known_sources(conn: sqlite3.Connection) -> list[str]:
    cur = conn.execute(
        "SELECT DISTINCT source FROM batches WHERE source IS NOT NULL AND status = 'done' "
        "ORDER BY source"
    )
    return [str(r[0]) for r in cur]


def set_source_cost(conn: sqlite3.Connection, source: str, amount: float, now: str) -> None:
    conn.execute(
        "INSERT INTO source_costs (source, amount, set_at) VALUES (?, ?, ?) "
        "ON CONFLICT (source) DO UPDATE SET amount = excluded.amount, set_at = excluded.set_at",
        (source, amount, now),
    )
