"""`leadtool forget`: nothing of the person is left in the store's files, imports refuse them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leadtool.cli import app, forget_cmd
from tests.cli.test_import import HEADER, PEOPLE, import_json, people_file
from tests.conftest import Run, count, write_csv

Connect = Callable[[], sqlite3.Connection]

# Jane as every form the store or the file may hold her email and phone in.
JANE = (b"jane.doe@example.com", b"Jane.Doe@Example.com", b"+14155550134", b"(415) 555-0134")
JANE_TEXT = (b"415.555.0134", b"Jane.Doe", b"jane.doe")


def forget_json(run: Run, who: str) -> dict[str, object]:
    result = run("forget", who, "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def store_bytes(store: Path) -> bytes:
    files = [store, store.with_name(store.name + "-wal"), store.with_name(store.name + "-shm")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def test_forget_leaves_no_bytes_behind(
    run: Run, db: Connect, tmp_path: Path, isolated_store: Path
) -> None:
    import_json(run, str(people_file(tmp_path)))
    run("suppress", "add", "jane.doe@example.com", "--reason", "unsubscribed")
    assert all(value in store_bytes(isolated_store) for value in JANE)
    report = forget_json(run, "Jane.Doe@example.com")
    erased = report["erased"]
    assert isinstance(erased, dict)
    assert (erased["people"], erased["person_keys"], erased["import_rows"]) == (1, 2, 2)
    assert (erased["suppressions"], report["hashes"]) == (1, 2)
    raw = store_bytes(isolated_store).lower()
    for value in (*JANE, *JANE_TEXT):
        assert value.lower() not in raw, value
    conn = db()
    assert count(conn, "people") == 2
    kinds = conn.execute("SELECT kind, reason FROM suppressions").fetchall()
    assert kinds == [("hash", "forgotten"), ("hash", "forgotten")]


def test_reimport_refuses_the_forgotten_row(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    forget_json(run, "jane.doe@example.com")
    again = people_file(tmp_path, [PEOPLE[0], PEOPLE[1]], "again.csv")
    report = import_json(run, str(again))
    assert (report["rejected"], report["matched"], report["new"]) == (1, 1, 0)
    rows = db().execute("SELECT row_number, reason, data FROM rejects ORDER BY id").fetchall()
    assert rows[-1] == (2, "forgotten: this person asked to be erased", "[]")
    assert db().execute("SELECT count(*) FROM people WHERE first_name = 'Jane'").fetchone() == (0,)


def test_forget_by_phone_and_by_id(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    bob = db().execute("SELECT id FROM people WHERE email = 'bob@example.org'").fetchone()[0]
    by_id = forget_json(run, str(bob))
    assert by_id["person_id"] == bob
    by_phone = forget_json(run, "415-555-0134")
    assert by_phone["person_id"] != bob
    names = [r[0] for r in db().execute("SELECT first_name FROM people")]
    assert names == ["Ann"]
    text = run("forget", "ann@example.net", "--yes")
    assert text.exit_code == 0 and "people 1" in text.stderr and "ann@" not in text.stderr


def test_forgets_rejected_rows_that_mention_the_person(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    rows = [[*PEOPLE[0], ""], [*PEOPLE[4], "call +14155550134"], [*PEOPLE[4], "no phone"]]
    write_csv(tmp_path / "l.csv", [[*HEADER, "Notes"], *rows])
    assert import_json(run, str(tmp_path / "l.csv"))["rejected"] == 2
    report = forget_json(run, "jane.doe@example.com")
    assert report["erased"] == {
        "people": 1,
        "person_keys": 2,
        "person_batches": 1,
        "tags": 0,
        "contacts": 0,
        "scores": 0,
        "score_runs": 0,
        "events": 0,
        "activities": 0,
        "import_rows": 1,
        "merges": 0,
        "rejects": 1,
        "segments": 0,
        "dedupe_decisions": 0,
        "export_people": 0,
        "exports": 0,
        "suppressions": 0,
    }
    left = [json.loads(r[0])[-1] for r in db().execute("SELECT data FROM rejects")]
    assert left == ["no phone"]


def test_refuses_without_yes_when_not_interactive(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    result = run("forget", "jane.doe@example.com")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:") and result.stderr.count("\n") == 1
    assert count(db(), "people") == 3
    missing = run("forget", "nobody@example.com", "--yes")
    assert missing.exit_code == 1 and "nobody" not in missing.stderr


def test_asks_on_a_terminal(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_json(run, str(people_file(tmp_path)))
    monkeypatch.setattr(forget_cmd, "interactive", lambda: True)
    runner = CliRunner()
    declined = runner.invoke(app, ["forget", "jane.doe@example.com"], input="n\n")
    assert declined.exit_code == 1 and count(db(), "people") == 3
    accepted = runner.invoke(app, ["forget", "jane.doe@example.com"], input="y\n")
    assert accepted.exit_code == 0, accepted.stderr
    assert "Erase person 1" in accepted.stderr and count(db(), "people") == 2


def test_placeholder_cells_do_not_erase_other_people(run: Run, db: Connect, tmp_path: Path) -> None:
    rows = [[*PEOPLE[0][:3], "n/a", *PEOPLE[0][4:]], [*PEOPLE[2][:3], "n/a", *PEOPLE[2][4:]]]
    import_json(run, str(people_file(tmp_path, rows)))
    report = forget_json(run, "jane.doe@example.com")
    erased = report["erased"]
    assert isinstance(erased, dict) and erased["import_rows"] == 1
    assert count(db(), "import_rows") == 1 and count(db(), "people") == 1


def test_forget_deletes_segments_that_name_the_person(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    import_json(run, str(people_file(tmp_path)))
    wheres = {
        "jane": "email = 'Jane.Doe@Example.com'",
        "jane phone": "phone = '+14155550134' or title ~ cmo",
        "marketers": "title ~ marketing",
    }
    for name, where in wheres.items():
        saved = run("segment", "save", name, "--where", where)
        assert saved.exit_code == 0, saved.stderr
    report = forget_json(run, "jane.doe@example.com")
    erased = report["erased"]
    assert isinstance(erased, dict) and erased["segments"] == 2
    names = [r[0] for r in db().execute("SELECT name FROM segments")]
    assert names == ["marketers"]
