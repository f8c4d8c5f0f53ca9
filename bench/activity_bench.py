"""Speed and memory of `leadtool activity import`, beside the people import's, on one run.

    python -m bench.activity_bench [--quick] [--repeat N]

Method: `leadtool import` of bench/generate.py's 100,000-row list (about 77,000 people;
2,000 rows with --quick) builds the store, timed as the people import (median of the runs).
Then 1,000,000 events (20,000 with --quick) are generated for the store's people
(`generate_events`, seed 42): webinar, download, page_view, email_open... at times over the
year before the run, a few with an offset, purchases with amounts; 1% for emails nobody
stored (rejected) and 2% repeating an earlier row (duplicates). Each run imports them into
a fresh copy of the store (the copy is not timed) as its own process, `leadtool activity
import --currency EUR --json`: wall time, rows/s and peak RSS (sampled every 20 ms).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sqlite3
import statistics
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.run import VENV_BIN, Run, ensure, fresh, leadtool_import, measure, migrated

PEOPLE_ROWS, EVENTS = 100_000, 1_000_000
QUICK_PEOPLE_ROWS, QUICK_EVENTS = 2_000, 20_000
HEADER = ["Email", "Activity", "Timestamp", "Details", "Amount"]
TYPES = {
    "page_view": 30,
    "email_open": 25,
    "email_click": 10,
    "download": 10,
    "webinar": 8,
    "pricing_page": 6,
    "form": 4,
    "demo_request": 2,
    "meeting": 2,
    "purchase": 3,
}
DETAILS = {
    "page_view": ["/", "/blog/scoring", "/product", "/customers"],
    "download": ["white paper", "e-book: lead scoring", "case study: Acme"],
    "webinar": ["Q1 launch", "Scoring 101", "Customer panel"],
    "email_open": ["newsletter 2025-09", "newsletter 2025-10", "launch mail"],
    "email_click": ["newsletter 2025-09", "launch mail"],
}


def generate_events(store: Path, count: int, path: Path, seed: int = 42) -> Path:
    """`count` activity rows for the people of `store`, written to the CSV `path`."""
    rng = random.Random(seed)
    conn = sqlite3.connect(store)
    emails = [r[0] for r in conn.execute("SELECT email FROM people WHERE email IS NOT NULL")]
    conn.close()
    kinds, weights = list(TYPES), list(TYPES.values())
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    written: list[list[str]] = []
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(count):
            if written and rng.random() < 0.02:
                row = rng.choice(written)  # the same event again: a duplicate
            else:
                row = _event(rng, emails, kinds, weights, end, i)
                if len(written) < 10_000:
                    written.append(row)
            out.writerow(row)
    return path


def _event(
    rng: random.Random,
    emails: list[str],
    kinds: list[str],
    weights: list[int],
    end: datetime,
    i: int,
) -> list[str]:
    email = rng.choice(emails) if rng.random() >= 0.01 else f"nobody{i}@example.invalid"
    kind = rng.choices(kinds, weights)[0]
    moment = end - timedelta(seconds=rng.randrange(365 * 86_400))
    when = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if rng.random() < 0.1:  # some tools write local time with its offset
        when = (moment + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S+02:00")
    detail = rng.choice(DETAILS.get(kind, [""]))
    amount = f"{rng.choice([49, 99, 199, 490]) - 0.1:.2f}" if kind == "purchase" else ""
    return [email, kind, when, detail, amount]


def activity_import(path: Path, db: Path) -> list[str]:
    return [
        str(VENV_BIN / "leadtool"),
        "--db",
        str(db),
        "activity",
        "import",
        str(path),
        "--currency",
        "EUR",
        "--json",
    ]


def median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs), statistics.median(r.peak_mb for r in runs)
    )


def report(tmp: Path, *, quick: bool = False, repeat: int = 3) -> list[str]:
    people_rows, events = (QUICK_PEOPLE_ROWS, QUICK_EVENTS) if quick else (PEOPLE_ROWS, EVENTS)
    leads = ensure(people_rows, "csv")
    people_runs = [measure(leadtool_import(leads, fresh(tmp, "people.db"))) for _ in range(repeat)]
    store = migrated(tmp / "people.db")
    people = _count(store, "people")
    path = generate_events(store, events, tmp / f"events-{events}.csv")
    runs: list[Run] = []
    summary: dict[str, object] = {}
    for _ in range(repeat):
        copy = fresh(tmp, "activity.db")
        shutil.copyfile(store, copy)
        out = tmp / "activity.json"
        runs.append(measure(activity_import(path, copy), stdout=out))
        summary = json.loads(out.read_text())
    p, a = median(people_runs), median(runs)
    print(f"activity import: {events:,} events {a.seconds:.1f} s, {a.peak_mb:.0f} MB", flush=True)
    return _lines(leads, people_rows, people, p, people_runs, path, events, a, runs, summary)


def _lines(
    leads: Path,
    people_rows: int,
    people: int,
    p: Run,
    people_runs: list[Run],
    path: Path,
    events: int,
    a: Run,
    runs: list[Run],
    summary: dict[str, object],
) -> list[str]:
    def every(rs: list[Run]) -> str:
        return ", ".join(f"{r.seconds:.1f}" for r in rs)

    counts = ", ".join(f"{k} {summary[k]:,}" for k in ("matched", "duplicate", "rejected"))
    ratio = (events / a.seconds) / (people_rows / p.seconds)
    return [
        "## Activity import",
        "",
        f"### {events:,} events ({path.stat().st_size / 2**20:.0f} MB CSV) for a store of "
        f"{people:,} people, median of {len(runs)}",
        "",
        "| command | rows | median s | rows/s | peak RSS MB | all runs s |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| leadtool import ({leads.name}) | {people_rows:,} | {p.seconds:.2f} | "
        f"{people_rows / p.seconds:,.0f} | {p.peak_mb:.0f} | {every(people_runs)} |",
        f"| leadtool activity import | {events:,} | {a.seconds:.2f} | "
        f"**{events / a.seconds:,.0f}** | {a.peak_mb:.0f} | {every(runs)} |",
        "",
        f"- the activity import's rows: {counts} (1% of the emails are nobody's, 2% of the "
        "rows repeat an earlier one).",
        f"- activity rows/s / people import rows/s: **{ratio:.1f}**",
        "",
    ]


def _count(store: Path, table: str) -> int:
    conn = sqlite3.connect(store)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        print("\n".join(report(Path(tmpdir), quick=args.quick, repeat=args.repeat)))


if __name__ == "__main__":
    main()
