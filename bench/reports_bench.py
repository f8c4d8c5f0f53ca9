"""Speed and memory of `leadtool report funnel|sources|growth` on a big store (issue 19).

    python -m bench.reports_bench [--quick] [--repeat 3]

Method: a store of 1M people with 3M history rows (20k and 60k with --quick) is generated
set-based in SQL (recursive CTEs, one transaction: seconds, not an import of hours) and
cached under bench/data/: 20 imports from 5 sources with costs, 30% of people brought
again by a second import, 1.3M stage events (forward moves, skipped stages, 100k
demotions) and 1.7M other history rows, 53k first sales with renewals and refunds,
rejects and suppressions.
Each report runs as its own process (`--format json --now ... --tz UTC`): wall time and
peak RSS, medians. Beside it, SQLite's own time for one grouped scan of the history table
(the stage events grouped by person and stage), measured in-process by the sqlite3 module:
the floor any report from history must read. Then the web page of the funnel is rendered
by headless Chromium, when it is installed, into docs/report-screenshot.png.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.run import DATA, ROOT, VENV_BIN, Run, measure, median, migrated

FULL, QUICK = 1_000_000, 20_000
NOW = "2026-12-01T00:00:00Z"
START = "2024-01-01T00:00:00Z"
TARGET_S, TARGET_MB, TARGET_RATIO = 10.0, 300.0, 3.0
SCREENSHOT = ROOT / "docs" / "report-screenshot.png"
GROUPED_SCAN = (
    "SELECT count(*) FROM (SELECT person_id, json_extract(detail, '$.to') AS stage, min(at) "
    "FROM events WHERE kind = 'stage' GROUP BY person_id, stage)"
)

# The store, generated in SQL. :n is the number of people; ids 1..n. People arrive evenly
# over two years; each later step happens to a share of them, picked by id arithmetic.
_SCRIPT = """
WITH RECURSIVE b(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM b WHERE i < 20)
INSERT INTO batches (id, file_name, content_hash, source, cost, mapping, options, started_at,
                     finished_at, status, rows_read, new, matched, merged, rejected)
SELECT i, 'list-' || i || '.csv', 'hash' || i,
       CASE i % 5 WHEN 0 THEN 'Trade fair' WHEN 1 THEN 'Webinar' WHEN 2 THEN 'Bought list'
                  WHEN 3 THEN 'LinkedIn' ELSE 'Partners' END,
       CASE WHEN i % 5 = 1 THEN NULL ELSE 1000 + 250 * i END,
       '[]', '{}', :start, :start, 'done', 0, 0, 0, 100, 500
FROM b;
WITH RECURSIVE p(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM p WHERE i < :n)
INSERT INTO people (id, email, email_flags, phone, stage, created_at, updated_at,
                    norm_version, first_batch_id, consent)
SELECT i, 'person' || i || '@example.com', CASE WHEN i % 17 = 0 THEN 'invalid' END,
       CASE WHEN i % 3 = 0 THEN '+1415555' || substr('0000' || (i % 10000), -4) END,
       CASE WHEN i % 10 = 0 THEN 'subscriber' WHEN i % 10 < 4 THEN 'lead'
            WHEN i % 10 < 7 THEN 'mql' WHEN i % 10 < 9 THEN 'sql' ELSE 'opportunity' END,
       strftime('%Y-%m-%dT%H:%M:%SZ', unixepoch(:start) + i * (63000000 / :n), 'unixepoch'),
       :start, 2, 1 + i % 20, CASE WHEN i % 4 = 0 THEN 'opt-in' END
FROM p;
INSERT INTO person_batches (person_id, batch_id, role)
SELECT id, first_batch_id, 'created' FROM people;
INSERT INTO person_batches (person_id, batch_id, role)
SELECT id, 1 + (first_batch_id + 6) % 20, 'matched' FROM people WHERE id % 10 < 3;
-- Each import's counts agree with the people it brought (a row per person, then the
-- duplicate and rejected rows).
UPDATE batches SET
    new = (SELECT count(*) FROM person_batches pb WHERE pb.batch_id = batches.id
           AND pb.role = 'created'),
    matched = (SELECT count(*) FROM person_batches pb WHERE pb.batch_id = batches.id
               AND pb.role = 'matched');
UPDATE batches SET rows_read = new + matched + merged + rejected;
-- Stage history: lead -> mql, mql -> sql (some skip to sql), sql -> opportunity, demotions.
INSERT INTO events (person_id, at, kind, detail)
SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', unixepoch(created_at) + 86400 * (1 + id % 30),
       'unixepoch'), 'stage', '{"from": "lead", "to": "mql", "reason": "score"}'
