"""A damaged store is never written to: writers stop before writing, with one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from leadtool.store.connection import open_store, write_transaction
from leadtool.store.integrity import StoreDamagedError
from leadtool.store.settings import get_setting
from tests.cleanup.helpers import small_store
from tests.cli.test_import import people_file
from tests.conftest import Run
from tests.store.damage import add_filler, fingerprint, garbage_page

NEW_PEOPLE = [["Zoe", "Zimmer", "zoe.zimmer@example.com", "+1 415 555 0199", "Zed Co", "CEO", "US"]]


@pytest.fixture
def damaged(run: Run, tmp_path: Path, isolated_store: Path, request: pytest.FixtureRequest) -> Path:
    small_store(run, tmp_path)
    add_filler(isolated_store)
    garbage_page(isolated_store, request.param)
    return isolated_store


WRITERS = [
    ("import", "{list}"),
    ("export", "--where", "stage = lead", "-o", "{out}"),
    ("stage", "set", "mql", "--where", "stage = lead"),
    ("dedupe", "--auto-merge"),
]


@pytest.mark.parametrize("damaged", ["people", "person_keys"], indirect=True)
@pytest.mark.parametrize("args", WRITERS, ids=[w[0] for w in WRITERS])
def test_writers_stop_on_a_damaged_store_before_writing(
    run: Run, tmp_path: Path, damaged: Path, args: tuple[str, ...]
) -> None:
    new = people_file(tmp_path, NEW_PEOPLE, name="new.csv")
    out = tmp_path / "out.csv"
    before = fingerprint(damaged)
    result = run(*(a.format(list=new, out=out) for a in args))
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "damaged" in lines[0] and "leadtool cleanup" in lines[0]
    assert "Traceback" not in result.stderr and "example.com" not in result.stderr
    assert fingerprint(damaged) == before
    assert not out.exists()


def test_corruption_met_mid_write_rolls_back_with_one_line(tmp_path: Path) -> None:
    store = open_store(tmp_path / "leads.db")
    with (
        pytest.raises(StoreDamagedError, match=r"damaged.*leadtool cleanup"),
        write_transaction(store) as conn,
    ):
        conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
        raise sqlite3.DatabaseError("database disk image is malformed")
    assert get_setting(store.conn, "x") is None
    with pytest.raises(StoreDamagedError), write_transaction(store):
        pass  # the verdict sticks for this open store
    store.close()


def test_a_sound_store_is_checked_once_per_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadtool.store import integrity

    calls: list[int] = []
    real = integrity.problems

    def counting(conn: sqlite3.Connection) -> list[str]:
        calls.append(1)
        return real(conn)

    monkeypatch.setattr(integrity, "problems", counting)
    store = open_store(tmp_path / "leads.db")
    for key in ("a", "b"):
        with write_transaction(store) as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, 'v')", (key,))
    assert len(calls) == 1
    assert get_setting(store.conn, "b") == "v"
    store.close()


def test_reads_of_a_sound_store_still_work_after_a_write(run: Run, tmp_path: Path) -> None:
    small_store(run, tmp_path)
    result = run("people", "list")
    assert result.exit_code == 0, result.stderr
