"""A killed or stopped import takes its worker processes with it."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path

from bench.generate import generate
from tests.processes import descendants, kill_all, start_paused, stderr, survivors


def test_kill_9_of_an_import_ends_its_workers(tmp_path: Path) -> None:
    leads = generate(5_000, tmp_path / "leads.csv", seed=3)
    db = tmp_path / "store" / "leads.db"
    args = ["--db", str(db), "import", str(leads), "--workers", "2"]
    # Held once the first normalised rows are back from the workers: both are alive then.
    proc = start_paused(tmp_path, "leadtool.imports.parallel:from_wire", args)
    children = descendants(proc.pid)
    assert len(children) >= 2  # the two workers (and multiprocessing's resource tracker)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    left = survivors(children)
    kill_all(left)
    assert left == []


def test_sigterm_of_an_import_stops_its_workers_and_keeps_nothing(tmp_path: Path) -> None:
    leads = generate(5_000, tmp_path / "leads.csv", seed=4)
    db = tmp_path / "store" / "leads.db"
    args = ["--db", str(db), "import", str(leads), "--workers", "2"]
    proc = start_paused(tmp_path, "leadtool.imports.parallel:from_wire", args)
    children = descendants(proc.pid)
    assert len(children) >= 2
    os.kill(proc.pid, signal.SIGTERM)
    code = proc.wait(timeout=60)
    left = survivors(children)
    kill_all(left)
    assert code == 143, stderr(tmp_path)
    assert left == []
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM batches").fetchone()[0] == 0
    conn.close()
