"""leadtool/addresses.py: the primary address first, then the store's others."""

from __future__ import annotations

import pytest

from leadtool.addresses import primary_first, with_addresses


@pytest.mark.parametrize(
    ("primary", "others", "expected"),
    [
        ("a@x.example", "[]", ["a@x.example"]),
        ("a@x.example", None, ["a@x.example"]),
        (None, "[]", []),
        ("", None, []),
        (
            "z@x.example",
            '["b@x.example", "c@x.example"]',
            ["z@x.example", "b@x.example", "c@x.example"],
        ),
        (None, '["b@x.example"]', ["b@x.example"]),  # no primary: the others alone
    ],
)
def test_primary_first(primary: str | None, others: str | None, expected: list[str]) -> None:
    assert primary_first(primary, others) == expected


def test_with_addresses_replaces_the_store_columns() -> None:
    row = {"id": 1, "email": "a@x.example", "phone": None}
    row |= {"other_emails": '["b@x.example"]', "other_phones": '["+14155550134"]'}
    assert with_addresses(row) == {
        "id": 1,
        "email": "a@x.example",
        "phone": None,
        "emails": ["a@x.example", "b@x.example"],
        "phones": ["+14155550134"],
    }