FROM people WHERE id % 10 BETWEEN 4 AND 9;
INSERT INTO events (person_id, at, kind, detail)
SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', unixepoch(created_at) + 86400 * (31 + id % 40),
       'unixepoch'), 'stage', '{"from": "mql", "to": "sql", "reason": "call"}'
FROM people WHERE id % 10 BETWEEN 7 AND 9;
INSERT INTO events (person_id, at, kind, detail)
SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', unixepoch(created_at) + 86400 * (2 + id % 20),
       'unixepoch'), 'stage', '{"from": "lead", "to": "sql", "reason": "import"}'
FROM people WHERE id % 10 IN (1, 2, 3) AND id % 3 = 0;
INSERT INTO events (person_id, at, kind, detail)
SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', unixepoch(created_at) + 86400 * (80 + id % 50),
       'unixepoch'), 'stage', '{"from": "sql", "to": "opportunity", "reason": "deal"}'
FROM people WHERE id % 10 = 9;
INSERT INTO events (person_id, at, kind, detail)
SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', unixepoch(created_at) + 86400 * 200,
       'unixepoch'), 'stage', '{"from": "mql", "to": "lead", "reason": "demoted"}'
FROM people WHERE id % 10 IN (4, 5, 6) AND id % 3 = 1;
INSERT INTO events (person_id, at, kind, detail)
SELECT id, created_at, 'updated', '{"title": "Old title"}' FROM people WHERE id % 10 < 9;
INSERT INTO events (person_id, at, kind, detail)
SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', unixepoch(created_at) + 86400 * (3 + id % 9),
       'unixepoch'), 'stage', '{"from": "subscriber", "to": "lead", "reason": "form"}'
FROM people WHERE id % 10 = 0;
INSERT INTO events (person_id, at, kind, detail)
SELECT id, created_at, 'tag', '{"added": "bench"}' FROM people WHERE id % 10 < 2;
INSERT INTO events (person_id, at, kind, detail)
SELECT id, created_at, 'conflict', '{"title": ["Old", "New"]}' FROM people WHERE id % 10 < 6;
-- Purchases: a first sale for 5% of people, a second sale and a refund for some.
INSERT INTO activities (person_id, type, ts, detail, amount, currency, created_at)
SELECT id, 'purchase', unixepoch(created_at) + 86400 * (120 + id % 60), '', 100 + id % 900,
       'EUR', :start FROM people WHERE id % 19 = 0;
INSERT INTO activities (person_id, type, ts, detail, amount, currency, created_at)
SELECT id, 'purchase', unixepoch(created_at) + 86400 * 240, 'renewal', 200, 'EUR', :start
FROM people WHERE id % 38 = 0;
INSERT INTO activities (person_id, type, ts, detail, amount, currency, created_at)
SELECT id, 'purchase', unixepoch(created_at) + 86400 * 250, 'refund', -50, 'EUR', :start
FROM people WHERE id % 95 = 0;
INSERT INTO settings (key, value) VALUES ('currency', 'EUR');
INSERT INTO source_costs (source, amount, set_at) VALUES ('Webinar', 12000, :start);
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < :n / 100)
INSERT INTO rejects (batch_id, row_number, reason, data, created_at)
SELECT 1 + i % 20, i, CASE WHEN i % 3 = 0 THEN 'no email, phone or name'
                           ELSE 'forgotten person' END, '[]', :start FROM r;
