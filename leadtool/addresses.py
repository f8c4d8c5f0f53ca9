"""A person's ways to reach them: every email and phone, the primary one first.

The people row holds one email and one phone; a merge, or a later list that knows the
person by another address, leaves the others as identity keys (store/queries.py). What
`people show`, `people list` and segment previews give is the union, in one order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from leadtool.store import queries as q
from leadtool.store.connection import Store


def primary_first(primary: str | None, values: Iterable[str]) -> list[str]:
    """Addresses of one kind: the primary (the people column) first, then the others
    sorted, each once."""
    head = [primary] if primary else []
    return list(dict.fromkeys([*head, *sorted(values)]))


def with_addresses(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Listed people (with `id`, `email`, `phone`) plus `emails` and `phones`: every
    address each has, primary first."""
    keys = q.address_keys(store.conn, [int(r["id"]) for r in rows])
    return [
        {
            **r,
            "emails": primary_first(r["email"], keys[r["id"]]["email"]),
            "phones": primary_first(r["phone"], keys[r["id"]]["phone"]),
        }
        for r in rows
    ]
