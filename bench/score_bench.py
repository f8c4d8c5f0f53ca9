"""Speed and memory of `leadtool score` on 1M people with 3M activity events, 20 rules.

    python -m bench.score_bench [--quick] [--repeat N]

Method: a store of 1,000,000 people (10,000 with --quick) and 3 events each on average is
generated set-based in SQL (titles, countries, free-mail flags, company sizes and BANT
custom fields in realistic proportions; 12 activity types, times over the last 400 days),
cached under bench/data/. The rules file is the example `rules init` writes plus three
engagement rules: 20 rules (10 fit, 7 engagement, 3 triggers), group and total caps.
Each timed run is `leadtool score --now T --json` as its own process on a fresh copy of the
store (the copy is not timed): wall time and peak RSS (sampled every 20 ms). "first" scores
a store never scored (every score is written, triggers move people); "again" runs once more
on the result (nothing changes: the idempotent nightly case).
The floor is SQLite alone evaluating the same rules' filters once over the same store, in
one process: a count(*) per fit rule's where, per engagement rule's events (type, time
window) and per trigger's conditions. Runs alternate with the floor, medians of `repeat`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.run import DATA, VENV_BIN, measure, migrated
from leadtool.scoring.example import EXAMPLE_RULES

NOW = datetime(2026, 12, 1, tzinfo=UTC)
FULL_PEOPLE, QUICK_PEOPLE = 1_000_000, 10_000
EVENTS_PER_PERSON = 3
TARGET_SECONDS, TARGET_MB, TARGET_RATIO = 30.0, 300.0, 3.0

EXTRA_RULES = """
[[engagement]]
name = "Opened an email"
activity = "email_open"
points = 1
half_life_days = 14

[[engagement]]
name = "Clicked an email"
activity = "email_click"
points = 3
count = 5
window_days = 60

[[engagement]]
name = "Came to our stand"
activity = "event"
points = 10
count = "once"
"""
RULES = EXAMPLE_RULES + EXTRA_RULES

TITLES = [
    "CMO",
    "Head of Marketing",
    "VP Marketing",
    "Marketing Manager",
    "Student",
    "Intern",
    "Software Engineer",
    "Sales Director",
    "CEO",
    "Office Manager",
    "Data Analyst",
    "Product Manager",
]
COUNTRIES = ["US", "US", "US", "GB", "DE", "FR", "CA", "ES", "IT", "NL", "AU", "BR"]
TYPES = [  # (type, share of events in per mille)
    ("email_open", 400),
    ("page_view", 200),
    ("email_click", 120),
    ("download", 80),
    ("webinar", 60),
    ("pricing_page", 50),
    ("form", 40),
    ("event", 20),
    ("demo_request", 15),
    ("meeting", 8),
    ("call", 5),
    ("purchase", 2),
]


def build(path: Path, people: int) -> Path:
    """The generated store (cached): people and their events, written set-based."""
    from leadtool.store.connection import open_store, write_transaction
    from leadtool.store.settings import set_setting

    if path.exists():
        return path
    partial = path.with_name(path.name + ".partial")
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    store = open_store(partial)
    titles = json.dumps(TITLES)
    countries = json.dumps(COUNTRIES)
    types = "".join(
        f"WHEN r < {sum(s for _, s in TYPES[: i + 1])} THEN '{t}' "
        for i, (t, _) in enumerate(TYPES)
    )
    now_ts = int(NOW.timestamp())
    with write_transaction(store) as conn:
        set_setting(conn, "currency", "EUR")  # the purchases' currency: they count as sales
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO people (id, email, email_flags, first_name, last_name, title, country, "
            "stage, custom, created_at, updated_at, norm_version) "
            "SELECT i, 'p' || i || CASE WHEN i % 5 = 0 THEN '@gmail.com' "
            "ELSE '@co' || (i % 9973) || '.com' END, "
            "CASE WHEN i % 5 = 0 THEN 'free' END, 'First' || (i % 5000), 'Last' || (i % 20000), "
            "json_extract(?, '$[' || (abs(random()) % ?) || ']'), "
            "json_extract(?, '$[' || (abs(random()) % ?) || ']'), "
            "CASE abs(random()) % 10 WHEN 0 THEN 'subscriber' WHEN 1 THEN 'mql' WHEN 2 THEN 'sql' "
            "WHEN 3 THEN 'customer' ELSE 'lead' END, "
            "json_object('Company Size', abs(random()) % 5000, "
            "'need', CASE WHEN i % 7 = 0 THEN 'crm' ELSE '' END, "
            "'budget', CASE WHEN i % 4 = 0 THEN 'yes' ELSE 'no' END, "
            "'authority', CASE WHEN i % 6 = 0 THEN 'decides' ELSE 'none' END, "
            "'buying_stage', CASE WHEN i % 8 = 0 THEN 'evaluating' ELSE 'aware' END), "
            "'2025-10-01T00:00:00Z', '2025-10-01T00:00:00Z', 2 FROM n",
            (people, titles, len(TITLES), countries, len(COUNTRIES)),
        )
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?), "
            # MATERIALIZED: one random draw per event, not one per WHEN of the CASE.
            "d AS MATERIALIZED (SELECT i, abs(random()) % 1000 AS r FROM n) "
            "INSERT OR IGNORE INTO activities (person_id, type, ts, detail, amount, currency, "
            "created_at) SELECT 1 + abs(random()) % ?, t, ? - abs(random()) % (400 * 86400), '', "
            "CASE WHEN t = 'purchase' THEN 100 + abs(random()) % 900 END, "
            "CASE WHEN t = 'purchase' THEN 'EUR' END, '2026-12-01T00:00:00Z' "
            f"FROM (SELECT i, CASE {types} END AS t FROM d)",
            (people * EVENTS_PER_PERSON, people, now_ts),
        )
    store.conn.execute("ANALYZE")
    store.close()
    migrated(partial)
    partial.rename(path)
    return path


def floor_seconds(path: Path) -> float:
    """SQLite alone: each rule's filter evaluated once over the store (count(*) each)."""
    from leadtool.filters import compile_where
    from leadtool.scoring.rules import parse_rules
    from leadtool.store.connection import open_store

    rules = parse_rules(RULES, "bench.toml").rules
    assert rules is not None
    store = open_store(path, create=False)
    conn = store.conn
    now_ts = int(NOW.timestamp())
    started = time.perf_counter()
    for fit in rules.fit:
        c = compile_where(fit.where, now=NOW)
        conn.execute(f"SELECT count(*) FROM people WHERE {c.sql}", c.params).fetchone()
    for rule in rules.engagement:
        since = -(2**62) if rule.window_days is None else now_ts - rule.window_days * 86400
        conn.execute(
            "SELECT count(*) FROM activities WHERE type = ? AND ts <= ? AND ts >= ?",
            (rule.activity, now_ts, since),
        ).fetchone()
    for trigger in rules.triggers:
        c = compile_where(trigger.where, now=NOW)
        test = c.sql
        params = list(c.params)
        if trigger.activity is not None:
            test += (
                " AND EXISTS (SELECT 1 FROM activities a WHERE a.person_id = people.id "
                "AND a.type = ?)"
            )
            params.append(trigger.activity)
        conn.execute(f"SELECT count(*) FROM people WHERE {test}", params).fetchone()
    seconds = time.perf_counter() - started
    store.close()
    return seconds


