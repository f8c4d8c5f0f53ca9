"""A failed `leadtool import` on a machine with no store yet leaves no store behind
(issue 20 #25), and never removes or empties a store that was there before."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from leadtool.errors import EXIT_PARTIAL
from tests.conftest import Run, count, write_csv

Connect = Callable[[], sqlite3.Connection]

HEADER = ["First Name", "Last Name", "E-mail", "Company Name"]
JANE = ["Jane", "Doe", "jane.doe@example.com", "Acme"]


def leftovers(db: Path) -> list[str]:
    """The store, its journals and its lock, whichever exist (the folder may not)."""
    names = (db.name, f"{db.name}-wal", f"{db.name}-shm", f"{db.name}-journal", f"{db.name}.lock")
    return [name for name in names if (db.parent / name).exists()]


def missing(tmp_path: Path) -> Path:
    return tmp_path / "nosuch.csv"


def empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    return path


def not_a_table(tmp_path: Path) -> Path:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return path


def a_folder(tmp_path: Path) -> Path:
    return tmp_path


@pytest.mark.parametrize("make", [missing, empty, not_a_table, a_folder])
def test_a_failed_import_on_a_fresh_machine_leaves_no_store(
    run: Run, tmp_path: Path, isolated_store: Path, make: Callable[[Path], Path]
) -> None:
    result = run("import", str(make(tmp_path)))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert leftovers(isolated_store) == []
    assert not isolated_store.parent.exists()  # not even the private folder for it


def test_a_bad_mapping_on_a_fresh_machine_leaves_no_store(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    path = write_csv(tmp_path / "list.csv", [HEADER, JANE])
    result = run("import", str(path), "--map", "Nope=email")
    assert result.exit_code != 0
    assert leftovers(isolated_store) == []


def test_the_next_good_file_still_creates_the_store(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    good = write_csv(tmp_path / "list.csv", [HEADER, JANE])
    result = run("import", str(tmp_path / "nosuch.csv"), str(good))
    assert result.exit_code == EXIT_PARTIAL, result.stderr  # one of two files failed
    with sqlite3.connect(isolated_store) as conn:
        assert count(conn, "people") == 1


def test_a_store_with_people_keeps_them_when_an_import_fails(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    assert run("import", str(write_csv(tmp_path / "list.csv", [HEADER, JANE]))).exit_code == 0
    result = run("import", str(tmp_path / "nosuch.csv"))
    assert result.exit_code == 1
    with sqlite3.connect(isolated_store) as conn:
        assert count(conn, "people") == 1


def test_an_empty_store_that_was_there_before_is_left_alone(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    isolated_store.parent.mkdir(mode=0o700)
    isolated_store.touch(mode=0o600)  # made by hand, or by an earlier leadtool run
    result = run("import", str(tmp_path / "nosuch.csv"))
    assert result.exit_code == 1
    assert isolated_store.exists()


def test_a_dry_run_on_a_fresh_machine_makes_no_store(run: Run, tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "leadtool.db"
    db.parent.mkdir()
    path = write_csv(tmp_path / "a.csv", [["Email"], ["ann@example.com"]])
    result = run("--db", str(db), "import", str(path), "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "dry-run"
    assert list(db.parent.iterdir()) == []


def test_ctrl_c_during_the_second_file_says_the_first_is_kept(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadtool.imports import service

    first = write_csv(tmp_path / "first.csv", [["Email"], ["ann@example.com"]])
    second = write_csv(tmp_path / "second.csv", [["Email"], ["bob@example.com"]])
    real = service.import_file

    def interrupted_on_second(store: object, path: Path, *args: object, **kw: object) -> object:
        if path.name == "second.csv":
            raise KeyboardInterrupt
        return real(store, path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "import_file", interrupted_on_second)
    result = run("import", str(first), str(second))
    assert result.exit_code == 130
    assert "second.csv was not imported" in result.stderr
    assert "the 1 file imported before it stay imported" in result.stderr
    assert "as it was before" not in result.stderr
    assert count(db(), "people") == 1
