"""An import killed with SIGKILL mid-way leaves the store exactly as it was."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from leadtool.store.connection import open_store

ROWS = 60_000


def big_csv(path: Path) -> Path:
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Email", "First Name", "Last Name", "Company", "Phone"])
        for i in range(ROWS):
            out.writerow([f"p{i}@example.com", f"F{i}", f"L{i}", f"Co {i % 900}", ""])
    return path


def wal_size(db: Path) -> int:
    wal = Path(f"{db}-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_kill_9_mid_import_leaves_store_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "leads.db"
    open_store(db).close()
    cmd = [
        sys.executable,
        "-m",
        "leadtool",
        "--db",
        str(db),
        "import",
        str(big_csv(tmp_path / "b.csv")),
    ]
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, env={**os.environ, "LEADTOOL_DB": ""})
    deadline = time.monotonic() + 60
    while wal_size(db) < 2_000_000 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the import finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM batches").fetchone()[0] == 0
    conn.close()
    rerun = subprocess.run([*cmd[:-1], str(tmp_path / "b.csv")], capture_output=True, check=False)
    assert rerun.returncode == 0, rerun.stderr[-500:]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == ROWS
