"""The suppression step: every person an active entry matches carries the mark.

Suppression is decided by value when people are exported, so nobody is missed. This step
makes it visible where people look: each matched person who has no `suppression` event for
the entry yet (people imported after it was added) gets one, noted "via cleanup". And
anyone whose email or phone hashes to a forgotten person's keyed hash (PITFALLS #9) is
forgotten again, exactly as `leadtool forget` does. A second run finds nobody.
"""

from __future__ import annotations

import sqlite3

from leadtool.cleanup.context import StepContext
from leadtool.normalize.keyhash import keyed_hash
from leadtool.store import forget as forget_sql
from leadtool.store import maintenance as sql

VALUE_KINDS = ("email", "phone", "domain")


def run(ctx: StepContext) -> dict[str, int]:
    conn = ctx.store.conn
    kinds = sql.active_entries(conn)
    counts = {"entries": sum(kinds.values()), "marked": 0, "reforgotten": 0}
    todo = [k for k in VALUE_KINDS if k in kinds]
    if todo:
        if ctx.dry_run:
            counts["marked"] = sum(sql.count_unmarked(conn, k) for k in todo)
        else:
            with ctx.write() as w:
                counts["marked"] = sum(sql.mark_unmarked(w, k, ctx.stamp) for k in todo)
    if "hash" in kinds:
        counts["reforgotten"] = _reforget(ctx)
    return counts


def _forgotten_people(conn: sqlite3.Connection) -> set[int]:
    hashes = forget_sql.forgotten_hashes(conn)
    secret = forget_sql.store_secret(conn)
    if not hashes or not secret:
        return set()
    return {pid for pid, value in sql.contact_keys(conn) if keyed_hash(secret, value) in hashes}


def _reforget(ctx: StepContext) -> int:
    if ctx.dry_run:
        return len(_forgotten_people(ctx.store.conn))
    conn = ctx.store.conn
    secret = forget_sql.store_secret(conn)
    forget_sql.set_secure_delete(conn, True)
    try:
        with ctx.write() as w:
            found = sorted(_forgotten_people(w))
            for pid in found:
                emails, phones = forget_sql.person_values(w, pid)
                needles = emails | phones | forget_sql.raw_cells(w, pid)
                forget_sql.erase(w, pid, needles)
                forget_sql.drop_plain_entries(w, emails, phones)
                forget_sql.add_hashes(
                    w, [keyed_hash(secret, v) for v in emails | phones], ctx.stamp
                )
        if found:
            forget_sql.checkpoint(conn)
    finally:
        forget_sql.set_secure_delete(conn, False)
    return len(found)
