"""Rows in and out of queries: the one way the store's modules turn rows into dicts, and
cut id lists into parts for `IN (...)`.

Keys are the given column names (a module's column tuple) or, without them, the names the
query itself gives its columns (`cursor.description`, so `AS` aliases count).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def row_dict(names: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    """One row as a dict; the names must match the row's length."""
    return dict(zip(names, row, strict=True))


def row_dicts(cur: sqlite3.Cursor, names: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Every remaining row of `cur` as a dict."""
    keys = column_names(cur) if names is None else names
    return [dict(zip(keys, row, strict=True)) for row in cur]


def first_dict(cur: sqlite3.Cursor, names: Sequence[str] | None = None) -> dict[str, Any] | None:
    """The next row of `cur` as a dict, or None when there is none."""
    row = cur.fetchone()
    return None if row is None else row_dict(column_names(cur) if names is None else names, row)


def column_names(cur: sqlite3.Cursor) -> list[str]:
    return [d[0] for d in cur.description]


def in_parts(items: list[T], size: int = 500) -> Iterator[list[T]]:
    """`items` in consecutive parts of at most `size`: the host parameters of one `IN (...)`
    stay well under SQLite's limit."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
