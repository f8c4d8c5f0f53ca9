"""A person's ways to reach them: every email and phone, the primary one first.

The people row holds one email and one phone; a merge, or a later list that knows the
person by another address, leaves the others as identity keys. The store gives those as
`other_emails` and `other_phones` (JSON arrays, sorted: store/queries.py, the same SQL as
the export's columns); `people show`, `people list` and segment previews show the union.
"""

from __future__ import annotations

import json
from typing import Any


def primary_first(primary: str | None, others: str | None) -> list[str]:
    """The primary address (when there is one), then the others (a JSON array)."""
    head = [primary] if primary else []
    return [*head, *json.loads(others)] if others and others != "[]" else head


def with_addresses(row: dict[str, Any]) -> dict[str, Any]:
    """A person's row given `emails` and `phones` (every address, primary first) in place
    of the store's `other_emails` and `other_phones`; changed in place (a listing of the
    whole store would otherwise copy every row)."""
    row["emails"] = primary_first(row["email"], row.pop("other_emails"))
    row["phones"] = primary_first(row["phone"], row.pop("other_phones"))
    return row
