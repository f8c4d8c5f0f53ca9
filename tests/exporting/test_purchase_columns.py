"""The export reads first_sale, lifetime_value and customer_since for buyers only; every value
is still the one PURCHASE_SQL (what --where and `people show` read) gives, for every person."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from pathlib import Path

from leadtool.store import exports
from leadtool.store.connection import open_store
from leadtool.store.purchases import PURCHASE_SQL

FIELDS = tuple(PURCHASE_SQL)
TYPES = ("purchase", "purchase", "webinar", "download")


def _store(path: Path, seed: int) -> None:
    """People with sales, refunds, no amount, other currencies, other activity, none at all,
    and some moved away from customer by hand."""
    rng = random.Random(seed)
    store = open_store(path)
    conn = store.conn
    at = "2026-01-01T00:00:00Z"
    conn.execute("INSERT INTO settings (key, value) VALUES ('currency', 'EUR')")
    for pid in range(1, 301):
        conn.execute(
            "INSERT INTO people (id, email, stage, created_at, updated_at, norm_version) "
            "VALUES (?, ?, 'lead', ?, ?, 1)",
            (pid, f"p{pid}@example.com", at, at),
        )
        for k in range(rng.choice((0, 0, 1, 2, 4))):
            amount = rng.choice((None, 120.0, 99.5, -40.0, 0.0, 1200.0))
            conn.execute(
                "INSERT INTO activities (person_id, type, ts, detail, amount, currency, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    pid,
                    rng.choice(TYPES),
                    1_760_000_000 + rng.randrange(5) * 86_400,  # ties in time happen
                    f"d{k}",
                    amount,
                    rng.choice((None, "EUR", "EUR", "USD")),
                    at,
                ),
            )
        if rng.random() < 0.1:
            conn.execute(
                "INSERT INTO events (person_id, at, kind, detail) VALUES (?, ?, 'stage', ?)",
                (pid, "2025-10-11T00:00:00Z", '{"from": "customer", "to": "lead"}'),
            )
    conn.commit()
    conn.close()


def _exported(conn: sqlite3.Connection, sel: exports.Selection) -> list[tuple[object, ...]]:
    return [tuple(row) for row in exports.select_rows(conn, sel, ("id", *FIELDS), safe=False)]


def test_the_exported_purchase_fields_are_purchase_sql_for_everyone(tmp_path: Path) -> None:
    for seed in (1, 2, 3):
        path = tmp_path / f"s{seed}" / "leads.db"
        path.parent.mkdir()
        _store(path, seed)
        store = open_store(path)
        sel = exports.prepare(store.conn, exports.Selection("1", ()))
        assert sel.scan  # the whole store: the buyers-only reading
        exported = _exported(store.conn, sel)
        assert _exported(store.conn, replace(sel, scan=False)) == exported  # a narrow one's
        cols = ", ".join(PURCHASE_SQL.values())
        expected = [
            tuple(row) for row in store.conn.execute(f"SELECT id, {cols} FROM people ORDER BY id")
        ]
        assert exported == expected
        # The store holds each kind the guard must get right.
        buyers = [row for row in expected if row[2] is not None]
        assert len(expected) == 300 and 0 < len(buyers) < 300
        assert any(row[1] is None and row[2] is not None for row in expected)  # refunds only
        assert any(row[3] is None and row[1] is not None for row in expected)  # moved back
        store.conn.close()
