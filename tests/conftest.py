"""Shared fixtures: every test gets its own store via LEADTOOL_DB; nothing touches your files."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from leadtool.cli import app


@pytest.fixture(autouse=True)
def isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "store" / "leadtool.db"
    monkeypatch.setenv("LEADTOOL_DB", str(db))
    monkeypatch.setenv("LEADTOOL_REGION", "US")
    monkeypatch.setenv("COLUMNS", "200")  # rich tables at a fixed width
    yield db


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args))

    return invoke


@pytest.fixture
def db(isolated_store: Path) -> Callable[[], sqlite3.Connection]:
    def connect() -> sqlite3.Connection:
        return sqlite3.connect(isolated_store)

    return connect


def write_csv(path: Path, rows: Sequence[Sequence[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows(rows)
    return path


def count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
