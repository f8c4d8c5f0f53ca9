"""The rows an export writes: read by SQL alone, or with many custom fields spread in Python.

With at most `MAX_SQL_CUSTOM_KEYS` custom fields, SQL reads each one (store/exports.py). With
more, SQLite would parse a person's JSON once per key, so the JSON comes out whole and is
parsed here once per person. Both give the same cells (tests hold them equal); both run in
each process of a two-process export (parallel.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from leadtool.safecells import FORMULA_STARTS, neutralise
from leadtool.store import exports as sql

_STARTS = frozenset(FORMULA_STARTS)


def export_rows(
    conn: sqlite3.Connection,
    sel: sql.Selection,
    fields: Sequence[str],
    *,
    safe: bool,
    lists: bool = False,
) -> Iterable[tuple[Any, ...]]:
    """One tuple per exported person, one value per field, in id order (`select_rows`)."""
    keys = [f for f in fields if f.startswith(sql.CUSTOM)]
    if len(keys) <= sql.MAX_SQL_CUSTOM_KEYS:
        return sql.select_rows(conn, sel, fields, safe=safe, lists=lists)
    return _spread_custom(conn, sel, fields, safe=safe, lists=lists)


def _spread_custom(
    conn: sqlite3.Connection, sel: sql.Selection, fields: Sequence[str], *, safe: bool, lists: bool
) -> Iterator[tuple[Any, ...]]:
    """The store's own fields from SQL (made safe there), then each person's JSON parsed
    once; its values put in place and, for CSV, made safe here by the same rule."""
    plain = [f for f in fields if not f.startswith(sql.CUSTOM)]
    keys = [f.removeprefix(sql.CUSTOM) for f in fields if f.startswith(sql.CUSTOM)]
    # Each row is (*plain values, *custom values): `pick` puts them in the fields' order.
    order, next_plain, next_key = [], 0, len(plain)
    for f in fields:
        if f.startswith(sql.CUSTOM):
            order.append(next_key)
            next_key += 1
        else:
            order.append(next_plain)
            next_plain += 1
    pick = itemgetter(*order) if len(order) > 1 else lambda r: (r[order[0]],)
    nothing = (None,) * len(keys)
    for row in sql.select_rows(conn, sel, [*plain, "custom"], safe=safe, lists=lists):
        raw = row[-1]
        if raw and raw != "{}":
            values = tuple(map(json.loads(raw).get, keys))
            if safe:
                values = tuple(
                    neutralise(v) if v.__class__ is str and v[:1] in _STARTS else v for v in values
                )
        else:
            values = nothing
        yield pick(row[:-1] + values)
