"""Filters on stage, country, source, tags and dates use indexes (EXPLAIN QUERY PLAN, no timing)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from leadtool.filters import compile_where
from leadtool.store.connection import open_store

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
