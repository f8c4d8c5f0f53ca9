"""A killed or interrupted `leadtool score` leaves the store as it was: the scores, stages,
statuses, history and run records of the run before it, not a half of the new one (one write
transaction)."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from leadtool.scoring.example import EXAMPLE_RULES
from tests.processes import start_paused, stderr

# Held once the first trigger has moved people: scores are written, stages are moving.
PAUSE = "leadtool.store.scoring:apply_trigger"
NOW = "2026-12-01"


def _leadtool(db: Path, *args: str) -> None:
    cmd = [sys.executable, "-m", "leadtool", "--db", str(db), *args]
    env = {**os.environ, "LEADTOOL_DB": ""}
    subprocess.run(cmd, check=True, capture_output=True, env=env)


def _store(tmp_path: Path) -> tuple[Path, Path]:
    """40 people, half CMOs at a company with a demo request, scored once by the example."""
    people = tmp_path / "people.csv"
    with people.open("w", newline="") as fh:
        rows = [
            [f"P{i}", "Test", f"p{i}@acme{i}.com", "CMO" if i % 2 else "Student", "US"]
            for i in range(40)
        ]
        csv.writer(fh).writerows([["First Name", "Last Name", "Email", "Title", "Country"], *rows])
    events = tmp_path / "events.csv"
    with events.open("w", newline="") as fh:
        rows = [[f"p{i}@acme{i}.com", "demo_request", "2026-11-20T10:00:00Z"] for i in range(20)]
        csv.writer(fh).writerows([["Email", "Activity", "Timestamp"], *rows])
    db = tmp_path / "store" / "leads.db"
    rules = tmp_path / "rules.toml"
    rules.write_text(EXAMPLE_RULES, encoding="utf-8")
    _leadtool(db, "import", str(people))
    _leadtool(db, "activity", "import", str(events))
    _leadtool(db, "score", "--rules", str(rules), "--now", "2026-11-21")
    return db, rules


def _everything(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the store, in a stable order."""
    conn = sqlite3.connect(db)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGKILL, -9), (signal.SIGINT, 130), (signal.SIGTERM, 143)]
)
def test_a_stopped_score_run_keeps_the_run_before_it(tmp_path: Path, sig: int, code: int) -> None:
    db, rules = _store(tmp_path)
    # Other points and a lower bar than the first run: this run would change every score and
    # move people the first run did not.
    rules.write_text(
        EXAMPLE_RULES.replace("points = 30", "points = 45").replace("points = 20", "points = 35"),
        encoding="utf-8",
    )
    before = _everything(db)
    assert before["scores"] and before["score_runs"]
    args = ["--db", str(db), "score", "--rules", str(rules), "--now", NOW]
    proc = start_paused(tmp_path, PAUSE, args)
    os.kill(proc.pid, sig)
    assert proc.wait(timeout=60) == code, stderr(tmp_path)
    assert _everything(db) == before
    if sig != signal.SIGKILL:
        said = stderr(tmp_path)
        assert "the store is as it was before it" in said and "Traceback" not in said
    # The store is whole and usable: the same run, not stopped, now changes it.
    _leadtool(db, "score", "--rules", str(rules), "--now", NOW)
    assert _everything(db)["scores"] != before["scores"]
