"""`stage set` and `tag add|remove`: who changes, history, dry runs, backward moves."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tests.cli.test_import import import_json, people_file
from tests.conftest import Run, count

Connect = Callable[[], sqlite3.Connection]


def stages(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT first_name, stage FROM people"))


def test_stage_set_moves_people_and_records_history(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    result = run("stage", "set", "MQL", "--where", "country = US", "--reason", "demo", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "action": "stage set mql",
        "matched": 2,
        "changed": 2,
        "backwards": 0,
        "dry_run": False,
    }
    assert stages(db()) == {"Jane": "mql", "Bob": "lead", "Ann": "mql"}
    shown = json.loads(run("people", "show", "ann@example.net", "--json").stdout)
    assert shown["history"][-1]["detail"] == {"from": "lead", "to": "mql", "reason": "demo"}
    again = json.loads(run("stage", "set", "mql", "--where", "country = US", "--json").stdout)
    assert again["changed"] == 0  # running it twice changes nothing


def test_moving_back_is_allowed_and_said(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)), "--stage", "customer")
    result = run("stage", "set", "lead", "--where", "name ~ jane", "--reason", "new product")
    assert result.exit_code == 0
    assert "1 moved back down the funnel" in result.stderr
    assert stages(db())["Jane"] == "lead"


def test_dry_run_changes_nothing(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    before = count(db(), "events")
    result = run("stage", "set", "sql", "--where", "company is not empty", "--dry-run")
    assert "would change 3" in result.stderr and "nothing written" in result.stderr
    assert set(stages(db()).values()) == {"lead"} and count(db(), "events") == before
    tagged = run("tag", "add", "vip", "--where", "company is not empty", "--dry-run")
    assert "would change 3" in tagged.stderr and count(db(), "tags") == 0


def test_tag_add_and_remove(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    added = json.loads(
        run("tag", "add", "vip", "--where", "title ~ chief or title ~ cmo", "--json").stdout
    )
    assert (added["matched"], added["changed"]) == (1, 1)
    listed = json.loads(run("people", "list", "--where", "tag = VIP", "--json").stdout)
    assert [p["first_name"] for p in listed] == ["Jane"]
    removed = json.loads(run("tag", "remove", "vip", "--where", "tag = vip", "--json").stdout)
    assert removed["changed"] == 1 and count(db(), "tags") == 0
    kinds = [r[0] for r in db().execute("SELECT detail FROM events WHERE kind = 'tag'")]
    assert [json.loads(k) for k in kinds] == [{"added": "vip"}, {"removed": "vip"}]


def test_usage_errors(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    for args in (
        ("stage", "set", "hot", "--where", "country = US"),
        ("stage", "set", "mql"),
        ("tag", "add", "x", "--where", "stage = warm"),
        ("tag", "add", " ", "--where", "country = US"),
    ):
        result = run(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("Error:") and result.stderr.count("\n") == 1, args


def test_tags_ignore_case(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)), "--tag", "VIP")
    again = json.loads(run("tag", "add", "vip", "--where", "country = US", "--json").stdout)
    assert again["changed"] == 0
    gone = json.loads(run("tag", "remove", "Vip", "--where", "country = GB", "--json").stdout)
    assert gone["changed"] == 1 and count(db(), "tags") == 2
