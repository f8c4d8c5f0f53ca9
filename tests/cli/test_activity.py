"""`leadtool activity add`: exit codes, streams, and the store afterwards."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_import import import_json, people_file
from tests.conftest import Run, count

Connect = Callable[[], sqlite3.Connection]
MARCH_1_10H = 1_772_359_200  # 2026-03-01T10:00:00Z


@pytest.fixture
def people(run: Run, tmp_path: Path) -> None:
    """Jane (1), Bob (2) and Ann (3)."""
    import_json(run, str(people_file(tmp_path)))


def rows(db: Connect) -> list[tuple[object, ...]]:
    sql = "SELECT person_id, type, ts, detail, amount, currency, batch_id FROM activities"
    return db().execute(sql + " ORDER BY id").fetchall()


def test_add_records_the_event_and_says_so_on_stderr(run: Run, db: Connect, people: None) -> None:
    result = run(
        "activity", "add", "Jane.Doe@Example.com", "Webinar",
        "--at", "2026-03-01T11:00:00+01:00", "--detail", "Q1 launch",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "Recorded webinar of person 1 at 2026-03-01T10:00:00Z."
    assert rows(db) == [(1, "webinar", MARCH_1_10H, "Q1 launch", None, None, None)]


def test_the_same_event_twice_is_stored_once(run: Run, db: Connect, people: None) -> None:
    args = ("activity", "add", "(415) 555-0134", "download", "--at", "2026-03-01 10:00")
    assert run(*args).exit_code == 0
    again = run(*args, "--json")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["added"] is False
    text = run(*args)
    assert (
        text.exit_code == 0
        and "Already stored" in text.stderr
        and "nothing was added" in text.stderr
    )
    other = run(*args, "--detail", "e-book")  # another detail: another event
    assert other.exit_code == 0
    assert [r[3] for r in rows(db)] == ["", "e-book"]


def test_json_on_stdout_only(run: Run, people: None) -> None:
    result = run(
        "activity", "add", "2", "purchase", "--at", "2026-03-01T10:00:00Z",
        "--amount", "-20.5", "--currency", "gbp", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout) == {
        "person_id": 2, "type": "purchase", "at": "2026-03-01T10:00:00Z", "detail": "",
        "amount": -20.5, "currency": "GBP", "added": True, "currency_set": True,
    }  # fmt: skip


def test_without_at_the_time_is_now(run: Run, db: Connect, people: None) -> None:
    import time

    before = int(time.time())
    assert run("activity", "add", "3", "call").exit_code == 0
    ts = rows(db)[0][2]
    assert isinstance(ts, int) and before <= ts <= int(time.time())


@pytest.mark.parametrize(
    ("args", "code", "start"),
    [
        (("1", "webinars"), 2, "Error: TYPE: not an activity type leadtool knows; use one of: "),
        (("1", "webinar", "--at", "soon"), 2, "Error: --at: not a time leadtool reads"),
        (("1", "webinar", "--at", "2999-01-01"), 2, "Error: --at: 2999-01-01T00:00:00Z is in"),
        (("1", "purchase", "--currency", "EUR"), 2, "Error: --currency: says what --amount"),
        (("nobody@example.com", "webinar"), 1, "Error: no person matches the email given"),
        (("99", "webinar"), 1, "Error: no person matches the id or phone given"),
    ],
)
def test_a_wrong_call_is_one_line_and_stores_nothing(
    run: Run, db: Connect, people: None, args: tuple[str, ...], code: int, start: str
) -> None:
    result = run("activity", "add", *args)
    assert result.exit_code == code, result.stderr
    assert result.stderr.startswith(start) and len(result.stderr.splitlines()) == 1
    assert "nobody" not in result.stderr  # the error never repeats the email
    assert count(db(), "activities") == 0


def test_a_suppressed_persons_activity_is_refused(run: Run, db: Connect, people: None) -> None:
    assert run("suppress", "add", "bob@example.org", "--reason", "unsubscribed").exit_code == 0
    result = run("activity", "add", "bob@example.org", "email_open")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: person 2 is suppressed: their activity is not recorded (it is the person's choice)"
    )
    assert "bob" not in result.stderr
    assert run("activity", "add", "1", "email_open").exit_code == 0  # Jane is not suppressed
    assert [r[0] for r in rows(db)] == [1]


def test_forgetting_one_person_keeps_the_others_activity(
    run: Run, db: Connect, people: None
) -> None:
    for who in ("1", "2", "3"):
        assert run("activity", "add", who, "webinar", "--at", "2026-03-01").exit_code == 0
    assert run("activity", "add", "1", "download", "--at", "2026-03-02").exit_code == 0
    forgot = run("forget", "jane.doe@example.com", "--yes", "--json")
    assert json.loads(forgot.stdout)["erased"]["activities"] == 2
    assert [r[:2] for r in rows(db)] == [(2, "webinar"), (3, "webinar")]
    gone = run("activity", "add", "jane.doe@example.com", "webinar")  # not stored again
    assert gone.exit_code == 1 and count(db(), "activities") == 2
