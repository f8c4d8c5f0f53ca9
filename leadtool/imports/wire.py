"""A normalised row's trip from a worker process back to the process that writes the store.

Unpickling was a fifth of the writing process's work (~28 µs a row): a row carried its
fields, custom and invalid dicts and its email and phone lists, and also the same values as
store columns. Only the store columns travel now (`values`, with custom and invalid as their
JSON), with the keys (every email and phone is one), and `restore` rebuilds the rest for the
few rows that need it: a row that matches someone, names an opt-out, or may be forgotten.
"""

from __future__ import annotations

import json
from typing import Any

from leadtool.normalize.record import PersonRow
from leadtool.store.people_table import ROW_COLUMNS

Wire = tuple[Any, ...]

_JSON_COLUMNS = frozenset({"custom", "invalid"})
_EMAIL_KINDS = frozenset({"email", "role_email"})


def to_wire(row: PersonRow) -> Wire:
    """The row as plain data; `row.values` must be set (imports.apply.with_values)."""
    stage = row.fields.get("stage")  # the row's own stage is not a store column
    return (
        row.row_number,
        row.reject,
        row.raw,
        row.keys,
        row.values,
        row.flags,
        row.tags,
        row.opt_out,
        stage,
    )


def from_wire(wire: Wire) -> PersonRow:
    """A slim row: fields (but its stage), custom, invalid, emails and phones still empty.

    A rejected row is only ever stored as its cells and reason: it has nothing to restore."""
    number, reject, raw, keys, values, flags, tags, opt_out, stage = wire
    fields = {"stage": stage} if stage else {}
    # PersonRow's fields in order, positional (keywords cost more on a million rows)
    return PersonRow(
        number,
        [],
        fields,
        [],
        [],
        {},
        {},
        flags,
        tags,
        keys,
        reject,
        raw,
        opt_out,
        values,
        reject is None,
    )


def restore(row: PersonRow) -> PersonRow:
    """Fill in what a slim row left behind, exactly as the worker had it; else a no-op."""
    if not row.slim:
        return row
    fields: dict[str, str] = {}
    for column, value in zip(ROW_COLUMNS, row.values, strict=True):
        if value is None:
            continue
        if column in _JSON_COLUMNS:
            setattr(row, column, json.loads(value))
        else:
            fields[column] = value
    row.fields.update(fields)
    row.emails = [value for kind, value in row.keys if kind in _EMAIL_KINDS]
    row.phones = [value for kind, value in row.keys if kind == "phone"]
    row.slim = False
    return row
