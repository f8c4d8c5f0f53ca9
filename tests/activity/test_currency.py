"""The store's currency: set once by the first --currency, then held to."""

from __future__ import annotations

import sqlite3

import pytest

from leadtool.activity.currency import Currency, settle
from leadtool.errors import UsageError


def store(currency: str | None) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    if currency is not None:
        conn.execute("INSERT INTO settings VALUES ('currency', ?)", (currency,))
    return conn


@pytest.mark.parametrize(
    ("stored", "given", "per_row", "expected", "after"),
    [
        (None, None, False, Currency(None, None), None),  # nothing yet: amounts are refused
        (None, "EUR", False, Currency("EUR", "EUR", newly_set=True), "EUR"),
        ("EUR", None, False, Currency("EUR", "EUR"), "EUR"),
        ("EUR", "EUR", False, Currency("EUR", "EUR"), "EUR"),
        ("EUR", "USD", True, Currency("USD", "EUR"), "EUR"),  # fills the file's empty cells
    ],
)
def test_settle(
    stored: str | None, given: str | None, per_row: bool, expected: Currency, after: str | None
) -> None:
    conn = store(stored)
    assert settle(conn, given, per_row=per_row) == expected
    row = conn.execute("SELECT value FROM settings WHERE key = 'currency'").fetchone()
    assert (row[0] if row else None) == after


def test_another_currency_without_a_column_is_refused() -> None:
    with pytest.raises(UsageError, match="this store's currency is EUR"):
        settle(store("EUR"), "USD")
