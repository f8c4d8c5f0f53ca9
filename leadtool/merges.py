"""Merges of two stored people: making one (fuzzy dedupe), listing them, undoing one.

Every merge, by an import or by `dedupe`, is recorded with both records as they were
(store.importing.record_merge). `unmerge` puts both people back exactly as they were, with
their keys, sources, tags and history, and remembers the pair as "not the same" so dedupe
does not propose it again. It refuses when that would lose later work: a later merge into
the same person (undo that first), or changes made to the kept person since (`force`).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from leadtool.errors import LeadtoolError, NotFoundError
from leadtool.identity.merge import merge_row
from leadtool.normalize.record import PersonRow
from leadtool.normalize.stages import stage_rank
from leadtool.store import dedupe as fsql
from leadtool.store import merges as msql
from leadtool.store.connection import Store, utc_now, write_transaction
from leadtool.store.importing import move_person, record_merge, save_person, snapshot
from leadtool.store.undo import restore_merge


@dataclass(frozen=True)
class UnmergeReport:
    merge_id: int
    kept_id: int
    restored_id: int
    reason: str


def merge_pair(conn: sqlite3.Connection, kept_id: int, merged_id: int, reason: str, at: str) -> int:
    """Merge person `merged_id` into `kept_id` inside the caller's transaction; the merge id.

    Empty fields of the kept person are filled from the other (never overwritten; values not
    taken are kept in the 'merged' history event); the furthest stage is kept, and the contact
    counts add up (move_person).
    """
    kept, merged = snapshot(conn, kept_id), snapshot(conn, merged_id)
    merge_id = record_merge(conn, at=at, batch_id=None, kept=kept, merged=merged, reason=reason)
    person = dict(kept["person"])
    change = merge_row(person, _as_row(merged["person"]), "fill")
    _keep_furthest_stage(person, merged["person"])
    person["updated_at"] = at
    move_person(conn, merged_id, kept_id)
    save_person(conn, person)
    detail = {"merge_id": merge_id, "merged_id": merged_id, "reason": reason}
    if change.conflicts:
        detail["not_taken"] = change.conflicts
    msql.add_merge_event(conn, kept_id, at, detail)
    return merge_id


def _as_row(person: dict[str, Any]) -> PersonRow:
    fields = {k: v for k, v in person.items() if isinstance(v, str) and v and k != "stage"}
    custom = json.loads(person["custom"]) if person.get("custom") else {}
    return PersonRow(row_number=0, cells=[], fields=fields, custom=custom)


def _keep_furthest_stage(person: dict[str, Any], other: dict[str, Any]) -> None:
    if stage_rank(other["stage"]) > stage_rank(person["stage"]):
        person["stage"], person["stage_changed_at"] = other["stage"], other["stage_changed_at"]


def list_merges(store: Store, *, include_undone: bool = True) -> list[dict[str, Any]]:
    return msql.list_merges(store.conn, include_undone=include_undone)


def unmerge(store: Store, merge_id: int, *, force: bool = False) -> UnmergeReport:
    with write_transaction(store) as conn:
        merge = msql.get_merge(conn, merge_id)
        if merge is None:
            raise NotFoundError(f"no merge {merge_id}; `leadtool merges list` shows them")
        kept_id, merged_id = int(merge["kept_id"]), int(merge["merged_id"])
        _check_can_undo(conn, merge, force)
        restore_merge(conn, merge["kept_before"], merge["merged_before"])
        msql.drop_merge_event(conn, kept_id, merge_id)
        msql.mark_undone(conn, merge_id, utc_now())
        fsql.remember_distinct(conn, [(kept_id, merged_id)], utc_now(), "unmerge")
    return UnmergeReport(merge_id, kept_id, merged_id, str(merge["reason"]))


def _check_can_undo(conn: sqlite3.Connection, merge: dict[str, Any], force: bool) -> None:
    merge_id, kept_id, merged_id = merge["id"], int(merge["kept_id"]), int(merge["merged_id"])
    if merge["undone_at"]:
        raise LeadtoolError(f"merge {merge_id} was already undone at {merge['undone_at']}")
    later = msql.later_merges(conn, merge_id, kept_id)
    if later:
        raise LeadtoolError(
            f"person {kept_id} was merged again later (merge {later[-1]}); unmerge that first"
        )
    present = fsql.existing_ids(conn, [kept_id, merged_id])
    if kept_id not in present:
        raise LeadtoolError(f"merge {merge_id}: person {kept_id} no longer exists (forgotten?)")
    if merged_id in present:
        raise LeadtoolError(f"merge {merge_id}: person {merged_id} exists again; nothing to undo")
    if not force and msql.changed_since(conn, kept_id, merge_id, str(merge["at"])):
        raise LeadtoolError(
            f"person {kept_id} changed after merge {merge_id}; unmerging puts its fields back "
            "as they were before the merge: add --force to do it anyway"
        )
