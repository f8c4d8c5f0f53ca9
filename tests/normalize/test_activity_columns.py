"""Which columns of an activity file are the activity, and which say who did it."""

from __future__ import annotations

import pytest

from leadtool.errors import UsageError
from leadtool.normalize import columns
from leadtool.normalize.activity_columns import (
    _ALIASES,
    map_activity_columns,
    parse_activity_map,
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Email Address", "Activity", "Timestamp"], {"type": 1, "time": 2}),
        (["Email", "Event", "Date", "Amount"], {"type": 1, "time": 2, "amount": 3}),
        (
            ["Email", "Type", "Date", "Value", "Currency"],
            {"type": 1, "time": 2, "amount": 3, "currency": 4},
        ),
        # The most specific header wins a field; the other stays the person's (custom).
        (["Email", "Created At", "Timestamp"], {"time": 2}),
        (["E-Mail-Adresse", "Aktivität", "Datum", "Betrag"], {"type": 1, "time": 2, "amount": 3}),
        (["Email", "Webinar Name", "Date"], {"detail": 1, "time": 2}),
    ],
)
def test_headers_other_tools_export(header: list[str], expected: dict[str, int]) -> None:
    mapped = map_activity_columns(header, {}, [])
    assert mapped.activity == expected
    assert mapped.person.fields == {0: "email"}


def test_no_activity_alias_takes_a_person_header() -> None:
    assert set(_ALIASES).isdisjoint(columns._ALIASES)


def test_map_wins_over_aliases_for_both_kinds_of_field() -> None:
    header = ["Contact", "Date", "Logged"]
    overrides = parse_activity_map(["Contact=email", "Logged=time", "Date=ignore"])
    mapped = map_activity_columns(header, overrides, [])
    assert mapped.activity == {"time": 2}
    assert mapped.person.fields == {0: "email"}
    assert mapped.describe(header) == [
        ("Contact", "email"),
        ("Date", "ignored"),
        ("Logged", "time"),
    ]


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["Date=when"], "unknown field 'when'"),
        (["Date=when"], "and for the activity: type, time, detail, amount, currency"),
        (["Nope=time"], "no column 'Nope'"),
        (["Date=time", "Logged=time"], "field 'time' is given to both"),
    ],
)
def test_map_mistakes_are_one_line(options: list[str], said: str) -> None:
    with pytest.raises(UsageError, match=said):
        map_activity_columns(["Email", "Date", "Logged"], parse_activity_map(options), [])
