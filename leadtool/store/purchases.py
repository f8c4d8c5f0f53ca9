"""The SQL of what people bought: first sale, lifetime value, and becoming a customer.

Owns the per-person purchase fields (read by --where, exports, `people show` and the reports)
and `apply_purchases`, which makes a person a customer at the time of their first sale.
Everything is derived from the `purchase` events of `activities`, never kept as a running
total, so an undone import, a refund or a forgotten event is reflected the next time it is
read. Amounts count in the store's currency (settings key `currency`) or with none given (and
all count while the store has no currency set); an amount in another currency is stored as
it is and left out of these sums (adding euros to dollars would be a wrong number, not a
rough one).

A sale is a purchase with a positive amount; a refund is a negative one. The first sale is
the earliest sale by the event's time, not by the order files were imported in.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from leadtool.normalize.stages import stage_rank

_IN_STORE_CURRENCY = (
    "(a.currency IS NULL OR coalesce(a.currency = (SELECT value FROM settings "
    "WHERE key = 'currency'), 1))"  # no currency set yet: every amount counts
)
_PURCHASES = (
    "FROM activities a WHERE a.person_id = people.id AND a.type = 'purchase' "
    f"AND a.amount IS NOT NULL AND {_IN_STORE_CURRENCY}"
)
_ISO = "strftime('%Y-%m-%dT%H:%M:%SZ', {ts}, 'unixepoch')"

# Per person `people.id`, as SQL expressions (NULL when they bought nothing).
FIRST_SALE_SQL = f"(SELECT a.amount {_PURCHASES} AND a.amount > 0 ORDER BY a.ts, a.id LIMIT 1)"
LIFETIME_VALUE_SQL = f"(SELECT round(sum(a.amount), 2) {_PURCHASES})"
CUSTOMER_SINCE_SQL = (
    f"(SELECT {_ISO.format(ts='min(a.ts)')} {_PURCHASES} AND a.amount > 0 HAVING count(*) > 0)"
)

PURCHASE_SQL: dict[str, str] = {
    "first_sale": FIRST_SALE_SQL,
    "lifetime_value": LIFETIME_VALUE_SQL,
    "customer_since": CUSTOMER_SINCE_SQL,
}

_CUSTOMER_RANK = stage_rank("customer")


def apply_purchases(
    conn: sqlite3.Connection,
    person_ids: Iterable[int] | None,
    now: str,
    *,
    scope: str | None = None,
) -> int:
    """Make customers of the given people (None: everyone, or those `scope` selects: SQL
    over `people` with no parameters, written by the caller) whose first sale is stored.

    Forward only: a person already a customer is left as they are. The move is dated at the
    first sale (when they became a customer, which the funnel and growth reports read), and
    recorded in the person's history with that sale. Returns how many people moved.
    """
    ids = None if person_ids is None else sorted(set(person_ids))
    if ids is not None and not ids:
        return 0
    among = "" if ids is None else "AND people.id IN (SELECT value FROM json_each(?))"
    if scope is not None:
        among += f" AND {scope}"
    params: tuple[object, ...] = () if ids is None else (json.dumps(ids),)
    below = ", ".join(
        f"'{s}'"
        for s in ("subscriber", "lead", "mql", "sql", "opportunity", "other")
        if stage_rank(s) < _CUSTOMER_RANK
    )
    conn.execute("DROP TABLE IF EXISTS temp.lt_buyers")
    conn.execute(
        "CREATE TEMP TABLE lt_buyers AS "
        f"SELECT id, stage AS old, {CUSTOMER_SINCE_SQL} AS since, {FIRST_SALE_SQL} AS sale "
        f"FROM people WHERE stage IN ({below}) {among} "
        f"AND EXISTS (SELECT 1 {_PURCHASES} AND a.amount > 0)",
        params,
    )
    conn.execute(
        "UPDATE people SET stage = 'customer', stage_changed_at = b.since, updated_at = ? "
        "FROM lt_buyers b WHERE people.id = b.id",
        (now,),
    )
    conn.execute(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) "
        "SELECT id, NULL, since, 'stage', json_object('amount', sale, 'from', old, "
        "'reason', 'first purchase', 'to', 'customer') FROM lt_buyers ORDER BY id"
    )
    moved = int(conn.execute("SELECT count(*) FROM lt_buyers").fetchone()[0])
    conn.execute("DROP TABLE temp.lt_buyers")
    _redate(conn, among, params)
    return moved


def _redate(conn: sqlite3.Connection, among: str, params: tuple[object, ...]) -> None:
    """A sale learnt later that came earlier (an older file imported after a newer one)
    moves the person's "first purchase" entry, and their stage date if it was that entry's,
    to the real first sale: a customer since the earliest sale, whatever the file order."""
    firsts = (
        f"SELECT people.id AS pid, {CUSTOMER_SINCE_SQL} AS since, {FIRST_SALE_SQL} AS sale "
        f"FROM people WHERE stage = 'customer' {among} "
        f"AND EXISTS (SELECT 1 {_PURCHASES} AND a.amount > 0)"
    )
    conn.execute("DROP TABLE IF EXISTS temp.lt_firsts")
    conn.execute(f"CREATE TEMP TABLE lt_firsts AS {firsts}", params)
    conn.execute(
        "UPDATE people SET stage_changed_at = f.since FROM lt_firsts f "
        "WHERE people.id = f.pid AND people.stage_changed_at > f.since AND EXISTS ("
        "SELECT 1 FROM events e WHERE e.person_id = f.pid AND e.kind = 'stage' "
        "AND e.at = people.stage_changed_at "
        "AND json_extract(e.detail, '$.reason') = 'first purchase')"
    )
    conn.execute(
        "UPDATE events SET at = f.since, detail = json_set(detail, '$.amount', f.sale) "
        "FROM lt_firsts f WHERE events.person_id = f.pid AND events.kind = 'stage' "
        "AND json_extract(events.detail, '$.reason') = 'first purchase' AND events.at > f.since"
    )
    conn.execute("DROP TABLE temp.lt_firsts")
