"""Filters on stage, country, source, tags and dates use indexes (EXPLAIN QUERY PLAN, no timing)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from leadtool.filters import compile_where
from leadtool.store import exports, queries
from leadtool.store.connection import Store, open_store, write_transaction

NOW = datetime(2026, 11, 23, tzinfo=UTC)

PLANS = [
    ("stage = lead", "people_stage"),
    ("stage >= mql", "people_stage"),
    ("country in (US, CA)", "people_country"),
    ("created > 30 days ago", "people_created_at"),
    ('source = "LinkedIn CMO search"', "SEARCH pb USING COVERING INDEX person_batches_batch"),
    # Tags match ignoring case, so this reads the tags index (not the people table) whole.
    ("tag = vip", "COVERING INDEX tags_tag"),
]


@pytest.mark.parametrize(("expr", "index"), PLANS, ids=[p[0] for p in PLANS])
def test_filter_uses_index(tmp_path: Path, expr: str, index: str) -> None:
    store = open_store(tmp_path / "s.db")
    compiled = compile_where(expr, now=NOW)
    plan = store.conn.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM people WHERE {compiled.sql}", compiled.params
    ).fetchall()
    details = " | ".join(str(row[-1]) for row in plan)
    assert index in details, details
    if index.startswith("people_"):
        assert "SCAN people" not in details, details


def _export_plan(store: Store, expr: str) -> tuple[bool, str]:
    """(read in id order?, the plan of the export's row query) for a --where."""
    compiled = compile_where(expr, now=NOW)
    sel = exports.prepare(store.conn, exports.Selection(compiled.sql, compiled.params))
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    exports.select_rows(store.conn, sel, ["id", "email", "first_source"], safe=True).close()
    store.conn.set_trace_callback(None)
    plan = store.conn.execute(f"EXPLAIN QUERY PLAN {statements[-1]}").fetchall()
    return sel.scan, " | ".join(str(row[-1]) for row in plan)


def test_an_export_of_most_people_reads_them_in_id_order(tmp_path: Path) -> None:
    """Through the stage index, SQLite would fetch 90% of the rows out of order and sort
    them; a narrow export still uses the index."""
    store = open_store(tmp_path / "s.db")
    with write_transaction(store) as conn:
        conn.executemany(
            "INSERT INTO people (id, stage, created_at, updated_at, norm_version) "
            "VALUES (?, ?, '2026-01-01', '2026-01-01', 2)",
            [(i, "mql" if i % 50 == 0 else "lead") for i in range(1, 1001)],
        )
    scan, wide = _export_plan(store, "stage >= subscriber")
    assert scan and "SCAN people" in wide and "people_stage" not in wide, wide
    assert "TEMP B-TREE FOR ORDER BY" not in wide, wide
    scan, narrow = _export_plan(store, "stage >= mql")
    assert not scan and "people_stage" in narrow, narrow
    # `people list` and `segment show` choose the same way.
    wide = _list_plan(store, "stage >= subscriber")
    # (A person's own emails are sorted in a small B-tree of their own: not this sort.)
    assert "people_stage" not in wide and "TEMP B-TREE FOR ORDER BY" not in wide, wide
    assert "people_stage" in _list_plan(store, "stage >= mql")


def _list_plan(store: Store, expr: str) -> str:
    compiled = compile_where(expr, now=NOW)
    matching = queries.count_people(store.conn, compiled.sql, compiled.params)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    queries.list_people(store.conn, 10, compiled.sql, compiled.params, matching=matching)
    store.conn.set_trace_callback(None)
    select = [s for s in statements if s.startswith("SELECT people.id")][-1]
    plan = store.conn.execute(f"EXPLAIN QUERY PLAN {select}").fetchall()
    return " | ".join(str(row[-1]) for row in plan)
