"""Speed and memory of `leadtool cleanup` on a big store: nothing to do, and 10% to redo.

    python -m bench.cleanup_bench [--quick] [--repeat N]

Method: `leadtool import` of bench/generate.py's list (1.335M rows, about 1M people; 10k rows
with --quick) builds a store, then one `leadtool cleanup` brings it to the state of a store
cleaned last night; that store is cached under bench/data/ (building it takes minutes).
Each run works on a fresh copy (the copy is not timed) and runs `leadtool cleanup --json`
as its own process, every step included (the backup too): wall time, peak RSS of the
process (sampled every 20 ms) and the seconds of each step from its JSON summary.
"10% re-validate": every tenth person is stamped with an older normalisation version
before the run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench.run import DATA, VENV_BIN, ensure, migrated, tree_rss
from leadtool.store.migrations import NORM_VERSION

# bench/generate.py's lists hold about 0.77 people per row (duplicates and rows the import
# merges): 1.335M rows make a store of about 1M people.
FULL_ROWS = 1_335_000
QUICK_ROWS = 10_000
STEP_COLUMNS = ("backup", "renormalise", "dedupe", "suppress", "retention", "maintain")
TARGETS = {"nothing to do": 20.0, "10% re-validate": 60.0}


@dataclass
class Run:
    seconds: float
    peak_mb: float
    steps: dict[str, float] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def cleanup_cmd(db: Path, backups: Path, *extra: str) -> list[str]:
    return [
        str(VENV_BIN / "leadtool"),
        "--db",
        str(db),
        "cleanup",
        "--json",
        "--backup-dir",
        str(backups),
        *extra,
    ]


def measure(cmd: list[str]) -> Run:
    started = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc))
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"cleanup failed ({proc.returncode}): {err.decode()[-800:]}")
    report = json.loads(out)
    steps = {s["step"]: float(s["seconds"]) for s in report["steps"]}
    counts = {s["step"]: s["counts"] for s in report["steps"]}
    return Run(seconds, peak / 2**20, steps, counts)


def base_store(rows: int) -> Path:
    """A store imported from the generated list and cleaned once, cached in bench/data/."""
    # Stamped with today's rules: a store of older rules would not have "nothing to do".
    path = DATA / f"cleanup-base-{rows}-v{NORM_VERSION}.db"
    if path.exists():
        return migrated(path)
    building = DATA / f"cleanup-base-{rows}-v{NORM_VERSION}.building.db"
    for suffix in ("", "-wal", "-shm", ".lock", ".cleanup.lock"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    source = ensure(rows, "csv")
    env = {**os.environ, "LEADTOOL_DB": ""}
    leadtool = str(VENV_BIN / "leadtool")
    subprocess.run(
        [leadtool, "--db", str(building), "import", str(source), "--json"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [leadtool, "--db", str(building), "cleanup", "--skip", "backup"],
        check=True,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    building.replace(path)
    for suffix in (".lock", ".cleanup.lock"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    return path


def copy_store(base: Path, tmp: Path, *, stale_share: int = 0) -> Path:
    db = tmp / "cleanup.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, db)
    if stale_share:
        import sqlite3

        conn = sqlite3.connect(db)
        conn.execute("UPDATE people SET norm_version = 0 WHERE id % ? = 0", (stale_share,))
        conn.commit()
        conn.close()
    return db


def people_in(db: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM people").fetchone()[0])
    finally:
        conn.close()


def scenario(base: Path, tmp: Path, repeat: int, stale_share: int) -> list[Run]:
    runs = []
    for _ in range(repeat):
        db = copy_store(base, tmp, stale_share=stale_share)
        backups = tmp / "backups"
        shutil.rmtree(backups, ignore_errors=True)
        runs.append(measure(cleanup_cmd(db, backups)))
    shutil.rmtree(tmp / "backups", ignore_errors=True)
    return runs


def report(tmp: Path, *, quick: bool, repeat: int) -> list[str]:
    """Markdown lines for BENCHMARKS.md."""
    rows = QUICK_ROWS if quick else FULL_ROWS
    base = base_store(rows)
    people = people_in(base)
    size_mb = base.stat().st_size / 2**20
    results = {
        "nothing to do": scenario(base, tmp, repeat, 0),
        "10% re-validate": scenario(base, tmp, repeat, 10),
    }
    lines = [
        "## Nightly cleanup (`leadtool cleanup`)",
        "",
        f"### On a {people:,}-person store ({rows:,} imported rows, "
        f"{size_mb:,.0f} MB), median of {repeat}",
        "",
        "| scenario | median s | peak RSS MB | "
        + " | ".join(STEP_COLUMNS)
        + " | all runs s | target |",
        "| --- " * (len(STEP_COLUMNS) + 5) + "|",
    ]
    for name, runs in results.items():
        lines.append(_row(name, runs))
        print(f"cleanup, {name}: {statistics.median(r.seconds for r in runs):.1f} s", flush=True)
    stale = results["10% re-validate"][0].counts.get("renormalise", {})
    lines += [
        "",
        "Every step runs, the backup too (SQLite's online backup of the whole store). "
        f"In the 10% scenario renormalise checked {stale.get('checked', 0):,} people. "
        "Step columns are medians in seconds from the JSON summary.",
        "",
    ]
    return lines


def _row(name: str, runs: list[Run]) -> str:
    wall = statistics.median(r.seconds for r in runs)
    peak = statistics.median(r.peak_mb for r in runs)
    steps = [statistics.median(r.steps.get(s, 0.0) for r in runs) for s in STEP_COLUMNS]
    every = ", ".join(f"{r.seconds:.1f}" for r in runs)
    verdict = "met" if wall < TARGETS[name] else "missed"
    cells = " | ".join(f"{s:.2f}" for s in steps)
    return (
        f"| {name} | {wall:.2f} | {peak:.0f} | {cells} | {every} | "
        f"< {TARGETS[name]:.0f} s ({verdict}) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="~10k people, to check the harness")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        for line in report(Path(tmpdir), quick=args.quick, repeat=args.repeat):
            print(line)


if __name__ == "__main__":
    main()
