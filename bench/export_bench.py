"""Export speed: a segment of about a million people written to CSV (issue 4: under 10 s).

    python -m bench.export_bench [--quick] [--repeat 3]

The store is built once by importing a generated list (`leadtool import`, the real path)
large enough to hold the wanted number of people after deduplication, and cached under
bench/data/. Each run works on a fresh copy, so recorded exports do not pile up. Measured
as separate processes, like a user's command: wall time and peak RSS, medians.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from bench.generate import generate
from bench.run import DATA, VENV_BIN, Run, measure, median, migrated

# The generated lists hold about this many distinct people per row (duplicates, rejects).
PEOPLE_PER_ROW = 0.745


def build_store(people: int) -> Path:
    """A store of at least `people` people, imported from a generated list (cached)."""
    DATA.mkdir(parents=True, exist_ok=True)
    store = DATA / f"export-store-{people}.db"
    if store.exists():
        return migrated(store)
    rows = int(people / PEOPLE_PER_ROW) + 1_000
    source = DATA / f"leads-{rows}.csv"
    if not source.exists():
        generate(rows, source, "csv", seed=43)
    building = store.with_suffix(".building.db")
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    cmd = [str(VENV_BIN / "leadtool"), "--db", str(building), "import", str(source)]
    subprocess.run([*cmd, "--source", "bench list"], check=True, capture_output=True)
    with sqlite3.connect(building) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    building.replace(store)
    for suffix in ("-wal", "-shm", ".lock"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    return store


def _people(store: Path) -> int:
    with sqlite3.connect(store) as conn:
        return int(conn.execute("SELECT count(*) FROM people").fetchone()[0])


def _copy(store: Path, tmp: Path) -> Path:
    target = tmp / "export.db"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(store, target)
    return target


def _export(db: Path, out: Path, *args: str) -> list[str]:
    return [str(VENV_BIN / "leadtool"), "--db", str(db), "export", *args, "-o", str(out)]


# (name, export arguments, the share of the people whose email is on the suppression list)
CASES: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("segment, generic preset (every field), recorded", ("everyone",), 0),
    ("segment, hubspot preset, recorded", ("everyone", "--preset", "hubspot"), 0),
    ("segment, generic preset, --no-record", ("everyone", "--no-record"), 0),
    (
        "segment, hubspot preset, recorded, 2% of people unsubscribed",
        ("everyone", "--preset", "hubspot"),
        0.02,
    ),
)


def _suppress(db: Path, tmp: Path, how_many: int) -> None:
    """Put `how_many` of the stored people's emails on the suppression list."""
    with sqlite3.connect(db) as conn:
        total = int(
            conn.execute("SELECT count(*) FROM people WHERE email IS NOT NULL").fetchone()[0]
        )
        step = max(1, total // how_many)
        emails = [
            r[0]
            for r in conn.execute(
                "SELECT email FROM people WHERE email IS NOT NULL AND id % ? = 0 LIMIT ?",
                (step, how_many),
            )
        ]
    conn.close()
    listed = tmp / "unsubscribed.csv"
    listed.write_text("Email Address\n" + "\n".join(emails) + "\n")
    cmd = [str(VENV_BIN / "leadtool"), "--db", str(db), "suppress", "add", str(listed)]
    subprocess.run([*cmd, "--reason", "unsubscribed"], check=True, capture_output=True)


def report(tmp: Path, *, quick: bool, repeat: int) -> list[str]:
    store = build_store(10_000 if quick else 1_000_000)
    people = _people(store)
    runs: dict[str, list[Run]] = {name: [] for name, _, _ in CASES}
    sizes: dict[str, int] = {}
    for _ in range(repeat):
        for name, args, suppressed in CASES:
            db = _copy(store, tmp)
            if suppressed:
                _suppress(db, tmp, int(people * suppressed))
            segment = [str(VENV_BIN / "leadtool"), "--db", str(db), "segment", "save"]
            subprocess.run(
                [*segment, "everyone", "--where", "stage >= subscriber"],
                check=True,
                capture_output=True,
            )
            out = tmp / "out.csv"
            runs[name].append(measure(_export(db, out, *args)))
            sizes[name] = out.stat().st_size
    lines = [
        "## Export (`leadtool export`)",
        "",
        f"### A {people:,}-person segment to CSV, median of {repeat}",
        "",
        "| export | median s | people/s | peak RSS MB | file MB | all runs s |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, rs in runs.items():
        m = median(rs)
        every = ", ".join(f"{r.seconds:.1f}" for r in rs)
        lines.append(
            f"| {name} | {m.seconds:.2f} | {people / m.seconds:,.0f} | {m.peak_mb:.0f} | "
            f"{sizes[name] / 2**20:.0f} | {every} |"
        )
        print(f"export {name}: {m.seconds:.2f} s, {m.peak_mb:.0f} MB", flush=True)
    lines += [
        "",
        'Target: a 1M-person segment to CSV in under 10 s. "Recorded" is the default command:',
        "it also records the export and moves every exported person's contacted_count and",
        "last_contacted on, in the same transaction.",
        "",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        print("\n".join(report(Path(tmpdir), quick=args.quick, repeat=args.repeat)))


if __name__ == "__main__":
    main()
