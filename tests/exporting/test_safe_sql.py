"""The SQL formula-safety rule (store/exports.py `safe_sql`) equals leadtool/safecells.py."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from leadtool.safecells import neutralise
from leadtool.store.exports import safe_sql

CONN = sqlite3.connect(":memory:")
SQL = f"SELECT {safe_sql('?1')}"

# Cells that start like a formula or like a signed number: where the two rules could differ.
STARTS = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "", "a", " "])
TAILS = st.text(st.characters(blacklist_categories=("Cs",)))
DIGITS = st.text(st.sampled_from("0123456789"), min_size=0, max_size=12)


def in_sql(cell: str) -> str:
    value = CONN.execute(SQL, (cell,)).fetchone()[0]
    assert isinstance(value, str)
    return value


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-cmd", "'-cmd"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("+14155550134", "+14155550134"),
        ("-42", "-42"),
        ("+", "'+"),
        ("-", "'-"),
        ("+1 415", "'+1 415"),
        ("+١٢٣", "'+١٢٣"),  # Arabic-Indic digits are not ASCII digits
        ("+1²", "'+1²"),  # nor is a superscript two (str.isdigit() says it is)
        ("", ""),
        ("plain", "plain"),
        (" =x", " =x"),
    ],
)
def test_table(cell: str, safe: str) -> None:
    assert neutralise(cell) == safe
    assert in_sql(cell) == safe


@given(st.builds(lambda a, b: a + b, STARTS, TAILS))
@example("+1\x00a")  # found by this test: SQL's GLOB stops at NUL, Python does not
@example("-12\x00=cmd")
def test_sql_rule_equals_python_rule(cell: str) -> None:
    assert in_sql(cell) == neutralise(cell)


@given(st.sampled_from("+-"), DIGITS, st.sampled_from(["", "x", " ", "٣", "²"]))
def test_signed_digits_exception(sign: str, digits: str, tail: str) -> None:
    cell = sign + digits + tail
    assert in_sql(cell) == neutralise(cell)
