"""The retention step: raw imported rows and rejected rows older than N days are purged.

N is --retention-days, else the store's `retention_days` setting, else 90. Raw rows go by
the age of their import (`batches.started_at`), rejects by their own `created_at`. What
stays: people, their sources (which import, when, how many rows), history, merges, the
suppression list and forgotten people's keyed hashes, so forgotten people stay forgotten.
Deleted bytes are overwritten (secure_delete): purged personal data does not linger in
free pages. Deletes run in chunks, each its own transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta

from leadtool.cleanup.context import StepContext
from leadtool.cleanup.model import DEFAULT_RETENTION_DAYS
from leadtool.errors import UsageError
from leadtool.store import retention as sql
from leadtool.store import upkeep
from leadtool.store.connection import iso_utc
from leadtool.store.settings import get_setting

SETTING = "retention_days"


def retention_days(ctx: StepContext) -> int:
    if ctx.options.retention_days is not None:
        days = ctx.options.retention_days
    else:
        raw = get_setting(ctx.store.conn, SETTING)
        try:
            days = DEFAULT_RETENTION_DAYS if raw is None else int(raw)
        except ValueError:
            raise UsageError(f"setting {SETTING}: not a whole number of days") from None
    if days < 1:
        raise UsageError("retention days must be at least 1")
    return days


def run(ctx: StepContext) -> dict[str, int]:
    days = retention_days(ctx)
    cutoff = iso_utc(ctx.now - timedelta(days=days))
    conn = ctx.store.conn
    batches = sql.old_import_rows(conn, cutoff)
    counts = {"days": days, "import_rows_purged": sum(batches.values())}
    counts["rejects_purged"] = sql.count_old_rejects(conn, cutoff)
    if ctx.dry_run or not (batches or counts["rejects_purged"]):
        return counts
    upkeep.set_secure_delete(conn, True)
    try:
        counts["import_rows_purged"] = sum(_purge_batch(ctx, b) for b in sorted(batches))
        counts["rejects_purged"] = _purge_rejects(ctx, cutoff)
    finally:
        upkeep.set_secure_delete(conn, False)
    return counts


def _purge_batch(ctx: StepContext, batch_id: int) -> int:
    return _in_chunks(ctx, lambda conn: sql.purge_import_rows(conn, batch_id))


def _purge_rejects(ctx: StepContext, cutoff: str) -> int:
    return _in_chunks(ctx, lambda conn: sql.purge_rejects(conn, cutoff))


def _in_chunks(ctx: StepContext, purge: Callable[[sqlite3.Connection], int]) -> int:
    """Purge a chunk per transaction until a chunk comes back short; the rows purged."""
    total = 0
    while True:
        with ctx.write() as conn:
            n = purge(conn)
        total += n
        if n < sql.PURGE_CHUNK:
            return total
        ctx.pace()
