"""A killed or interrupted activity import leaves the store as it was: no event, no batch,
no person it would have created (one transaction per file)."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import start_paused, stderr

PAUSE = "leadtool.activity.matching:add_activities"  # held after its first chunk's events


def _files(tmp_path: Path) -> tuple[Path, Path]:
    people = tmp_path / "people.csv"
    with people.open("w", newline="") as fh:
        csv.writer(fh).writerows([["Email"], *([f"p{i}@example.com"] for i in range(50))])
    events = tmp_path / "events.csv"
    with events.open("w", newline="") as fh:
        rows = [
            [f"p{i % 80}@example.com", "webinar", f"2026-03-01T10:{i % 60:02d}:00Z"]
            for i in range(300)
        ]
        csv.writer(fh).writerows([["Email", "Activity", "Timestamp"], *rows])
    return people, events


def _store(tmp_path: Path) -> Path:
    people, _ = _files(tmp_path)
    db = tmp_path / "store" / "leads.db"
    cmd = [sys.executable, "-m", "leadtool", "--db", str(db), "import", str(people)]
    subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "LEADTOOL_DB": ""})
    return db


def _counts(db: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute("SELECT count(*) FROM activities").fetchone()[0],
            conn.execute("SELECT count(*) FROM batches WHERE kind = 'activity'").fetchone()[0],
            conn.execute("SELECT count(*) FROM people").fetchone()[0],
        )
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGKILL, -9), (signal.SIGINT, 130), (signal.SIGTERM, 143)]
)
def test_a_stopped_activity_import_keeps_nothing(tmp_path: Path, sig: int, code: int) -> None:
    db = _store(tmp_path)
    events = tmp_path / "events.csv"
    args = ["--db", str(db), "activity", "import", str(events), "--create"]
    # Small chunks: the first chunk's events (and created people) are written, more to come.
    proc = start_paused(tmp_path, PAUSE, args, {"leadtool.activity.importing:CHUNK_ROWS": 100})
    os.kill(proc.pid, sig)
    assert proc.wait(timeout=60) == code, stderr(tmp_path)
    assert _counts(db) == (0, 0, 50)
    if sig != signal.SIGKILL:
        said = stderr(tmp_path)
        assert "the store is as it was before it" in said and "Traceback" not in said
