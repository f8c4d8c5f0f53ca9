"""Real processes: an import and a cleanup at once on one store; a cleanup killed with SIGKILL."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import generate
from leadtool.store.connection import open_store
from leadtool.store.lock import lock_path
from leadtool.store.migrations import NORM_VERSION


def leadtool(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "leadtool", "--db", str(db), *args]


def start(cmd: list[str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "LEADTOOL_DB": ""}
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def finish(proc: subprocess.Popen[bytes]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out.decode(), err.decode()


def check_store(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for table in ("person_keys", "import_rows", "person_batches", "tags"):
        dangling = conn.execute(
            f"SELECT count(*) FROM {table} WHERE person_id NOT IN (SELECT id FROM people)"
        ).fetchone()[0]
        assert dangling == 0, table
    return conn


def import_holds_the_store(db: Path, proc: subprocess.Popen[bytes]) -> bool:
    """Wait until `proc` holds the writer lock (a non-blocking flock fails); False if it ends."""
    lock = lock_path(db)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if lock.exists():
            fd = os.open(lock, os.O_RDWR)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
            except BlockingIOError:
                return True
            finally:
                os.close(fd)
        time.sleep(0.01)
    return False


def test_import_and_cleanup_at_the_same_time(tmp_path: Path) -> None:
    first = generate(1_500, tmp_path / "first.csv", seed=1)
    second = generate(4_000, tmp_path / "second.csv", seed=2)
    db = tmp_path / "store" / "leads.db"
    code, _, err = finish(start(leadtool(db, "import", str(first))))
    assert code == 0, err
    conn = sqlite3.connect(db)
    conn.execute("UPDATE people SET norm_version = 0")  # give the cleanup work to do
    conn.commit()
    conn.close()
    importing = start(leadtool(db, "import", str(second), "--json"))
    # Start the cleanup only once the import holds the store: the two really overlap, and
    # the cleanup's steps must wait for the import's transaction.
    assert import_holds_the_store(db, importing), "the import finished before it was seen"
    cleaning = start(leadtool(db, "cleanup", "--json"))
    (icode, iout, ierr), (ccode, cout, cerr) = finish(importing), finish(cleaning)
    assert icode == 0, ierr
    assert ccode == 0, cerr
    assert "locked" not in ierr + cerr
    imported = json.loads(iout)
    assert json.loads(cout)["status"] == "ok"
    conn = check_store(db)
    batch = imported["batch_id"]
    kept = conn.execute("SELECT count(*) FROM import_rows WHERE batch_id = ?", (batch,))
    rejected = conn.execute("SELECT count(*) FROM rejects WHERE batch_id = ?", (batch,))
    assert kept.fetchone()[0] + rejected.fetchone()[0] == imported["rows"] == 4_000
    stale = conn.execute("SELECT count(*) FROM people WHERE norm_version < ?", (NORM_VERSION,))
    assert stale.fetchone()[0] == 0  # the cleanup saw all of the first import's people
    conn.close()
    code, out, err = finish(start(leadtool(db, "cleanup", "--json", "--skip", "backup")))
    assert code == 0, err
    assert all(
        not s["counts"].get("renormalised") and not s["counts"].get("merged")
        for s in json.loads(out)["steps"]
    )


PEOPLE = 60_000


def stale_store(db: Path) -> None:
    """PEOPLE people stored by an older rule (emails not lower-cased), quickly."""
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.executemany(
        "INSERT INTO people (id, email, first_name, last_name, name_key, stage, created_at, "
        "updated_at, norm_version) VALUES (?, ?, 'Ann', ?, ?, 'lead', 'x', 'x', 0)",
        ((i, f"Person.{i}@Example.COM", f"Lee{i}", f"ann lee{i}") for i in range(1, PEOPLE + 1)),
    )
    conn.executemany(
        "INSERT INTO person_keys (kind, value, person_id) VALUES ('email', ?, ?)",
        ((f"Person.{i}@Example.COM", i) for i in range(1, PEOPLE + 1)),
    )
    conn.commit()
    conn.close()


def stamped(db: Path) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        sql = "SELECT count(*) FROM people WHERE norm_version = ?"
        return int(conn.execute(sql, (NORM_VERSION,)).fetchone()[0])
    finally:
        conn.close()


def test_kill_9_mid_cleanup_then_the_next_run_completes(tmp_path: Path) -> None:
    db = tmp_path / "leads.db"
    stale_store(db)
    proc = start(leadtool(db, "cleanup", "--skip", "backup"))
    deadline = time.monotonic() + 120
    while stamped(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the cleanup finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = stamped(db)
    assert 0 < done < PEOPLE  # killed inside the renormalise step, between its chunks
    conn = check_store(db)
    # Every committed chunk is whole: a stamped person has its lower-cased email and key.
    half = conn.execute(
        "SELECT count(*) FROM people p WHERE norm_version = ? AND NOT EXISTS (SELECT 1 "
        "FROM person_keys k WHERE k.person_id = p.id AND k.value = p.email "
        "AND k.value = lower(k.value))",
        (NORM_VERSION,),
    )
    assert half.fetchone()[0] == 0
    conn.close()
    code, out, err = finish(start(leadtool(db, "cleanup", "--json", "--skip", "backup")))
    assert code == 0, err
    renormalise = next(s for s in json.loads(out)["steps"] if s["step"] == "renormalise")
    assert renormalise["counts"]["checked"] == PEOPLE - done
    assert stamped(db) == PEOPLE
    conn = check_store(db)
    upper = conn.execute("SELECT count(*) FROM person_keys WHERE value != lower(value)")
    assert upper.fetchone()[0] == 0
    conn.close()
