"""import_file given the store's path: the store is made only for a file that can be imported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from leadtool.errors import InputFileError, UsageError
from leadtool.imports.model import ImportOptions
from leadtool.imports.service import import_file


def test_a_missing_file_makes_no_store(tmp_path: Path) -> None:
    db = tmp_path / "data" / "leadtool.db"
    with pytest.raises(InputFileError):
        import_file(db, tmp_path / "nosuch.csv", ImportOptions(workers=0))
    assert not db.parent.exists()


def test_bad_options_make_no_store(tmp_path: Path) -> None:
    db = tmp_path / "leadtool.db"
    path = tmp_path / "list.csv"
    path.write_text("Email\njane@example.com\n")
    with pytest.raises(UsageError):
        import_file(db, path, ImportOptions(stage="hot"))
    assert list(tmp_path.iterdir()) == [path]


def test_a_good_file_creates_the_store_and_closes_it(tmp_path: Path) -> None:
    db = tmp_path / "leadtool.db"
    path = tmp_path / "list.csv"
    path.write_text("Email\njane@example.com\n")
    report = import_file(db, path, ImportOptions(workers=0))
    assert report.status == "imported"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "leadtool.db",
        "leadtool.db.lock",
        "list.csv",
    ]
    with sqlite3.connect(db) as conn:  # closed: its WAL was checkpointed away
        assert conn.execute("SELECT email FROM people").fetchall() == [("jane@example.com",)]
