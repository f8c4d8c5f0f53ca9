"""Worker processes change how fast an import runs, never what it stores."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from leadtool.store.people_table import PEOPLE_COLUMNS
from tests.conftest import Run, write_csv

UNTIMED = [c for c in PEOPLE_COLUMNS if c not in ("created_at", "updated_at", "stage_changed_at")]
STORED = [
    f"SELECT {', '.join(UNTIMED)} FROM people ORDER BY id",
    "SELECT kind, value, person_id, batch_id FROM person_keys ORDER BY 1, 2, 3",
    "SELECT * FROM person_batches ORDER BY 1, 2",
    "SELECT person_id, batch_id, kind, detail FROM events ORDER BY id",
    "SELECT * FROM import_rows ORDER BY 1, 2",
    "SELECT batch_id, row_number, reason, data FROM rejects ORDER BY id",
    "SELECT person_id, tag, batch_id FROM tags ORDER BY 1, 2",
    "SELECT kept_id, merged_id, reason FROM merges ORDER BY id",
    "SELECT kind, value, reason FROM suppressions ORDER BY id",
]


def messy_list(path: Path, rows: int, seed: int) -> Path:
    """Few distinct emails, phones and profiles: rows keep meeting people seen before."""
    rnd = random.Random(seed)
    emails = [f"p{i}@ex{i % 5}.example.com" for i in range(rows // 4)] + ["info@acme.example.com"]
    phones = [f"+1 415 555 {1000 + i:04d}" for i in range(rows // 5)] + ["020 7946 0958"]
    profiles = [f"linkedin.com/in/p{i}" for i in range(rows // 5)]
    names = [("Jo", "Ray"), ("Ann", "Lee"), ("", ""), ("Mia", "")]
    header = ["Email", "Phone", "LinkedIn", "First Name", "Last Name", "Company", "Lifecycle Stage"]
    header += ["Tags", "Team", "Unsubscribed", "Country"]
    body = []
    for _ in range(rows):
        email = rnd.choice(emails) if rnd.random() < 0.7 else ""
        email = email.upper() if rnd.random() < 0.2 else email
        email = "not-an-email" if rnd.random() < 0.05 else email
        first, last = rnd.choice(names)
        body.append(
            [
                email,
                rnd.choice(phones) if rnd.random() < 0.5 else "",
                rnd.choice(profiles) if rnd.random() < 0.3 else "",
                first,
                last,
                rnd.choice(["Acme", "Globex", ""]),
                rnd.choice(["", "lead", "mql", "customer", "subscriber"]),
                rnd.choice(["", "vip", "a;b"]),
                rnd.choice(["", "red", "blue"]),
                "yes" if rnd.random() < 0.03 else "",
                rnd.choice(["", "US", "GB", "Germany", "Atlantis"]),
            ]
        )
    return write_csv(path, [header, *body])


def stored(db: Path) -> list[list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        return [conn.execute(query).fetchall() for query in STORED]


def test_two_workers_store_what_one_process_stores(tmp_path: Path, run: Run) -> None:
    files = [messy_list(tmp_path / f"list{i}.csv", 600, seed=i) for i in range(3)]
    imports = [(files[0], []), (files[1], ["--on-conflict", "update", "--tag", "fair"])]
    imports.append((files[2], ["--stage", "mql"]))
    for workers in ("0", "2"):
        db = tmp_path / f"store{workers}.db"
        for path, options in imports:
            result = run("--db", str(db), "import", str(path), "--workers", workers, *options)
            assert result.exit_code == 0, result.output
            assert "already imported" not in result.output
    inline, parallel = stored(tmp_path / "store0.db"), stored(tmp_path / "store2.db")
    people, _, _, events, _, rejects, tags, merges, suppressions = parallel
    kinds = {kind for _, _, kind, _ in events}
    assert people and rejects and tags and merges and suppressions  # every path was taken
    assert {"updated", "conflict", "stage"} <= kinds
    assert parallel == inline
