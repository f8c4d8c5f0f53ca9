"""The backup step: only sound copies, told apart by store, never a half copy left behind."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.cleanup.helpers import cleanup_json, small_store, step
from tests.conftest import Run
from tests.store.damage import add_filler, garbage_page


def secret_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    value = str(conn.execute("SELECT value FROM settings WHERE key = 'secret'").fetchone()[0])
    conn.close()
    return value


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_a_damaged_store_never_pushes_out_a_good_backup(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    small_store(run, tmp_path)
    add_filler(isolated_store)
    folder = tmp_path / "bk"
    args = ("--backup-dir", str(folder), "--keep", "2")
    cleanup_json(run, "--only", "backup", *args)
    first = set(digests(folder))
    cleanup_json(run, "--only", "backup", *args)
    good = digests(folder)
    (newest,) = set(good) - first
    garbage_page(isolated_store, "people")
    for _ in range(2):  # two nights on the damaged store
        result = run("cleanup", *args)
        assert result.exit_code == 1, result.stderr
        assert digests(folder) == good
    last = result.stderr.strip().splitlines()[-1]
    assert "damaged" in last and f"last good backup: {folder / newest}" in last, last
    assert "cleanup: backup FAILED" in result.stderr
    assert "cleanup: dedupe skipped" in result.stderr  # nothing more is done to the file
    for name in good:
        copy = sqlite3.connect(folder / name)
        assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        copy.close()


def test_a_damaged_store_with_no_good_backup_says_so(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    small_store(run, tmp_path)
    add_filler(isolated_store)
    garbage_page(isolated_store, "person_keys")
    report = cleanup_json(run, "--only", "backup,maintain", code=1)
    assert "no good backup of this store" in step(report, "backup")["message"]
    assert report["damaged"] and "no good backup" in report["damaged"]
    assert step(report, "maintain")["status"] == "skipped"
    assert not (isolated_store.parent / "backups").exists()


def test_stores_with_the_same_name_keep_their_own_backups(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    stores = [tmp_path / "a" / "leadtool.db", tmp_path / "b" / "leadtool.db"]
    for db in stores:
        small_store(lambda *a, db=db: run("--db", str(db), *a), tmp_path)
    for _ in range(3):
        for db in stores:
            run(
                "--db",
                str(db),
                "cleanup",
                "--only",
                "backup",
                "--backup-dir",
                str(folder),
                "--keep",
                "2",
            )
    owners = [secret_of(p) for p in sorted(folder.iterdir())]
    assert sorted(owners) == sorted([secret_of(stores[0])] * 2 + [secret_of(stores[1])] * 2)


def test_old_backup_names_are_rotated_only_when_proven_ours(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    small_store(run, tmp_path)
    other = tmp_path / "other" / "leadtool.db"
    small_store(lambda *a: run("--db", str(other), *a), tmp_path)
    folder = tmp_path / "bk"
    folder.mkdir()
    ours = folder / "leadtool-20200101T000000Z.db"  # as older versions named them
    theirs = folder / "leadtool-20200102T000000Z.db"
    unreadable = folder / "leadtool-20200103T000000Z.db"
    shutil.copy(isolated_store, ours)
    shutil.copy(other, theirs)
    unreadable.write_bytes(b"not a database")
    for _ in range(2):
        cleanup_json(run, "--only", "backup", "--backup-dir", str(folder), "--keep", "1")
    left = sorted(p.name for p in folder.iterdir())
    assert not ours.exists()
    assert theirs.exists() and unreadable.exists()
    assert len(left) == 3
    assert [secret_of(folder / n) for n in left if n not in (theirs.name, unreadable.name)] == [
        secret_of(isolated_store)
    ]


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit, RuntimeError])
def test_an_interrupted_backup_leaves_no_partial(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: type[BaseException]
) -> None:
    from leadtool.store import backup as backup_sql

    small_store(run, tmp_path)
    real = backup_sql.backup_into

    def interrupted(conn: sqlite3.Connection, target: Path) -> None:
        real(conn, target)
        side = sqlite3.connect(target)  # the copy's own journal files, as mid-copy
        side.execute("PRAGMA journal_mode = WAL")
        side.execute("CREATE TABLE x (y)")
        raise stop()

    monkeypatch.setattr(backup_sql, "backup_into", interrupted)
    folder = tmp_path / "bk"
    run("cleanup", "--only", "backup", "--backup-dir", str(folder))
    assert list(folder.iterdir()) == []


def test_a_write_refused_mid_cleanup_ends_the_run_naming_the_last_good_backup(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    small_store(run, tmp_path)
    add_filler(isolated_store)
    folder = tmp_path / "bk"
    cleanup_json(run, "--only", "backup", "--backup-dir", str(folder))
    (good,) = folder.iterdir()
    conn = sqlite3.connect(isolated_store)
    with conn:  # Jane was stored under older rules: renormalise has work to write
        conn.execute("UPDATE people SET norm_version = 1 WHERE email LIKE 'jane%'")
    conn.close()
    garbage_page(isolated_store, "person_keys")
    args = ("--skip", "backup", "--backup-dir", str(folder))
    report = cleanup_json(run, *args, code=1)
    assert step(report, "renormalise")["status"] == "failed"
    assert "damaged" in step(report, "renormalise")["message"]
    assert {step(report, s)["status"] for s in ("dedupe", "maintain")} == {"skipped"}
    assert report["damaged"] == f"the store is damaged; last good backup: {good}"
    assert list(folder.iterdir()) == [good]


def test_only_this_stores_leftover_partials_are_removed(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    from leadtool.cleanup.backup import store_id

    small_store(run, tmp_path)
    folder = tmp_path / "bk"
    folder.mkdir()
    mine = folder / f".leadtool-{store_id(secret_of(isolated_store))}-20200101T000000Z.partial"
    in_flight = folder / f".leadtool-{store_id('another store')}-20200101T000000Z.partial"
    for path in (mine, in_flight):
        path.write_bytes(b"half a copy")
    cleanup_json(run, "--only", "backup", "--backup-dir", str(folder))
    assert not mine.exists()
    assert in_flight.read_bytes() == b"half a copy"


def test_damage_met_while_a_step_reads_ends_the_run(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadtool.cleanup import service as runner

    def reads_a_bad_page(ctx: object) -> dict[str, int]:
        raise sqlite3.DatabaseError("database disk image is malformed")

    small_store(run, tmp_path)
    monkeypatch.setitem(runner.RUNNERS, "renormalise", reads_a_bad_page)
    report = cleanup_json(run, "--only", "renormalise,suppress,maintain", code=1)
    assert "malformed" in step(report, "renormalise")["message"]
    assert step(report, "suppress")["status"] == step(report, "maintain")["status"] == "skipped"
    assert report["damaged"].startswith("the store is damaged; no good backup of this store")
