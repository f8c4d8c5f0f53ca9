"""store.rows: the one rows-as-dicts helper every store module uses."""

from __future__ import annotations

import sqlite3

import pytest

from leadtool.store.rows import first_dict, row_dict, row_dicts


@pytest.fixture
def conn() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (a, b)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(1, "x"), (2, None)])
    return db


def test_keys_are_the_query_column_names_aliases_included(conn: sqlite3.Connection) -> None:
    cur = conn.execute("SELECT a AS id, b FROM t ORDER BY a")
    assert row_dicts(cur) == [{"id": 1, "b": "x"}, {"id": 2, "b": None}]


def test_given_names_replace_the_column_names(conn: sqlite3.Connection) -> None:
    cur = conn.execute("SELECT a, b FROM t ORDER BY a")
    assert row_dicts(cur, ("n", "s")) == [{"n": 1, "s": "x"}, {"n": 2, "s": None}]


def test_first_dict_is_the_next_row_or_none(conn: sqlite3.Connection) -> None:
    assert first_dict(conn.execute("SELECT a, b FROM t WHERE a = 2")) == {"a": 2, "b": None}
    assert first_dict(conn.execute("SELECT a, b FROM t WHERE a = 3"), ("a", "b")) is None


def test_names_must_match_the_row() -> None:
    with pytest.raises(ValueError):
        row_dict(("a",), (1, 2))
