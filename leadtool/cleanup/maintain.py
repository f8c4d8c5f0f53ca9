"""The upkeep step: quick_check, statistics, VACUUM when worth it, WAL checkpoint.

- `PRAGMA quick_check` first: a problem fails the step (exit 1), names the last good
  backup (see backup), and nothing else is done to a damaged file.
- ANALYZE (sampled, `analysis_limit`) only when the store has no statistics yet or its
  number of people moved by more than 10% since the last one; then `PRAGMA optimize`.
- VACUUM only when free pages are over 25% of the file (and over 1,000 pages): it
  rewrites the whole file, under the writer lock.
- `wal_checkpoint(TRUNCATE)`: the -wal file back to zero bytes. A reader holding it open
  makes it "busy": reported, not a failure (the next run does it).
"""

from __future__ import annotations

from leadtool.cleanup.backup import last_good_text
from leadtool.cleanup.context import StepContext
from leadtool.store import upkeep as sql
from leadtool.store.integrity import StoreDamagedError
from leadtool.store.lock import writer_lock
from leadtool.store.queries import count_people
from leadtool.store.settings import get_setting, set_setting

ANALYZED_SETTING = "cleanup_analyzed_people"
ANALYZE_DRIFT = 0.10
ANALYSIS_LIMIT = 1000
VACUUM_FREE_SHARE = 0.25
VACUUM_MIN_FREE_PAGES = 1000


def run(ctx: StepContext) -> dict[str, int]:
    conn = ctx.store.conn
    # The store keeps the verdict: no later write of this run touches a damaged file.
    problems = ctx.store.check(fresh=True)
    if problems:
        raise StoreDamagedError(
            f"{ctx.store.path}: the store is damaged (quick_check found {len(problems)} "
            f"problem(s)); {last_good_text(ctx)}"
        )
    pages, free = sql.page_counts(conn)
    counts = {"pages": pages, "free_pages": free}
    counts["analyzed"] = int(_needs_analyze(ctx))
    counts["vacuumed"] = int(free > VACUUM_MIN_FREE_PAGES and free > pages * VACUUM_FREE_SHARE)
    if ctx.dry_run:
        return counts
    if counts["analyzed"]:
        with ctx.write() as w:
            sql.analyze(w, ANALYSIS_LIMIT)
            set_setting(w, ANALYZED_SETTING, str(count_people(w)))
    sql.optimize(conn)
    with writer_lock(ctx.store.path, wait=ctx.options.write_wait):
        if counts["vacuumed"]:
            sql.vacuum(conn)
        counts["wal_busy"] = int(not sql.wal_checkpoint(conn))
    return counts


def _needs_analyze(ctx: StepContext) -> bool:
    conn = ctx.store.conn
    last = get_setting(conn, ANALYZED_SETTING)
    if not sql.has_statistics(conn) or last is None or not last.isdigit():
        return True
    now, then = count_people(conn), int(last)
    return abs(now - then) > max(then, 1) * ANALYZE_DRIFT
