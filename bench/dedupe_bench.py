"""Quality and speed of `leadtool dedupe` on generated lists with known duplicates.

    python -m bench.dedupe_bench [--quick] [--repeat N]

Method: bench.generate_dupes writes a list and its truth file (which rows are one person);
`leadtool import` builds a store from it (cached under bench/data/); the import's own exact
dedupe merges what shares an email, LinkedIn profile or phone with the same name. The true
pairs left are the pairs of stored people that are one person: they share no exact key.
`leadtool dedupe --json` runs as its own process (time, and peak RSS sampled every 20 ms);
the pairs `--auto-merge` would merge at a threshold (ambiguous ones held back) are closed
transitively (as merging them does) and compared with the truth: precision, recall and F1
over pairs. People the import itself made of two generated people are left out of the
measure (and counted).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from bench.dedupe_eval import roots
from bench.generate_dupes import generate_dupes
from bench.run import DATA, VENV_BIN, measure, migrated
from leadtool.dedupe.service import Found, auto_pairs, find
from leadtool.store.connection import open_store

THRESHOLDS = (0.5, 0.8, 0.85, 0.88, 0.9, 0.95, 0.97, 0.99)
DEFAULT = 0.88  # leadtool.dedupe.score.DEFAULT_THRESHOLD
SIDE_BY_SIDE_ROWS = 100_000  # at 1M the hand weights' run would add minutes
MIN_SCORE = 0.3


def built_store(rows: int) -> tuple[Path, Path]:
    """(store, truth) for a generated list of `rows` rows, imported once and cached."""
    csv_path = DATA / f"dupes-{rows}.csv"
    truth = csv_path.with_suffix(".truth.csv")
    db = DATA / f"dupes-{rows}.db"
    if not truth.exists():
        generate_dupes(rows, csv_path)
    if not db.exists():
        tmp = db.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        cmd = [str(VENV_BIN / "leadtool"), "--db", str(tmp), "import", str(csv_path), "--json"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        tmp.rename(db)
        Path(f"{tmp}.lock").unlink(missing_ok=True)
    return migrated(db), truth


def run_dedupe(db: Path, out: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one `leadtool dedupe --json` process; its JSON goes to `out`."""
    cmd = [str(VENV_BIN / "leadtool"), "--db", str(db), "dedupe", "--json"]
    run = measure([*cmd, "--min-score", str(MIN_SCORE)], stdout=out)
    return run.seconds, run.peak_mb


def true_pairs(db: Path, truth: Path) -> tuple[set[tuple[int, int]], set[int]]:
    """(pairs of stored people that are one person, people the import made of several).

    The import's exact dedupe can join rows of two generated people (a shared email or a
    shared phone with the same name); such a person is both and neither, so it is left out
    of the measure, and counted.
    """
    entity: dict[int, int] = {}
    with truth.open() as fh:
        next(fh)
        for line in fh:
            row, ent = line.split(",")
            entity[int(row) + 1] = int(ent)  # the header is row 1 of the file
    groups: dict[int, set[int]] = defaultdict(set)
    of_person: dict[int, set[int]] = defaultdict(set)
    conn = sqlite3.connect(db)
    for row_number, pid in conn.execute("SELECT row_number, person_id FROM import_rows"):
        groups[entity[row_number]].add(pid)
        of_person[pid].add(entity[row_number])
    conn.close()
    mixed = {pid for pid, ents in of_person.items() if len(ents) > 1}
    pairs = {p for ids in groups.values() for p in combinations(sorted(ids - mixed), 2)}
    return pairs, mixed


