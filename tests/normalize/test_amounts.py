"""Money cells as shops and CRMs export them, read without guessing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtool.normalize.amounts import Amount, currency_code, parse_amount


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("49.90", Amount(49.9, None)),
        ("1.234,50", Amount(1234.5, None)),
        ("1,234.50", Amount(1234.5, None)),
        ("1 234,50", Amount(1234.5, None)),
        ("1\u202f234,50", Amount(1234.5, None)),
        ("1'234.50", Amount(1234.5, None)),
        ("1.234.567", Amount(1234567.0, None)),
        ("49,90", Amount(49.9, None)),
        ("0,250", Amount(0.25, None)),
        ("-20", Amount(-20.0, None)),
        ("(20.00)", Amount(-20.0, None)),
        ("+5", Amount(5.0, None)),
        ("€ 49.90", Amount(49.9, "EUR")),
        ("49,90 €", Amount(49.9, "EUR")),
        ("£12", Amount(12.0, "GBP")),
        ("49.90 EUR", Amount(49.9, "EUR")),
        ("usd 10", Amount(10.0, "USD")),
        ("EUR -5", Amount(-5.0, "EUR")),
        ("$1,000.00", Amount(1000.0, None, dollar=True)),  # "$" is not one currency
        ("1.234", None),  # a thousand, or one and a bit: not guessed
        ("1,234", None),
        ("1,2,3", None),
        ("forty", None),
        ("12 ABC", None),  # three letters that name no currency: not an amount
        ("", None),
        ("1e5", None),
        ("nan", None),
        ("2026-03-01", None),
    ],
)
def test_amount_cells(cell: str, expected: Amount | None) -> None:
    assert parse_amount(cell) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [("eur", "EUR"), (" USD ", "USD"), ("€", "EUR"), ("euro", None), ("$", None), ("ABC", None)],
)
def test_currency_codes(raw: str, code: str | None) -> None:
    assert currency_code(raw) == code


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=99))
def test_two_decimals_read_back_in_both_conventions(units: int, cents: int) -> None:
    sign = "-" if units < 0 else ""
    whole = f"{abs(units):,}"
    value = float(f"{sign}{abs(units)}.{cents:02d}")
    assert parse_amount(f"{sign}{whole}.{cents:02d}") == Amount(value, None)
    european = whole.replace(",", ".")
    assert parse_amount(f"{sign}{european},{cents:02d}") == Amount(value, None)
