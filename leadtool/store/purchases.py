"""The SQL of what people bought: first sale, lifetime value, and becoming a customer.

Owns the per-person purchase fields (read by --where, exports, `people show` and the reports)
and `apply_purchases`, which makes a person a customer at the time of their first sale.
Everything is derived from the `purchase` events of `activities`, never kept as a running
total, so an undone import, a refund or a forgotten event is reflected the next time it is
read. Amounts count in the store's currency (settings key `currency`) or with none given; an
amount in another currency is stored as it is and left out of these sums (adding euros to
dollars would be a wrong number, not a rough one).

A sale is a purchase with a positive amount; a refund is a negative one. The first sale is
the earliest sale by the event's time, not by the order files were imported in. A customer
moved back by hand (a lead again, for another product) becomes a customer again only by a
sale after that move: `customer_since` is the earliest sale since the last move away from
customer. A person in stage `other` (a partner, a competitor) is not made a customer.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

_IN_STORE_CURRENCY = (
    "(a.currency IS NULL OR a.currency = (SELECT value FROM settings WHERE key = 'currency'))"
)
_PURCHASES = (
    "FROM activities a WHERE a.person_id = people.id AND a.type = 'purchase' "
    f"AND a.amount IS NOT NULL AND {_IN_STORE_CURRENCY}"
)
# When the person was last moved away from customer (by hand): only later sales count then.
_DEMOTED = (
    "coalesce((SELECT CAST(strftime('%s', max(e.at)) AS INTEGER) FROM events e "
    "WHERE e.person_id = people.id AND e.kind = 'stage' "
    "AND json_extract(e.detail, '$.from') = 'customer'), -1)"
)
_SALES_SINCE = f"{_PURCHASES} AND a.amount > 0 AND a.ts > {_DEMOTED}"
_ISO = "strftime('%Y-%m-%dT%H:%M:%SZ', {ts}, 'unixepoch')"

# Per person `people.id`, as SQL expressions (NULL when they bought nothing).
FIRST_SALE_SQL = f"(SELECT a.amount {_PURCHASES} AND a.amount > 0 ORDER BY a.ts, a.id LIMIT 1)"
LIFETIME_VALUE_SQL = f"(SELECT round(sum(a.amount), 2) {_PURCHASES})"
CUSTOMER_SINCE_SQL = f"(SELECT {_ISO.format(ts='min(a.ts)')} {_SALES_SINCE} HAVING count(*) > 0)"
# The sale that made (or makes) them a customer: the earliest since the last move back.
_MAKING_SALE = f"(SELECT a.amount {_SALES_SINCE} ORDER BY a.ts, a.id LIMIT 1)"

PURCHASE_SQL: dict[str, str] = {
    "first_sale": FIRST_SALE_SQL,
    "lifetime_value": LIFETIME_VALUE_SQL,
    "customer_since": CUSTOMER_SINCE_SQL,
}

_BELOW_CUSTOMER = "('subscriber', 'lead', 'mql', 'sql', 'opportunity')"


def apply_purchases(
    conn: sqlite3.Connection,
    person_ids: Iterable[int] | None,
    now: str,
    *,
    scope: str | None = None,
    batch_id: int | None = None,
) -> int:
    """Make customers of the given people (None: everyone, or those `scope` selects: SQL
    over `people` with no parameters, written by the caller) who have a sale since they
    were last moved back from customer (or ever, if never).

    Forward only: a customer is left as they are, and `other` too. The move is dated at
    that sale (when they became a customer, which the funnel and growth reports read), and
    recorded in the person's history with the sale and `batch_id` (the activity import that
    brought it, so undoing the import undoes the move). Returns how many people moved.
    """
    ids = None if person_ids is None else sorted(set(person_ids))
    if ids is not None and not ids:
        return 0
    among = "" if ids is None else "AND people.id IN (SELECT value FROM json_each(?))"
    if scope is not None:
        among += f" AND {scope}"
    params: tuple[object, ...] = () if ids is None else (json.dumps(ids),)
    conn.execute("DROP TABLE IF EXISTS temp.lt_buyers")
    conn.execute(
        "CREATE TEMP TABLE lt_buyers AS "
        f"SELECT id, stage AS old, {CUSTOMER_SINCE_SQL} AS since, {_MAKING_SALE} AS sale "
        f"FROM people WHERE stage IN {_BELOW_CUSTOMER} {among} "
        f"AND EXISTS (SELECT 1 {_SALES_SINCE})",
        params,
    )
    conn.execute(
        "UPDATE people SET stage = 'customer', stage_changed_at = b.since, updated_at = ? "
        "FROM lt_buyers b WHERE people.id = b.id",
        (now,),
    )
    conn.execute(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) "
        "SELECT id, ?, since, 'stage', json_object('amount', sale, 'from', old, "
        "'reason', 'first purchase', 'to', 'customer') FROM lt_buyers ORDER BY id",
        (batch_id,),
    )
    moved = int(conn.execute("SELECT count(*) FROM lt_buyers").fetchone()[0])
    conn.execute("DROP TABLE temp.lt_buyers")
    _redate(conn, among, params)
    return moved


def _redate(conn: sqlite3.Connection, among: str, params: tuple[object, ...]) -> None:
    """A sale learnt later that came earlier (an older file imported after a newer one)
    moves the customer's latest stage entry back to it, with their stage date, when that
    entry is the "first purchase" that made them a customer: customer since the earliest
    sale, whatever the file order. Sales before a move back by hand never count (see
    CUSTOMER_SINCE_SQL), and no other entry is touched."""
    conn.execute("DROP TABLE IF EXISTS temp.lt_firsts")
    conn.execute(
        "CREATE TEMP TABLE lt_firsts AS SELECT people.id AS pid, "
        f"{CUSTOMER_SINCE_SQL} AS since, {_MAKING_SALE} AS sale, "
        "(SELECT e.id FROM events e WHERE e.person_id = people.id AND e.kind = 'stage' "
        "ORDER BY e.at DESC, e.id DESC LIMIT 1) AS entry "
        f"FROM people WHERE stage = 'customer' {among} AND EXISTS (SELECT 1 {_SALES_SINCE})",
        params,
    )
    conn.execute(
        "DELETE FROM lt_firsts WHERE entry IS NULL OR NOT EXISTS (SELECT 1 FROM events e "
        "WHERE e.id = lt_firsts.entry AND e.at > lt_firsts.since "
        "AND json_extract(e.detail, '$.reason') = 'first purchase')"
    )
    conn.execute(
        "UPDATE people SET stage_changed_at = f.since FROM lt_firsts f WHERE people.id = f.pid"
    )
    conn.execute(
        "UPDATE events SET at = f.since, detail = json_set(detail, '$.amount', f.sale) "
        "FROM lt_firsts f WHERE events.id = f.entry"
    )
    conn.execute("DROP TABLE temp.lt_firsts")
