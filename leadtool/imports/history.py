"""`imports list`, `show`, `rejects` and `undo`: the service layer."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from leadtool import tempfiles
from leadtool.errors import LeadtoolError, NotFoundError
from leadtool.imports.rejects import write_rejects
from leadtool.outfiles import check_output
from leadtool.store.activity import count_batch_events
from leadtool.store.batches import get_batch, list_batches
from leadtool.store.connection import Store, utc_now, write_transaction
from leadtool.store.undo import UndoResult, later_work, undo_batch


def list_imports(store: Store) -> list[dict[str, Any]]:
    return list_batches(store.conn)


# An activity import's counts in the batch columns (activity/importing.py), by their names.
_ACTIVITY_COUNTS = {"rows_read": "rows_read", "matched": "matched", "new": "created"}
_PEOPLE_ONLY = ("updated", "unchanged", "merged", "flagged", "source", "cost")


def show_import(store: Store, batch_id: int) -> dict[str, Any]:
    batch = get_batch(store.conn, batch_id)
    if batch is None:
        raise NotFoundError(f"no import with id {batch_id}; `leadtool imports list` shows them")
    return _as_activity(store.conn, batch) if batch.get("kind") == "activity" else batch


def _as_activity(conn: sqlite3.Connection, batch: dict[str, Any]) -> dict[str, Any]:
    """An activity import as its user reads it: rows matched, people created, duplicate
    events, and how many of its events are stored now (none once undone)."""
    shown = {k: v for k, v in batch.items() if k not in _PEOPLE_ONLY and k not in _ACTIVITY_COUNTS}
    counts = {name: batch[column] for column, name in _ACTIVITY_COUNTS.items()}
    counts["duplicate"] = batch["unchanged"]
    counts["rejected"] = shown.pop("rejected")
    counts["events"] = count_batch_events(conn, batch["id"])
    mapping, options = shown.pop("mapping"), shown.pop("options")
    return {**shown, **counts, "options": options, "mapping": mapping}


def write_import_rejects(store: Store, batch_id: int, path: Path) -> int:
    """Write a past import's rejected rows, with row numbers and reasons, to `path`."""
    check_output(path, store.path, "-o")
    batch = show_import(store, batch_id)
    header = [column for column, _ in batch["mapping"]]
    tmp, rows = write_rejects(store.conn, batch_id, header, path)
    try:
        tmp.replace(path)
    finally:
        tempfiles.discard(tmp)
    return rows


def undo_import(
    store: Store, batch_id: int, *, force: bool = False, now: str | None = None
) -> UndoResult:
    """Remove what one import added, as one transaction.

    People it brought who were changed, tagged or exported since would go with that work:
    as `unmerge` does, undo then says so and asks for `force`."""
    with write_transaction(store) as conn:
        batch = get_batch(conn, batch_id)
        if batch is None:
            raise NotFoundError(f"no import with id {batch_id}; `leadtool imports list` shows them")
        if batch["status"] == "undone":
            raise LeadtoolError(f"import {batch_id} was already undone on {batch['undone_at']}")
        if not force:
            _refuse_later_work(conn, batch_id)
        return undo_batch(conn, batch_id, now or utc_now())


def _refuse_later_work(conn: sqlite3.Connection, batch_id: int) -> None:
    work = later_work(conn, batch_id)
    if work:
        said = ", ".join(f"{n:,} {what}" for what, n in work.items())
        raise LeadtoolError(
            f"import {batch_id} brought people who were worked on since ({said}); undoing "
            "it removes them with that work: add --force to do it anyway"
        )
