"""Random stores for comparing the reports' SQL with its frozen reference (legacy_*.py).

Written straight into the tables (as bench/reports_bench.py does), with the cases that
make a journey hard to get right: stage events written out of time order, several at the
same second, dated before the person was created or after the report's `now`, unknown
stages, demotions and moves back from customer, second moves into a stage, people with no
events; people brought by one to four lists of a few sources (some undone), with first
sales, refunds and renewals, invalid emails, suppressions and consent.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from leadtool.store.connection import Store, open_store, write_transaction

STAGES = ("subscriber", "lead", "mql", "sql", "opportunity", "customer", "other", "bogus")
SOURCES = ("Trade fair", "Webinar", "Bought list", None)
START = 1_767_225_600  # 2026-01-01T00:00:00Z
NOW = START + 200 * 86_400


def iso(ts: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _time(rng: random.Random, created: int, times: list[int]) -> int:
    """A time near the person's others: often the same second, sometimes before they were
    created, sometimes after `now`."""
    roll = rng.random()
    if times and roll < 0.2:
        return rng.choice(times)
    if roll < 0.3:
        return created - rng.randint(0, 5 * 86_400)
    if roll < 0.4:
        return NOW + rng.randint(-86_400, 20 * 86_400)
    return created + rng.randint(0, 120) * 3_600


def build(path: Path, seed: int, people: int = 400) -> Store:
    rng = random.Random(seed)
    store = open_store(path)
    with write_transaction(store) as conn:
        n_batches = rng.randint(1, 9)
        for b in range(1, n_batches + 1):
            cost = rng.choice([None, 100.0, 333.33, 0.0])
            status = "done" if rng.random() < 0.85 else "undone"
            conn.execute(
                "INSERT INTO batches (id, file_name, content_hash, source, cost, mapping, options, "
                "started_at, finished_at, status, rows_read, new, matched, merged, rejected) "
                "VALUES (?, ?, ?, ?, ?, '[]', '{}', ?, ?, ?, ?, ?, ?, ?, ?)",
                (b, f"list-{b}.csv", f"h{b}", rng.choice(SOURCES), cost, iso(START),
                 iso(START), status, rng.randint(0, 500), 0, 0, rng.randint(0, 9),
                 rng.randint(0, 9)),
            )  # fmt: skip
        events: list[tuple[int, str, str, str]] = []
        for pid in range(1, people + 1):
            created = START + rng.randint(0, 150) * 86_400 + rng.choice([0, 1800, 82_800])
            today = rng.choice(STAGES)
            email = f"p{pid}@example.com" if rng.random() < 0.9 else None
            conn.execute(
                "INSERT INTO people (id, email, email_flags, phone, phone_flags, stage, "
                "created_at, updated_at, norm_version, first_batch_id, consent) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 2, ?, ?)",
                (pid, email, rng.choice([None, "invalid", "role"]),
                 rng.choice([None, f"+1415555{pid:04d}"]), rng.choice([None, "invalid"]),
                 today, iso(created), iso(created), rng.randint(1, n_batches),
                 rng.choice([None, "", "opt-in"])),
            )  # fmt: skip
            for b in rng.sample(range(1, n_batches + 1), rng.randint(0, min(4, n_batches))):
                role = "created" if rng.random() < 0.4 else "matched"
                conn.execute(
                    "INSERT INTO person_batches (person_id, batch_id, role) VALUES (?, ?, ?)",
                    (pid, b, role),
                )
            times: list[int] = []
            stage = rng.choice(STAGES)
            for _ in range(rng.choice([0, 0, 1, 2, 3, 5])):
                to = rng.choice(STAGES)
                ts = _time(rng, created, times)
                times.append(ts)
                detail = {"from": stage, "to": to, "reason": "test"}
                events.append((pid, iso(ts), "stage", json.dumps(detail)))
                stage = to
            if rng.random() < 0.3:
                events.append((pid, iso(created), "updated", "{}"))
            for i in range(rng.choice([0, 0, 0, 1, 2])):
                conn.execute(
                    "INSERT INTO activities (person_id, type, ts, detail, amount, currency, "
                    "created_at) VALUES (?, 'purchase', ?, ?, ?, ?, ?)",
                    (pid, created + rng.randint(0, 90) * 86_400, f"sale {i}",
                     rng.choice([100.01, 333.33, 19.99, -50.0, 1000.0]),
                     rng.choice(["EUR", "EUR", None, "USD"]), iso(START)),
                )  # fmt: skip
        rng.shuffle(events)  # written out of time order, as imports and undo leave them
        conn.executemany(
            "INSERT INTO events (person_id, at, kind, detail) VALUES (?, ?, ?, ?)", events
        )
        conn.execute("INSERT INTO settings (key, value) VALUES ('currency', 'EUR')")
        conn.execute(
            "INSERT INTO suppressions (kind, value, reason, created_at) "
            "SELECT 'email', email, 'unsubscribed', ? FROM people WHERE id % 23 = 0 "
            "AND email IS NOT NULL",
            (iso(START),),
        )
        if rng.random() < 0.5:
            conn.execute(
                "INSERT INTO source_costs (source, amount, set_at) VALUES ('Webinar', 1200, ?)",
                (iso(START),),
            )
    return store
