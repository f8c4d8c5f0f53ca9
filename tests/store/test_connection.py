"""Opening the store: private files, migrations once, the writer lock, whole transactions."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from leadtool.errors import NotFoundError, StoreBusyError, StoreError
from leadtool.store.connection import open_store, write_transaction
from leadtool.store.lock import writer_lock
from leadtool.store.migrations import MIGRATIONS
from leadtool.store.settings import get_setting
from tests.conftest import Run


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_is_created_private_with_wal(tmp_path: Path) -> None:
    path = tmp_path / "new" / "leads.db"
    store = open_store(path)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    for sidecar in path.parent.iterdir():
        assert mode(sidecar) == 0o600, sidecar.name
    store.close()


def test_migrations_apply_once_and_secret_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "leads.db"
    first = open_store(path)
    secret = get_setting(first.conn, "secret")
    first.close()
    again = open_store(path)
    names = [r[0] for r in again.conn.execute("SELECT name FROM _migrations")]
    assert names == [m.name for m in MIGRATIONS]
    assert get_setting(again.conn, "secret") == secret and secret is not None and len(secret) == 64


def test_missing_store_is_not_created_for_readers(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no leadtool store"):
        open_store(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello")
    with pytest.raises(StoreError, match="not a leadtool store"):
        open_store(path)


def test_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    store = open_store(tmp_path / "leads.db")
    with pytest.raises(RuntimeError), write_transaction(store) as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
        raise RuntimeError("boom")
    assert get_setting(store.conn, "x") is None


def test_second_writer_waits_then_gives_up(tmp_path: Path) -> None:
    db = tmp_path / "leads.db"
    open_store(db).close()
    holder = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from leadtool.store.lock import writer_lock
        with writer_lock(Path({str(db)!r}), wait=0):
            print("locked", flush=True)
            time.sleep(30)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        waited: list[bool] = []
        with (
            pytest.raises(StoreBusyError) as info,
            writer_lock(db, wait=0.3, on_wait=lambda: waited.append(True)),
        ):
            pass
        assert info.value.exit_code == 75
        assert waited == [True]
    finally:
        proc.kill()
        proc.wait()
    with writer_lock(db, wait=0):  # free again once the other process is gone
        pass


def test_lock_file_is_private(tmp_path: Path) -> None:
    db = tmp_path / "leads.db"
    with writer_lock(db, wait=0):
        assert mode(Path(f"{db}.lock")) == 0o600
    assert os.path.exists(f"{db}.lock")


def test_suppressions_table_keeps_one_active_entry_per_value(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s" / "leadtool.db")
    insert = (
        "INSERT OR IGNORE INTO suppressions (kind, value, reason, created_at, removed_at) "
        "VALUES ('email', 'a@example.com', 'bounced', '2026-01-01T00:00:00Z', ?)"
    )
    for removed in ("2026-01-02T00:00:00Z", None, None):
        store.conn.execute(insert, (removed,))
    rows = store.conn.execute("SELECT removed_at FROM suppressions ORDER BY id").fetchall()
    indexes = {r[1] for r in store.conn.execute("PRAGMA index_list(suppressions)")}
    store.close()
    assert rows == [("2026-01-02T00:00:00Z",), (None,)]
    assert {"suppressions_kind_value", "suppressions_active"} <= indexes


def test_contact_counters_move_to_their_own_table(tmp_path: Path) -> None:
    """A store from before migration 0006 keeps every person's contact counters."""
    path = tmp_path / "leads.db"
    store = open_store(path)
    with write_transaction(store) as conn:  # the store as 0005 left it
        conn.execute("DROP TABLE contacts")
        conn.execute("ALTER TABLE people ADD COLUMN contacted_count INTEGER NOT NULL DEFAULT 0")
        conn.execute("ALTER TABLE people ADD COLUMN last_contacted TEXT")
        conn.execute("DELETE FROM _migrations WHERE name = '0006_contacts'")
        conn.executemany(
            "INSERT INTO people (id, email, created_at, updated_at, norm_version, "
            "contacted_count, last_contacted) VALUES (?, ?, 't', 't', 2, ?, ?)",
            [(1, "a@example.com", 3, "2026-01-02T00:00:00Z"), (2, "b@example.com", 0, None)],
        )
    store.close()
    again = open_store(path)
    rows = again.conn.execute("SELECT person_id, count, last_at FROM contacts").fetchall()
    assert rows == [(1, 3, "2026-01-02T00:00:00Z")]  # never contacted: no row
    columns = {r[1] for r in again.conn.execute("PRAGMA table_info(people)")}
    assert not columns & {"contacted_count", "last_contacted"}
    assert again.conn.execute("SELECT count(*) FROM people").fetchone()[0] == 2
    again.close()


def foreign_db(path: Path, *tables: str) -> Path:
    conn = sqlite3.connect(path)
    for table in tables:
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, note TEXT)")
    conn.execute(f"INSERT INTO {tables[0]} (note) VALUES ('theirs')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("tables", [("bookmarks",), ("people", "orders")])
def test_another_applications_database_is_refused_untouched(
    tmp_path: Path, run: Run, tables: tuple[str, ...]
) -> None:
    path = foreign_db(tmp_path / "other.db", *tables)
    before = path.read_bytes()
    for args in (
        ("people", "list"),
        ("stats",),
        ("stage", "set", "mql", "--where", "stage = lead"),
    ):
        result = run("--db", str(path), *args)
        assert result.exit_code == 1, result.stderr
        lines = result.stderr.strip().splitlines()
        assert lines == [
            f"Error: {path}: is not a leadtool store (it holds another application's "
            "tables); leadtool leaves it alone"
        ], args
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_an_empty_sqlite_database_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "blank.db"
    sqlite3.connect(path).execute("VACUUM").connection.close()
    store = open_store(path, create=False)
    assert get_setting(store.conn, "secret") is not None
    store.close()


def test_an_empty_file_becomes_a_private_store(tmp_path: Path) -> None:
    path = tmp_path / "leads.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    store = open_store(path, create=False)
    assert mode(path) == 0o600
    with write_transaction(store) as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
    for sidecar in tmp_path.iterdir():
        assert mode(sidecar) == 0o600, sidecar.name
    store.close()


def test_a_store_left_readable_by_others_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "leads.db"
    open_store(path).close()
    path.chmod(0o644)  # as an older leadtool left a store it made from a `touch`ed file
    store = open_store(path, create=False)
    with write_transaction(store) as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
    for file in tmp_path.iterdir():
        assert mode(file) == 0o600, file.name
    store.close()


@pytest.mark.parametrize(
    "setup",
    ["CREATE VIEW v AS SELECT 1", "PRAGMA application_id = 1347240275"],
    ids=["only a view", "stamped by its application"],
)
def test_a_database_without_tables_that_is_someone_elses_is_refused(
    tmp_path: Path, setup: str
) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute(setup)
    conn.execute("VACUUM")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a leadtool store"):
        open_store(path, create=False)
    assert path.read_bytes() == before


def test_a_first_open_that_fails_leaves_a_store_that_opens_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills while a new store is made: the next open makes it whole."""
    from leadtool.store import migrations

    path = tmp_path / "new.db"
    real = migrations.MIGRATIONS

    def full(conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrations, "MIGRATIONS", (migrations.Migration("0001_initial", full),))
    with pytest.raises(sqlite3.OperationalError):
        open_store(path)
    monkeypatch.setattr(migrations, "MIGRATIONS", real)
    store = open_store(path)
    names = {r[0] for r in store.conn.execute("SELECT name FROM _migrations")}
    assert names == {m.name for m in real}
