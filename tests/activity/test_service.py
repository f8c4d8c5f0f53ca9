"""The checks of `activity add` before the store is touched, and its service on a fixed clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from leadtool.activity import NewEvent, add_activity, parse_event
from leadtool.errors import UsageError
from leadtool.store.connection import open_store
from tests.cli.test_import import import_json, people_file
from tests.conftest import Run

NOW = datetime(2026, 3, 10, 12, 0, 0, tzinfo=UTC)
MARCH_1_10H = 1_772_359_200  # 2026-03-01T10:00:00Z


def parse(
    kind: str = "webinar",
    *,
    at: str | None = None,
    detail: str | None = None,
    amount: float | None = None,
    currency: str | None = None,
) -> NewEvent:
    return parse_event(kind, at=at, detail=detail, amount=amount, currency=currency, now=NOW)


@pytest.mark.parametrize(
    ("at", "ts"),
    [
        ("2026-03-01T10:00:00Z", MARCH_1_10H),
        ("2026-03-01 10:00:00", MARCH_1_10H),  # no offset: UTC
        ("2026-03-01T11:00:00+01:00", MARCH_1_10H),  # an offset: stored in UTC
        ("03/01/2026 10:00", MARCH_1_10H),  # US, as exports write it
        ("2026-03-01", MARCH_1_10H - 10 * 3600),  # a date: its midnight UTC
        (None, int(NOW.timestamp())),  # default: now
    ],
)
def test_the_time_is_read_as_utc_epoch_seconds(at: str | None, ts: int) -> None:
    assert parse(at=at).ts == ts


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        ("webinars", {}, "TYPE: not an activity type leadtool knows; use one of: download, "),
        ("webinar", {"at": "last tuesday"}, "--at: not a time leadtool reads"),
        ("webinar", {"at": "2026-03-11"}, "--at: 2026-03-11T00:00:00Z is in the future"),
        ("purchase", {"amount": float("nan")}, "--amount: give a number"),
        ("purchase", {"amount": float("inf")}, "--amount: give a number"),
        ("purchase", {"amount": 5.0, "currency": "euro"}, "--currency: give a three-letter"),
        ("purchase", {"currency": "EUR"}, "--currency: says what --amount is in"),
    ],
)
def test_a_wrong_option_is_one_line_naming_it(
    kind: str, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(UsageError) as caught:
        parse(kind, **options)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_the_unknown_type_message_lists_every_type() -> None:
    with pytest.raises(UsageError) as caught:
        parse("nope")
    assert str(caught.value).endswith("email_click, page_view, event, meeting, call, purchase")


def test_spellings_of_other_tools_and_the_currency_are_read() -> None:
    event = parse("Demo Request", detail="  from the pricing page ", amount=-20.0, currency="eur")
    assert event == NewEvent(
        "demo_request", int(NOW.timestamp()), "from the pricing page", -20.0, "EUR"
    )


def test_the_report_and_the_row_carry_the_fixed_clock(
    run: Run, tmp_path: Path, isolated_store: Path, db: Callable[[], sqlite3.Connection]
) -> None:
    import_json(run, str(people_file(tmp_path)))
    store = open_store(isolated_store)
    report = add_activity(store, "bob@example.org", parse("call"), region="US", now=NOW)
    assert (report.person_id, report.at, report.added) == (2, "2026-03-10T12:00:00Z", True)
    again = add_activity(store, "2", parse("call"), region="US", now=NOW)
    assert again.added is False
    rows = db().execute("SELECT person_id, type, ts, created_at FROM activities").fetchall()
    assert rows == [(2, "call", int(NOW.timestamp()), "2026-03-10T12:00:00Z")]
