"""The suppression step: every person an active entry matches carries the mark.

Suppression is decided by value when people are exported, so nobody is missed. This step
makes it visible where people look: each matched person who has no `suppression` event for
the entry yet (people imported after it was added) gets one, noted "via cleanup". And a
stored person whom a forgotten person's keyed hash recognises, by the import's identity
rules (identity.forgotten), is forgotten again by the very erasure `leadtool forget` runs.
A colleague who only shares the forgotten person's switchboard or info@ is not touched.
A second run finds nobody.
"""

from __future__ import annotations

import sqlite3

from leadtool.cleanup.context import StepContext
from leadtool.forget import erase_person, erasing
from leadtool.identity import forgotten
from leadtool.normalize.keyhash import KeyedHasher
from leadtool.store import forget as forget_sql
from leadtool.store import suppression as sql
from leadtool.store.settings import store_secret

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


def _came_back(conn: sqlite3.Connection) -> list[int]:
    hashes = forgotten.Forgotten(*forget_sql.forgotten_hashes(conn))
    secret = store_secret(conn)
    if not hashes or not secret:
        return []
    hasher = KeyedHasher(secret)
    return [
        pid
        for pid, keys, name_key in forget_sql.identity_keys(conn)
        if forgotten.reforget(hasher, hashes, keys, name_key)
    ]


def _reforget(ctx: StepContext) -> int:
    found = _came_back(ctx.store.conn)
    if ctx.dry_run or not found:
        return len(found)
    secret = store_secret(ctx.store.conn) or ""
    with erasing(ctx.store), ctx.write() as w:
        found = _came_back(w)
        for pid in found:
            erase_person(w, pid, secret, ctx.stamp)
    return len(found)
