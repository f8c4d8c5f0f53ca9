"""`make bench-ab BASE=REV`: the import at another revision and at this tree, side by side.

For a change that must not slow the import (a refactor of the hot path, say): the same
generated CSV is imported into a fresh store by the code of `--base` (a git worktree made
for the run, in a temporary folder) and by this tree's code, alternating, each as its own
process with the same interpreter and packages. Prints each pair and the median of the
pair ratios (this tree / base), which the load of a shared machine moves least.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.generate import generate
from bench.run import DATA, ROOT, Run, fresh, measure


def worktree(rev: str, folder: Path) -> Path:
    tree = folder / "base"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev],
        check=True,
        capture_output=True,
    )
    return tree


def timed_import(code: Path, csv: Path, db: Path) -> Run:
    """Import with the leadtool package found in `code` first on the path."""
    cmd = [sys.executable, "-m", "leadtool", "--db", str(db), "import", str(csv), "--json"]
    env = {"PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1"}
    return measure(cmd, env=env)


def compare(base: Path, csv: Path, tmp: Path, repeat: int) -> list[tuple[float, float]]:
    pairs = []
    for _ in range(repeat):
        old = timed_import(base, csv, fresh(tmp, "base.db"))
        new = timed_import(ROOT, csv, fresh(tmp, "this.db"))
        print(f"base {old.seconds:.2f} s, this tree {new.seconds:.2f} s", flush=True)
        pairs.append((old.seconds, new.seconds))
    return pairs


def report(rev: str, rows: int, pairs: list[tuple[float, float]]) -> str:
    ratios = [new / old for old, new in pairs]
    old, new = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    return (
        f"{rows:,}-row CSV, base {rev}: base median {old:.2f} s, "
        f"this tree {new:.2f} s; median pair ratio "
        f"{statistics.median(ratios):.2f} (range {min(ratios):.2f}-{max(ratios):.2f}, "
        f"{len(pairs)} pairs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True, help="the git revision to compare with")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    csv = DATA / f"ab-{args.rows}.csv"
    if not csv.exists():
        generate(args.rows, csv, "csv", seed=42)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        base = worktree(args.base, tmp)
        try:
            pairs = compare(base, csv, tmp, args.repeat)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                check=False,
                capture_output=True,
            )
    print(report(args.base, args.rows, pairs))


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
