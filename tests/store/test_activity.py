"""The activity store: one row per event, stored once, read by `people show`, erased by forget."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from leadtool.forget import forget
from leadtool.store.activity import NewActivity, add_activity
from leadtool.store.connection import open_store, write_transaction
from tests.cli.test_import import import_json, people_file
from tests.conftest import Run

Connect = Callable[[], sqlite3.Connection]
MARCH_1 = 1_772_359_200  # 2026-03-01T10:00:00Z


def event(pid: int, kind: str = "webinar", ts: int = MARCH_1, detail: str = "") -> NewActivity:
    return NewActivity(pid, kind, ts, detail, None, None, None, "2026-03-02T00:00:00Z")


def add(store_path: Path, *events: NewActivity) -> list[int | None]:
    store = open_store(store_path)
    with write_transaction(store) as conn:
        return [add_activity(conn, e) for e in events]


def people(run: Run, tmp_path: Path) -> None:
    """Jane (1), Bob (2) and Ann (3)."""
    import_json(run, str(people_file(tmp_path)))


def test_the_same_event_is_stored_once(
    run: Run, db: Connect, tmp_path: Path, isolated_store: Path
) -> None:
    people(run, tmp_path)
    first = add(isolated_store, event(1))
    again = add(isolated_store, event(1), event(1, detail="Q1 launch"), event(1, ts=MARCH_1 + 1))
    assert first[0] is not None
    assert again[0] is None and None not in again[1:]
    rows = db().execute("SELECT person_id, type, ts, detail FROM activities ORDER BY id")
    assert rows.fetchall() == [
        (1, "webinar", MARCH_1, ""),
        (1, "webinar", MARCH_1, "Q1 launch"),
        (1, "webinar", MARCH_1 + 1, ""),
    ]


def test_scans_by_person_type_and_time_read_only_the_covering_index(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    people(run, tmp_path)
    plan = db().execute(
        "EXPLAIN QUERY PLAN SELECT person_id, ts FROM activities WHERE type = 'webinar' "
        "AND person_id = 1 AND ts > 0"
    )
    detail = " ".join(str(r[-1]) for r in plan)
    assert "COVERING INDEX activities_person_type_ts" in detail, detail


def test_forget_erases_the_persons_activity_and_no_one_elses(
    run: Run, db: Connect, tmp_path: Path, isolated_store: Path
) -> None:
    people(run, tmp_path)
    add(isolated_store, event(1), event(1, "download"), event(2), event(3, detail="met at SaaStr"))
    report = forget(open_store(isolated_store), 1)
    assert report.erased["activities"] == 2
    left = db().execute("SELECT person_id, type, detail FROM activities ORDER BY person_id")
    assert left.fetchall() == [(2, "webinar", ""), (3, "webinar", "met at SaaStr")]


def test_forget_erases_another_persons_event_whose_detail_names_them(
    run: Run, db: Connect, tmp_path: Path, isolated_store: Path
) -> None:
    people(run, tmp_path)
    add(isolated_store, event(2, "meeting", detail="intro from jane.doe@example.com"), event(3))
    forget(open_store(isolated_store), 1)
    assert db().execute("SELECT person_id FROM activities").fetchall() == [(3,)]


def test_people_show_counts_types_and_lists_the_latest_five(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    people(run, tmp_path)
    downloads = [event(1, "download", MARCH_1 + day * 86_400) for day in range(6)]
    add(isolated_store, *downloads, event(1, detail="Q1 launch"), event(2, "purchase"))
    result = run("people", "show", "1")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("activity:"))
    assert lines[start].split(": ", 1)[1] == "7 events (download 6, webinar 1)"
    shown = [line.split() for line in lines[start + 1 : start + 6]]
    assert [s[:2] for s in shown] == [
        [f"2026-03-0{day}T10:00:00Z", "download"] for day in (6, 5, 4, 3, 2)
    ]
    assert "Q1 launch" not in result.stdout  # the oldest but one: beyond the five shown


def test_people_show_json_lists_every_activity(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    people(run, tmp_path)
    add(isolated_store, event(1), event(1, "download", MARCH_1 - 60, "white paper"), event(2))
    result = run("people", "show", "1", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["activity"] == [
        {"type": "webinar", "at": "2026-03-01T10:00:00Z", "detail": "", "amount": None,
         "currency": None, "batch_id": None},
        {"type": "download", "at": "2026-03-01T09:59:00Z", "detail": "white paper",
         "amount": None, "currency": None, "batch_id": None},
    ]  # fmt: skip


def test_a_person_without_activity_shows_none(run: Run, tmp_path: Path) -> None:
    people(run, tmp_path)
    result = run("people", "show", "2")
    assert result.exit_code == 0 and "activity" not in result.stdout
    assert json.loads(run("people", "show", "2", "--json").stdout)["activity"] == []


def test_undoing_the_import_that_created_a_person_removes_their_activity(
    run: Run, db: Connect, tmp_path: Path, isolated_store: Path
) -> None:
    people(run, tmp_path)
    later = import_json(run, str(people_file(tmp_path, [["Zoe", "Zed", "zoe@example.com"]], "z")))
    zoe = db().execute("SELECT id FROM people WHERE email = 'zoe@example.com'").fetchone()[0]
    add(isolated_store, event(zoe), event(1))
    refused = run("imports", "undo", str(later["batch_id"]))
    assert refused.exit_code != 0 and "1 with activity recorded" in refused.stderr
    assert db().execute("SELECT count(*) FROM activities").fetchone() == (2,)
    result = run("imports", "undo", str(later["batch_id"]), "--force")
    assert result.exit_code == 0, result.stderr
    assert db().execute("SELECT person_id FROM activities").fetchall() == [(1,)]


def test_people_show_writes_amounts_in_full_with_their_currency(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    people(run, tmp_path)
    big = NewActivity(1, "purchase", MARCH_1, "", 1_234_567.5, "EUR", None, "2026-03-02T00:00:00Z")
    refund = NewActivity(1, "purchase", MARCH_1 - 1, "", -20.0, None, None, "2026-03-02T00:00:00Z")
    add(isolated_store, big, refund)
    shown = run("people", "show", "1").stdout
    assert "2026-03-01T10:00:00Z purchase 1,234,567.50 EUR\n" in shown
    assert "2026-03-01T09:59:59Z purchase -20.00\n" in shown
