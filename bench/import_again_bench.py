"""A second big import into a store that already holds the first (issue 18).

    python -m bench.run --only import-again [--quick] [--repeat 3]

Method: the import section's generated list (1M rows, seed 42; 20k with --quick) is imported
into a fresh store, then a second list of as many rows is imported into that store: every
second row of the first list (people the store holds: they match) interleaved with as many
rows of another generated list (seed 44: new people). Both imports are whole commands, timed
one after the other on the same store, so each repetition's ratio compares two imports in
the same conditions; the ratio quoted is the median of the repetitions' ratios. The target:
the second import takes at most 1.5 times the first.
"""

from __future__ import annotations

import csv
import json
import statistics
from itertools import islice
from pathlib import Path

from bench.generate import generate
from bench.run import DATA, Run, ensure, fresh, leadtool_import, measure

TARGET = 1.5


def again_file(first: Path, rows: int) -> Path:
    """Every second row of `first`, interleaved with rows of a list of other people."""
    path = DATA / f"again-{rows}.csv"
    if path.exists():
        return path
    other = DATA / f"leads-{rows}-seed44.csv"
    if not other.exists():
        generate(rows, other, "csv", seed=44)
    building = path.with_suffix(".building.csv")
    with (
        first.open(newline="", encoding="utf-8") as a,
        other.open(newline="", encoding="utf-8") as b,
    ):
        known, new = csv.reader(a), csv.reader(b)
        header = next(known)
        next(new)
        with building.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            for row in islice(known, 0, None, 2):
                writer.writerow(row)
                writer.writerow(next(new))
    building.replace(path)
    return path


def report(tmp: Path, *, quick: bool, repeat: int) -> list[str]:
    rows = 20_000 if quick else 1_000_000
    first = ensure(rows, "csv")
    again = again_file(first, rows)
    firsts: list[Run] = []
    agains: list[Run] = []
    ratios: list[float] = []
    said: dict[str, int] = {}
    for _ in range(repeat):
        db = fresh(tmp, "again.db")
        firsts.append(measure(leadtool_import(first, db)))
        out = tmp / "again.json"
        agains.append(measure(leadtool_import(again, db), stdout=out))
        ratios.append(agains[-1].seconds / firsts[-1].seconds)
        said = json.loads(out.read_text())
        print(
            f"import again: {firsts[-1].seconds:.1f} s then {agains[-1].seconds:.1f} s", flush=True
        )
    ratio = statistics.median(ratios)
    lines = [
        "## Import into a store that holds the first import",
        "",
        f"### {rows:,} rows, then {_count(again):,} rows of which half are people the store "
        f"holds, median of {repeat}",
        "",
        "| import | median s | rows/s | peak RSS MB (with children) | CPU s (main + workers) "
        "| all runs s |",
        "| --- | --- | --- | --- | --- | --- |",
        _row("first, into a fresh store", firsts, rows),
        _row("second, into the store the first made", agains, _count(again)),
        "",
        f"- second ÷ first: **{ratio:.2f}** (median of the runs' ratios: "
        f"{', '.join(f'{r:.2f}' for r in ratios)}; target ≤ {TARGET}: "
        f"{'met' if ratio <= TARGET else 'missed'})",
        f"- the second import's own count: {said.get('new', 0):,} new, "
        f"{said.get('matched', 0):,} matched stored people, {said.get('merged', 0):,} merged "
        f"within the file, {said.get('rejected', 0):,} rejected",
        "",
    ]
    return lines


def _row(name: str, runs: list[Run], rows: int) -> str:
    seconds = statistics.median(r.seconds for r in runs)
    peak = statistics.median(r.peak_mb for r in runs)
    cpu = statistics.median(r.cpu_main + r.cpu_children for r in runs)
    every = ", ".join(f"{r.seconds:.1f}" for r in runs)
    return f"| {name} | {seconds:.2f} | {rows / seconds:,.0f} | {peak:.0f} | {cpu:.1f} | {every} |"


def _count(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1
