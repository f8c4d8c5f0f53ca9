"""`segment save|list|show|delete`: saved filters, live counts, names, errors, the migration."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leadtool.store.connection import open_store
from leadtool.store.migrations import MIGRATIONS
from tests.cli.test_import import import_json, people_file
from tests.conftest import Run, count

Connect = Callable[[], sqlite3.Connection]


def run_json(run: Run, *args: str) -> Any:
    result = run("segment", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def segments(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    return list(conn.execute("SELECT name, expr, description FROM segments ORDER BY id"))


def test_save_list_show_delete(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    saved = run_json(run, "save", "US people", "--where", "country = US", "--description", "NA")
    assert saved["created_at"] == saved["updated_at"] and saved["created_at"].endswith("Z")
    assert {k: v for k, v in saved.items() if not k.endswith("_at")} == {
        "status": "saved",
        "name": "US people",
        "expr": "country = US",
        "description": "NA",
        "matching": 2,
    }
    assert segments(db()) == [("US people", "country = US", "NA")]
    listed = run_json(run, "list")
    assert [(s["name"], s["matching"], s["error"]) for s in listed] == [("US people", 2, None)]
    shown = run_json(run, "show", "US people", "--limit", "1")
    assert (shown["name"], shown["expr"], shown["matching"]) == ("US people", "country = US", 2)
    assert [p["first_name"] for p in shown["people"]] == ["Jane"]
    assert set(shown["people"][0]) == {
        "id",
        "first_name",
        "last_name",
        "email",
        "phone",
        "company",
        "title",
        "country",
        "stage",
        "first_source",
        "emails",
        "phones",
    }
    deleted = run_json(run, "delete", "US people")
    assert (deleted["status"], deleted["name"], deleted["expr"]) == (
        "deleted",
        "US people",
        "country = US",
    )
    assert count(db(), "segments") == 0 and count(db(), "people") == 3
    assert run_json(run, "list") == []


def test_messages_go_to_stderr_and_results_to_stdout(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    saved = run("segment", "save", "marketers", "--where", "title ~ marketing or title ~ cmo")
    assert saved.exit_code == 0 and saved.stdout == ""
    assert saved.stderr == "saved segment 'marketers': 2 people match now.\n"
    listed = run("segment", "list")
    assert listed.stderr == "" and "marketers" in listed.stdout and "title ~ cmo" in listed.stdout
    shown = run("segment", "show", "marketers")
    assert shown.exit_code == 0 and shown.stderr == ""
    assert "2 people match now; the first 2:" in shown.stdout
    assert "Jane Doe" in shown.stdout and "Ann Lee" in shown.stdout and "Bob" not in shown.stdout
    gone = run("segment", "delete", "marketers")
    assert (gone.stdout, gone.stderr) == ("", "deleted segment 'marketers'.\n")
    assert run("segment", "list").stdout.startswith("No segments yet")


def test_counts_are_live(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    run_json(run, "save", "marketing", "--where", "title ~ marketing")
    run_json(run, "save", "uk", "--where", "country = GB")
    before = {s["name"]: s["matching"] for s in run_json(run, "list")}
    assert before == {"marketing": 1, "uk": 1}
    more = [
        ["Zoe", "Park", "zoe@example.com", "", "Umbrella", "Marketing Director", "US"],
        ["Max", "Hill", "max@example.co.uk", "", "Wonka", "VP Marketing", "UK"],
    ]
    import_json(run, str(people_file(tmp_path, more, "more.csv")))
    after = {s["name"]: s["matching"] for s in run_json(run, "list")}
    assert after == {"marketing": 3, "uk": 2}
    shown = run_json(run, "show", "marketing")
    assert [p["first_name"] for p in shown["people"]] == ["Ann", "Zoe", "Max"]


def test_bad_expression_is_refused_and_nothing_saved(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    result = run("segment", "save", "typo", "--where", "titel ~ cmo", "--json")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: --where: unknown field 'titel' (did you mean 'title'?)")
    assert result.stderr.count("\n") == 1
    missing = run("segment", "save", "everyone")
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: --where is required")
    run_json(run, "save", "typo", "--where", "title ~ cmo")
    again = run("segment", "save", "typo", "--where", "stage = warm")
    assert again.exit_code == 2
    assert segments(db()) == [("typo", "title ~ cmo", None)]  # the old one is left as it was


@pytest.mark.parametrize("name", ["", "   ", "a/b", "semi;colon", "quote'd", "x" * 65])
def test_bad_names_are_refused(run: Run, db: Connect, tmp_path: Path, name: str) -> None:
    import_json(run, str(people_file(tmp_path)))
    result = run("segment", "save", name, "--where", "country = US")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "is not a segment name" in result.stderr
    assert count(db(), "segments") == 0


@pytest.mark.parametrize("name", ["Q3 2026_list-v1.2", "Müller Kunden", "x" * 64, "7"])
def test_good_names_are_kept_as_typed(run: Run, db: Connect, tmp_path: Path, name: str) -> None:
    import_json(run, str(people_file(tmp_path)))
    assert run_json(run, "save", f"  {name} ", "--where", "country = US")["name"] == name
    assert segments(db()) == [(name, "country = US", None)]


def test_saving_a_name_again_replaces_it(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    run_json(run, "save", "Hot Leads", "--where", "country = US", "--description", "hot")
    with db() as conn:
        conn.execute("UPDATE segments SET created_at = '2020-01-02T03:04:05Z'")
    updated = run_json(run, "save", "hot  LEADS", "--where", "country = GB")
    assert (updated["status"], updated["name"], updated["matching"]) == ("updated", "Hot Leads", 1)
    assert updated["created_at"] == "2020-01-02T03:04:05Z"
    assert updated["updated_at"] > updated["created_at"]
    assert segments(db()) == [("Hot Leads", "country = GB", "hot")]  # description kept
    cleared = run_json(run, "save", "HOT LEADS", "--where", "country = GB", "--description", "")
    assert cleared["description"] is None and count(db(), "segments") == 1


def test_names_ignore_case(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    run_json(run, "save", "Hot Leads", "--where", "name ~ jane")
    shown = run_json(run, "show", "HOT LEADS")
    assert (shown["name"], shown["matching"]) == ("Hot Leads", 1)
    assert run_json(run, "show", " hot   leads ")["matching"] == 1
    run_json(run, "save", "Müller Kunden", "--where", "country = US")
    again = run_json(run, "save", "MÜLLER KUNDEN", "--where", "country = GB")
    assert (again["status"], again["name"], again["matching"]) == ("updated", "Müller Kunden", 1)
    assert run_json(run, "delete", "müller kunden")["expr"] == "country = GB"
    assert run_json(run, "delete", "hot leads")["name"] == "Hot Leads"
    assert count(db(), "segments") == 0


def test_unknown_names_list_what_exists(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    empty = run("segment", "show", "nope")
    assert empty.exit_code == 1
    assert empty.stderr.startswith("Error: no segment named 'nope'; none is saved yet")
    for i in range(12):
        run_json(run, "save", f"seg {i:02d}", "--where", f"contacted_count = {i}")
    for command in ("show", "delete"):
        result = run("segment", command, "nope", "--json")
        assert result.exit_code == 1 and result.stdout == ""
        listed = ", ".join(f"seg {i:02d}" for i in range(10))
        assert result.stderr == (
            f"Error: no segment named 'nope'; segments are: {listed} and 2 more\n"
        )
    assert count(db(), "segments") == 12


def test_a_stored_expression_that_no_longer_compiles(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    run_json(run, "save", "good", "--where", "country = US")
    run_json(run, "save", "stale", "--where", "title ~ cmo")
    with db() as conn:  # as if a field were renamed by a later leadtool
        conn.execute("UPDATE segments SET expr = 'titel ~ cmo' WHERE name = 'stale'")
    listed = {s["name"]: (s["matching"], s["error"]) for s in run_json(run, "list")}
    assert listed["good"] == (2, None)
    matching, error = listed["stale"]
    assert matching is None and error.startswith("--where: unknown field 'titel'")
    plain = run("segment", "list")
    assert plain.exit_code == 0 and "error: --where: unknown field 'titel'" in plain.stdout
    shown = run("segment", "show", "stale")
    assert shown.exit_code == 2
    assert shown.stderr.startswith("Error: segment 'stale' no longer works (--where: unknown")
    assert run_json(run, "delete", "stale")["expr"] == "titel ~ cmo"


def test_preview_prints_cells_as_data(run: Run, tmp_path: Path) -> None:
    odd = [["Kim", "Lo", "kim@example.com", "", "[bold]Acme[/]", "[/x] CMO", "US"]]
    import_json(run, str(people_file(tmp_path, odd)))
    run_json(run, "save", "odd", "--where", "company ~ acme")
    shown = run("segment", "show", "odd")
    assert shown.exit_code == 0, shown.stderr
    assert "[bold]Acme[/]" in shown.stdout and "[/x] CMO" in shown.stdout


def test_show_limit(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    run_json(run, "save", "all", "--where", "created is not empty")
    none = run_json(run, "show", "all", "--limit", "0")
    assert (none["matching"], none["people"]) == (3, [])
    names = [p["first_name"] for p in run_json(run, "show", "all")["people"]]
    assert names == ["Jane", "Bob", "Ann"]


def test_an_older_store_gets_segments_on_open(
    run: Run, isolated_store: Path, tmp_path: Path
) -> None:
    import_json(run, str(people_file(tmp_path)))
    with sqlite3.connect(isolated_store) as conn:  # as leadtool 0.1 left it: only 0001
        conn.execute("DELETE FROM _migrations WHERE name = '0002_segments'")
        conn.execute("DROP TABLE segments")
    conn.close()
    store = open_store(isolated_store, create=False)
    names = [r[0] for r in store.conn.execute("SELECT name FROM _migrations ORDER BY name")]
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    store.close()
    assert names == [m.name for m in MIGRATIONS]
    assert "segments" in tables
    assert run_json(run, "save", "us", "--where", "country = US")["matching"] == 2
