"""A merge takes the merged person's activity to the kept person; unmerge gives it back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tests.cli.test_dedupe import dedupe_json, load
from tests.cli.test_merges import everything
from tests.conftest import Run

Connect = Callable[[], sqlite3.Connection]


def add(run: Run, *args: str) -> None:
    result = run("activity", "add", *args)
    assert result.exit_code == 0, result.stderr


def test_merge_moves_activity_and_unmerge_restores_it(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    load(run, tmp_path)
    add(run, "1", "webinar", "--at", "2026-03-01", "--detail", "Q1 launch")
    add(run, "2", "webinar", "--at", "2026-03-01", "--detail", "Q1 launch")  # the same event
    add(run, "2", "download", "--at", "2026-03-02")
    add(run, "3", "call", "--at", "2026-03-03")
    before = everything(run, db, 1, 2, 3)
    dedupe_json(run, "--auto-merge")
    kept = json.loads(run("people", "show", "1", "--json").stdout)["activity"]
    assert [(a["type"], a["detail"]) for a in kept] == [("download", ""), ("webinar", "Q1 launch")]
    orphans = "SELECT count(*) FROM activities WHERE person_id NOT IN (SELECT id FROM people)"
    assert db().execute(orphans).fetchone() == (0,)
    assert run("unmerge", "1").exit_code == 0
    assert everything(run, db, 1, 2, 3) == before


def test_forgetting_the_kept_person_erases_what_the_merged_one_did(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    load(run, tmp_path)
    add(run, "2", "download", "--at", "2026-03-02", "--detail", "white paper")
    add(run, "3", "call", "--at", "2026-03-03")
    dedupe_json(run, "--auto-merge")
    assert run("forget", "1", "--yes").exit_code == 0
    assert db().execute("SELECT person_id, type FROM activities").fetchall() == [(3, "call")]