INSERT INTO suppressions (kind, value, reason, created_at)
SELECT 'email', email, 'unsubscribed', :start FROM people WHERE id % 250 = 0
"""


def build_store(people: int) -> Path:
    """The generated store (cached): migrations applied by leadtool, rows by SQL."""
    from leadtool.store.connection import open_store, write_transaction

    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"reports-{people}.db"
    if path.exists():
        return migrated(path)
    building = path.with_suffix(".building.db")
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    store = open_store(building)
    started = time.perf_counter()
    with write_transaction(store) as conn:
        for statement in _SCRIPT.split(";\n"):
            conn.execute(statement, {"n": people, "start": START})
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    print(f"generated {people:,} people in {time.perf_counter() - started:.1f} s", flush=True)
    building.replace(path)
    for suffix in ("-wal", "-shm", ".lock"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    return path


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("people", "events", "activities", "person_batches")
        }


def grouped_scan_seconds(db: Path) -> tuple[float, float]:
    """SQLite alone: one GROUP BY over the stage events, in this process, warm cache.
    (wall seconds, CPU seconds)."""
    with sqlite3.connect(db) as conn:
        conn.execute(GROUPED_SCAN).fetchone()  # warm the page cache as the reports find it
        wall, cpu = time.perf_counter(), time.process_time()
        conn.execute(GROUPED_SCAN).fetchone()
        return time.perf_counter() - wall, time.process_time() - cpu


def report_cmd(db: Path, name: str, *extra: str) -> list[str]:
    return [str(VENV_BIN / "leadtool"), "--db", str(db), "report", name, "--format", "json",
            "--now", NOW, "--tz", "UTC", *extra]  # fmt: skip


SCENARIOS = {
    "funnel": ("funnel",),
    "funnel --by month": ("funnel", "--by", "month"),
    "sources": ("sources",),
    "sources --attribution even": ("sources", "--attribution", "even"),
    "growth --by week": ("growth", "--by", "week"),
}


def screenshot(db: Path, tmp: Path) -> str:
    """The funnel's web page in headless Chromium, as docs/report-screenshot.png."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return "skipped: Chromium is not installed (apt-get install chromium)"
    page = tmp / "report.html"
    cmd = report_cmd(db, "sources", "--html", str(page))
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shot = tmp / "shot.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--screenshot={shot}", "--window-size=1200,1400", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    if not shot.exists() or shot.stat().st_size < 10_000:
        return "failed: Chromium wrote no screenshot"
    shutil.copyfile(shot, SCREENSHOT)
    return f"rendered by {Path(browser).name} into docs/{SCREENSHOT.name}"


def report(tmp: Path, *, quick: bool, repeat: int) -> list[str]:
    """Markdown lines for BENCHMARKS.md. The scan and the reports alternate, so that the
    load of this shared machine falls on both alike; CPU seconds are compared too, as
    they move less with the load than wall time."""
    db = build_store(QUICK if quick else FULL)
    sizes = counts(db)
    scans: list[tuple[float, float]] = []
    runs: dict[str, list[Run]] = {name: [] for name in SCENARIOS}
    for _ in range(repeat):
        scans.append(grouped_scan_seconds(db))
        for name, args in SCENARIOS.items():
            runs[name].append(measure(report_cmd(db, *args)))
    scan = statistics.median(w for w, _ in scans)
    scan_cpu = statistics.median(c for _, c in scans)
    lines = [
        "## Reports (`leadtool report`)",
        "",
        f"### {sizes['people']:,} people, {sizes['events']:,} history rows, "
        f"{sizes['activities']:,} purchases ({db.stat().st_size / 2**20:,.0f} MB), "
        f"median of {repeat}",
        "",
        f"SQLite's own grouped scan of the history table (stage events by person and stage, "
        f"`sqlite3` module, warm cache): **{scan:.2f} s** wall, {scan_cpu:.2f} s CPU (runs: "
        f"{', '.join(f'{w:.2f}' for w, _ in scans)}).",
        "",
        "| report | median s | CPU s | peak RSS MB | ÷ scan (wall) | ÷ scan (CPU) | all runs s "
        "| < 10 s, < 300 MB, ≤ 3× |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, done in runs.items():
        m = median(done)
        cpu = m.cpu_main + m.cpu_children
        ratio, cpu_ratio = m.seconds / scan, cpu / scan_cpu
        met = m.seconds < TARGET_S and m.peak_mb < TARGET_MB and ratio <= TARGET_RATIO
        print(f"report {name}: {m.seconds:.2f} s, {m.peak_mb:.0f} MB, {ratio:.1f}x", flush=True)
        lines.append(
            f"| {name} | {m.seconds:.2f} | {cpu:.2f} | {m.peak_mb:.0f} | {ratio:.1f}× | "
            f"{cpu_ratio:.1f}× | {', '.join(f'{r.seconds:.2f}' for r in done)} | "
            f"{'met' if met else 'missed'} |"
        )
    shot = screenshot(db, tmp)
    print(f"screenshot: {shot}", flush=True)
    lines += [
        "",
        "Each report is a whole command (`--format json`), start-up and the pandas import "
        "included (about 0.8 s of CPU); the scan is one query inside a running process.",
        "",
        f"Browser check: the sources report's web page (`--html`), {shot}.",
        "",
    ]
    return lines


def _run_main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20k people, to check the harness")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        for line in report(Path(tmpdir), quick=args.quick, repeat=args.repeat):
            print(line)


if __name__ == "__main__":
    _run_main()


__all__ = ["Run", "report"]