@dataclass
class Result:
    first: list[float]
    first_mb: list[float]
    again: list[float]
    again_mb: list[float]
    floor: list[float]
    report: dict[str, int]


def score_cmd(db: Path, rules: Path) -> list[str]:
    return [
        str(VENV_BIN / "leadtool"),
        "--db",
        str(db),
        "score",
        "--rules",
        str(rules),
        "--now",
        NOW.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "--json",
    ]


def copy_store(src: Path, dst: Path) -> Path:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{dst}{suffix}").unlink(missing_ok=True)
    shutil.copy(src, dst)
    return dst


def run(people: int, repeat: int, tmp: Path) -> Result:
    src = build(DATA / f"score-{people}.db", people)
    rules = tmp / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    result = Result([], [], [], [], [], {})
    for _ in range(repeat):
        db = copy_store(src, tmp / "s.db")
        out = tmp / "report.json"
        first = measure(score_cmd(db, rules), stdout=out)
        result.report = json.loads(out.read_text())
        again = measure(score_cmd(db, rules))
        result.first.append(first.seconds)
        result.first_mb.append(first.peak_mb)
        result.again.append(again.seconds)
        result.again_mb.append(again.peak_mb)
        result.floor.append(floor_seconds(src))
    return result


def report(tmp: Path, *, quick: bool, repeat: int) -> list[str]:
    people = QUICK_PEOPLE if quick else FULL_PEOPLE
    r = run(people, repeat, tmp)
    med = statistics.median
    floor = med(r.floor)
    events = people * EVENTS_PER_PERSON
    target = f"< {TARGET_SECONDS:.0f} s, < {TARGET_MB:.0f} MB, ≤ {TARGET_RATIO:.0f}×"
    first, again = med(r.first), med(r.again)
    written = r.report
    lines = [
        "## Scoring (`leadtool score`)",
        "",
        f"### {people:,} people, about {events:,} activity events, 20 rules; median of {repeat}",
        "",
        "| run | wall s | peak RSS MB | × SQLite floor | target |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| SQLite alone: the 20 rules' filters once | {floor:.2f} | — | 1.00 | |",
        f"| `leadtool score`, first run (all scores written) | {first:.2f} | "
        f"{med(r.first_mb):.0f} | {first / floor:.2f} | {target} |",
        f"| `leadtool score`, again (nothing changes) | {again:.2f} | "
        f"{med(r.again_mb):.0f} | {again / floor:.2f} | |",
        "",
        f"First run on the generated store: {written.get('score_changed', 0):,} scores "
        f"written, {written.get('stage_changed', 0):,} stage moves "
        f"({written.get('customers', 0):,} first sales), {written.get('nurturing', 0):,} "
        f"nurtured. All runs: first {', '.join(f'{s:.1f}' for s in r.first)} s; again "
        f"{', '.join(f'{s:.1f}' for s in r.again)} s; floor "
        f"{', '.join(f'{s:.2f}' for s in r.floor)} s.",
        "",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("\n".join(report(Path(tmp), quick=args.quick, repeat=args.repeat)))


if __name__ == "__main__":
    os.environ.setdefault("LEADTOOL_REGION", "US")
    main()
