"""`imports list`, `imports show` and `imports undo`: the service layer."""

from __future__ import annotations

from typing import Any

from leadtool.errors import NotFoundError, UsageError
from leadtool.store.batches import get_batch, list_batches
from leadtool.store.connection import Store, utc_now, write_transaction
from leadtool.store.undo import UndoResult, undo_batch


def list_imports(store: Store) -> list[dict[str, Any]]:
    return list_batches(store.conn)


def show_import(store: Store, batch_id: int) -> dict[str, Any]:
    batch = get_batch(store.conn, batch_id)
    if batch is None:
        raise NotFoundError(f"no import with id {batch_id}; `leadtool imports list` shows them")
    return batch


def undo_import(store: Store, batch_id: int, *, now: str | None = None) -> UndoResult:
    """Remove what one import added, as one transaction."""
    with write_transaction(store) as conn:
        batch = get_batch(conn, batch_id)
        if batch is None:
            raise NotFoundError(f"no import with id {batch_id}; `leadtool imports list` shows them")
        if batch["status"] == "undone":
            raise UsageError(f"import {batch_id} was already undone on {batch['undone_at']}")
        return undo_batch(conn, batch_id, now or utc_now())
