"""An export stopped by a signal: SIGTERM cleans up and exits 143; kill -9 ends the worker,
which removes the temporary files its dead parent cannot.

Real processes: the export runs in a child held still while it records the export, its file
half written beside the target (tests/processes.py). A lowered threshold makes a small store
take the two-process path.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
from pathlib import Path

import pytest

from bench.generate import generate
from tests.conftest import Run, count
from tests.processes import descendants, kill_all, start_paused, stderr, survivors

PAUSE = "leadtool.exporting.service:_record"
TWO_PROCESSES = {"leadtool.exporting.parallel:PARALLEL_MIN_PEOPLE": 1}
EXIT_TERMINATED = 143


def seeded(run: Run, tmp_path: Path, isolated_store: Path) -> tuple[Path, Path]:
    """A store of a few hundred people, and an empty folder to export to."""
    leads = generate(400, tmp_path / "leads.csv", seed=5)
    result = run("import", str(leads))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out"
    folder.mkdir()
    return isolated_store, folder


def recorded(db: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db)
    try:
        return count(conn, "exports"), count(conn, "export_people"), count(conn, "contacts")
    finally:
        conn.close()


@pytest.mark.parametrize("two", [True, False], ids=["two-processes", "one-process"])
def test_sigterm_mid_export_leaves_nothing(
    run: Run, tmp_path: Path, isolated_store: Path, two: bool
) -> None:
    db, folder = seeded(run, tmp_path, isolated_store)
    args = ["--db", str(db), "export", "-o", str(folder / "leads.csv")]
    proc = start_paused(tmp_path, PAUSE, args, TWO_PROCESSES if two else None)
    children = descendants(proc.pid)
    assert list(folder.iterdir()) != []  # the rows so far, in a temporary file
    if two:
        assert children  # the worker (and the resource tracker)
    os.kill(proc.pid, signal.SIGTERM)
    code = proc.wait(timeout=60)
    left = survivors(children)
    kill_all(left)
    assert code == EXIT_TERMINATED, stderr(tmp_path)
    assert left == []
    assert list(folder.iterdir()) == []  # no file, no partial file, no worker's part
    assert recorded(db) == (0, 0, 0)
    message = stderr(tmp_path)
    assert message.count("\n") == 1 and "Traceback" not in message
    assert "store is as it was" in message


def test_kill_9_mid_export_ends_its_worker(run: Run, tmp_path: Path, isolated_store: Path) -> None:
    db, folder = seeded(run, tmp_path, isolated_store)
    args = ["--db", str(db), "export", "-o", str(folder / "leads.csv")]
    proc = start_paused(tmp_path, PAUSE, args, TWO_PROCESSES)
    children = descendants(proc.pid)
    assert children
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    left = survivors(children)
    kill_all(left)
    assert left == []
    # The worker saw its parent gone and removed both temporary files: personal data.
    assert list(folder.iterdir()) == []
    assert recorded(db) == (0, 0, 0)


def test_the_next_export_removes_what_a_killed_one_left(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    """SIGKILL leaves a one-process export nobody to remove its temporary file: the next
    export to that name removes it, and only files no live export holds."""
    db, folder = seeded(run, tmp_path, isolated_store)
    target = folder / "leads.csv"
    proc = start_paused(tmp_path, PAUSE, ["--db", str(db), "export", "-o", str(target)])
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    (stale,) = folder.iterdir()
    Path(f"{stale}.part").write_text("a worker's half")
    live = folder / ".leads.csv.live0001.partial"  # another export, still writing
    live.write_text("rows")
    others = [".leads.csv.notes", ".other.csv.abcd1234.partial", "leads.csv.abcd1234.partial"]
    for name in others:
        (folder / name).write_text("not ours to remove")
    with live.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = run("export", "-o", str(target), "--no-record")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted([*others, live.name, "leads.csv"])