def closed(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Every pair within the groups the pairs join (what merging them all would do)."""
    groups: dict[int, list[int]] = defaultdict(list)
    for x, group in roots(pairs).items():
        groups[group].append(x)
    return {p for ids in groups.values() for p in combinations(sorted(ids), 2)}


def quality(found: Found, truth: set[tuple[int, int]], mixed: set[int], t: float) -> list[float]:
    """Precision, recall, F1 and merged pairs of what `--auto-merge --threshold t` merges."""
    chosen = [(p.a, p.b) for p in auto_pairs(found, t)[0] if p.a not in mixed and p.b not in mixed]
    predicted = closed(chosen)
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return [precision, recall, f1, float(len(predicted))]


def measure_size(rows: int, repeat: int, tmp: Path) -> dict[str, object]:
    db, truth = built_store(rows)
    runs = []
    for i in range(repeat):
        copy = tmp / f"d{i}.db"
        shutil.copy(db, copy)
        runs.append(run_dedupe(copy, tmp / "out.json"))
    result = json.loads((tmp / "out.json").read_text())
    pairs, mixed = true_pairs(db, truth)
    people = int(result["people"])
    store = open_store(tmp / "d0.db")  # the quality is measured in-process
    started = time.perf_counter()
    found = find(store, min_score=MIN_SCORE)
    fitted_s = time.perf_counter() - started
    hand: dict[str, object] = {}
    if rows <= SIDE_BY_SIDE_ROWS:  # the hand weights too, in the same run: a time ratio
        started = time.perf_counter()
        by_hand = find(store, min_score=MIN_SCORE, weights="hand")
        hand_s = time.perf_counter() - started
        hand = {"ratio": fitted_s / hand_s, "quality": quality(by_hand, pairs, mixed, DEFAULT)}
    store.close()
    return {
        "hand": hand,
        "weights": found.weights,
        "rows": rows,
        "people": people,
        "mixed": len(mixed),
        "true_pairs": len(pairs),
        "compared": result["compared"],
        "seconds": statistics.median(r[0] for r in runs),
        "peak_mb": max(r[1] for r in runs),
        "table": {t: quality(found, pairs, mixed, t) for t in THRESHOLDS},
    }


def report(tmp: Path, *, quick: bool, repeat: int) -> list[str]:
    sizes = (2_000, 20_000) if quick else (100_000, 1_000_000)
    measured = [measure_size(n, repeat if n <= 100_000 else 1, tmp) for n in sizes]
    method = " ".join((__doc__ or "").split("\n\n")[2].split())
    lines = ["## Likely duplicates (`leadtool dedupe`)", "", method, ""]
    lines += [
        "| rows | people | left out (import joined 2 people) | true pairs left | pairs compared "
        "| time | peak RSS |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in measured:
        lines.append(
            f"| {m['rows']:,} | {m['people']:,} | {m['mixed']:,} | {m['true_pairs']:,} | "
            f"{m['compared']:,} | {m['seconds']:.1f} s | {m['peak_mb']:.0f} MB |"
        )
    for m in measured:
        hand = m["hand"]
        if isinstance(hand, dict) and hand:
            p, r, f, n = hand["quality"]
            lines += [
                "",
                f"Side by side on {m['rows']:,} rows, in-process in one run: finding and scoring "
                f"with weights fitted to the list took {hand['ratio']:.2f}x the time of the hand "
                f"weights; the hand weights at {DEFAULT}: precision {p:.4f}, recall {r:.4f}, "
                f"F1 {f:.4f}, {int(n):,} pairs merged.",
            ]
    for m in measured:
        lines += [
            "",
            f"Quality on {m['rows']:,} rows, weights {m['weights']} (default threshold {DEFAULT}):",
            "",
        ]
        lines += [
            "| threshold | precision | recall | F1 | pairs merged |",
            "| ---: | ---: | ---: | ---: | ---: |",
        ]
        for t, (p, r, f, n) in m["table"].items():  # type: ignore[attr-defined]
            mark = " (default)" if t == DEFAULT else ""
            lines.append(f"| {t}{mark} | {p:.4f} | {r:.4f} | {f:.4f} | {int(n):,} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure leadtool dedupe.")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=0, help="one size only")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.rows:
            m = measure_size(args.rows, args.repeat, Path(tmp))
            print(json.dumps(m, indent=1, default=str))
            return
        print("\n".join(report(Path(tmp), quick=args.quick, repeat=args.repeat)))


if __name__ == "__main__":
    main()
