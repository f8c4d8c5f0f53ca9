"""Moving people between lifecycle stages and tagging them, selected with --where.

Every change is a history event on the person. Moving a person backwards (a customer
becoming a lead for another product, a lead going back to nurturing) is allowed, recorded,
and counted in the report so it is never silent. A dry run counts and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from leadtool.errors import UsageError
from leadtool.filters import compile_where
from leadtool.normalize.stages import STAGES, parse_stage, stage_rank
from leadtool.store import lifecycle as sql
from leadtool.store.connection import Store, iso_utc, write_transaction


@dataclass(frozen=True)
class ChangeReport:
    action: str  # "stage set mql", "tag add vip" ...
    matched: int  # people the filter selected
    changed: int  # people whose stage or tags changed (or would, in a dry run)
    backwards: int = 0  # stage moves down the funnel
    dry_run: bool = False


def set_stage(
    store: Store,
    stage: str,
    where: str,
    *,
    reason: str | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> ChangeReport:
    target = parse_stage(stage)
    if target is None:
        raise UsageError(f"{stage!r} is not a stage; stages are: {', '.join(STAGES)}")
    when = now or datetime.now(UTC)
    compiled = compile_where(_required(where), now=when)
    with write_transaction(store) as conn:
        matched, changes = sql.stage_candidates(conn, compiled.sql, compiled.params, target)
        if not dry_run:
            sql.apply_stage(conn, changes, target, reason, iso_utc(when))
    back = sum(1 for _, old in changes if 0 <= stage_rank(target) < stage_rank(old))
    return ChangeReport(f"stage set {target}", matched, len(changes), back, dry_run)


def change_tag(
    store: Store,
    tag: str,
    where: str,
    *,
    adding: bool,
    dry_run: bool = False,
    now: datetime | None = None,
) -> ChangeReport:
    name = " ".join(tag.split())
    if not name:
        raise UsageError("the tag is empty")
    when = now or datetime.now(UTC)
    compiled = compile_where(_required(where), now=when)
    with write_transaction(store) as conn:
        matched, ids = sql.tag_candidates(conn, compiled.sql, compiled.params, name, adding=adding)
        if not dry_run:
            sql.apply_tag(conn, ids, name, iso_utc(when), adding=adding)
    verb = "add" if adding else "remove"
    return ChangeReport(f"tag {verb} {name}", matched, len(ids), 0, dry_run)


def _required(where: str) -> str:
    if not where.strip():
        raise UsageError("--where is required: say who, e.g. --where 'source = \"Webinar\"'")
    return where
