"""`leadtool merges list` and `leadtool unmerge`: every merge listed, undone exactly."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.cli.test_dedupe import dedupe_json, load, pairs
from tests.conftest import Run, count, write_csv

Connect = Callable[[], sqlite3.Connection]

TABLES = {
    "person_keys": "SELECT kind, value, batch_id FROM person_keys WHERE person_id = ?",
    "person_batches": "SELECT batch_id, role, rows FROM person_batches WHERE person_id = ?",
    "tags": "SELECT tag, batch_id, added_at FROM tags WHERE person_id = ?",
    "events": "SELECT id, batch_id, at, kind, detail FROM events WHERE person_id = ?",
    "import_rows": "SELECT batch_id, row_number, data FROM import_rows WHERE person_id = ?",
    "contacts": "SELECT count, last_at FROM contacts WHERE person_id = ?",
}


def everything(run: Run, db: Connect, *ids: int) -> dict[int, Any]:
    """Each person as `people show --json` gives it, plus their raw rows in every table."""
    conn = db()
    found: dict[int, Any] = {}
    for pid in ids:
        shown = run("people", "show", str(pid), "--json")
        assert shown.exit_code == 0, shown.stderr
        raw = {t: sorted(conn.execute(sql, (pid,)).fetchall()) for t, sql in TABLES.items()}
        row = conn.execute("SELECT * FROM people WHERE id = ?", (pid,)).fetchone()
        found[pid] = (json.loads(shown.stdout), raw, row)
    return found


def test_merges_list_shows_import_and_dedupe_merges(run: Run, tmp_path: Path) -> None:
    load(run, tmp_path)
    empty = run("merges", "list", "--json")
    assert empty.exit_code == 0 and json.loads(empty.stdout) == []
    assert "No merges yet" in run("merges", "list").stdout
    dedupe_json(run, "--auto-merge")
    listed = json.loads(run("merges", "list", "--json").stdout)
    assert [(m["id"], m["kept_id"], m["merged_id"], m["batch_id"]) for m in listed] == [
        (1, 1, 2, None),
        (2, 4, 5, None),
    ]
    assert listed[0]["reason"].startswith("dedupe: score") and listed[0]["undone_at"] is None
    table = run("merges", "list")
    assert table.exit_code == 0 and "dedupe" in table.stdout


def test_unmerge_restores_both_people_exactly(run: Run, db: Connect, tmp_path: Path) -> None:
    load(run, tmp_path)
    assert run("tag", "add", "vip", "--where", "email = 'rsmith@acme.example.com'").exit_code == 0
    assert run("tag", "add", "boston", "--where", "city = Boston").exit_code == 0
    path = write_csv(
        tmp_path / "more.csv", [["Email", "Title"], ["rsmith@acme.example.com", "VP Growth"]]
    )
    assert run("import", str(path), "--source", "second").exit_code == 0
    # Both were exported, person 2 twice: the merged person was contacted three times.
    assert run("export", "-o", str(tmp_path / "all.csv")).exit_code == 0
    only = run("export", "--where", "email = 'rsmith@acme.example.com'", "-o", "-")
    assert only.exit_code == 0, only.stderr
    before = everything(run, db, 1, 2)
    assert (before[1][0]["contacted_count"], before[2][0]["contacted_count"]) == (1, 2)
    dedupe_json(run, "--auto-merge")
    assert run("people", "show", "2").exit_code == 1  # merged away
    merged_show = json.loads(run("people", "show", "1", "--json").stdout)
    assert merged_show["history"][-1]["kind"] == "merged"
    assert "vip" in merged_show["tags"]
    assert merged_show["contacted_count"] == 3
    assert merged_show["last_contacted"] == before[2][0]["last_contacted"]
    result = run("unmerge", "1", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["restored_id"] == 2
    assert everything(run, db, 1, 2) == before
    listed = json.loads(run("merges", "list", "--json").stdout)
    assert listed[0]["undone_at"] is not None
    # Not proposed (or auto-merged) again.
    assert (1, 2) not in pairs(dedupe_json(run, "--auto-merge"))
    assert count(db(), "people") == 6  # 4-5 merged again? no: it was never undone


def test_unmerge_refusals(run: Run, db: Connect, tmp_path: Path) -> None:
    load(run, tmp_path)
    assert run("unmerge", "9").exit_code == 1
    dedupe_json(run, "--auto-merge")
    assert run("stage", "set", "mql", "--where", "email = 'bob.smith@gmail.com'").exit_code == 0
    changed = run("unmerge", "1")
    assert changed.exit_code == 1 and "changed after merge 1" in changed.stderr
    assert "--force" in changed.stderr and count(db(), "people") == 5
    assert run("unmerge", "1", "--force").exit_code == 0
    again = run("unmerge", "1")
    assert again.exit_code == 1 and "already undone" in again.stderr


def test_unmerge_when_the_kept_person_was_forgotten(run: Run, tmp_path: Path) -> None:
    load(run, tmp_path)
    dedupe_json(run, "--auto-merge")
    assert run("forget", "4", "--yes").exit_code == 0
    listed = json.loads(run("merges", "list", "--json").stdout)
    assert [m["id"] for m in listed] == [1]  # the forgotten person's merge is erased too
    assert run("unmerge", "2").exit_code == 1


def test_unmerge_an_import_merge(run: Run, db: Connect, tmp_path: Path) -> None:
    first = write_csv(
        tmp_path / "a.csv",
        [
            ["Name", "Email", "Company"],
            ["Ann Lee", "ann@x.example.com", "X"],
            ["A. Lee", "al@y.example.com", "Y"],
        ],
    )
    assert run("import", str(first), "--source", "a").exit_code == 0
    assert run("export", "--where", "company = Y", "-o", "-").exit_code == 0
    before = everything(run, db, 1, 2)
    assert before[2][0]["contacted_count"] == 1
    both = write_csv(
        tmp_path / "b.csv", [["Name", "Email"], ["Ann Lee", "ann@x.example.com al@y.example.com"]]
    )
    assert run("import", str(both), "--source", "b").exit_code == 0
    listed = json.loads(run("merges", "list", "--json").stdout)
    assert [(m["kept_id"], m["merged_id"], m["batch_id"]) for m in listed] == [(1, 2, 2)]
    merged = json.loads(run("people", "show", "1", "--json").stdout)
    assert merged["contacted_count"] == 1  # the import's merge keeps who was contacted
    result = run("unmerge", str(listed[0]["id"]), "--force")
    assert result.exit_code == 0, result.stderr
    after = everything(run, db, 1, 2)
    assert after[2] == before[2]
    # Person 1 keeps what the second import brought it (its source), nothing of person 2.
    assert "al@y.example.com" not in json.dumps(after[1][0]["emails"])


def test_unmerge_a_merge_recorded_before_the_contacts_table(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    """Snapshots written before migration 0006 hold the counters on the person."""
    load(run, tmp_path)
    dedupe_json(run, "--auto-merge")
    conn = db()
    (snap,) = conn.execute("SELECT merged_before FROM merges WHERE id = 1").fetchone()
    legacy = json.loads(snap)
    del legacy["contacts"]
    legacy["person"].update(contacted_count=4, last_contacted="2026-01-05T00:00:00Z")
    with conn:
        conn.execute("UPDATE merges SET merged_before = ? WHERE id = 1", (json.dumps(legacy),))
    assert run("unmerge", "1").exit_code == 0
    restored = json.loads(run("people", "show", "2", "--json").stdout)
    assert (restored["contacted_count"], restored["last_contacted"]) == (
        4,
        "2026-01-05T00:00:00Z",
    )


def test_exports_after_a_merge_stay_counted_when_it_is_undone(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    """Undercounting would let a contact cap be passed: the kept person keeps the exports
    made since the merge, the merged person gets back its own count."""
    load(run, tmp_path)
    assert run("export", "--where", "company ~ acme", "-o", str(tmp_path / "a.csv")).exit_code == 0
    before = everything(run, db, 1, 2)
    dedupe_json(run, "--auto-merge")
    assert run("export", "--where", "company ~ acme", "-o", str(tmp_path / "b.csv")).exit_code == 0
    merged = json.loads(run("people", "show", "1", "--json").stdout)
    assert merged["contacted_count"] == 3  # 1 + 1 before, 1 since
    assert run("unmerge", "1").exit_code == 0  # an export is not a change of the person
    after = everything(run, db, 1, 2)
    assert (after[1][0]["contacted_count"], after[2][0]["contacted_count"]) == (2, 1)
    assert after[1][0]["last_contacted"] == merged["last_contacted"]
    assert after[2][0]["last_contacted"] == before[2][0]["last_contacted"]
