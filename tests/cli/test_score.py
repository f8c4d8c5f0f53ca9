"""`leadtool score` and the cleanup's qualify step, run as a user runs them."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from leadtool.scoring.example import EXAMPLE_RULES
from tests.cli.test_import import import_json
from tests.conftest import Run, write_csv

Connect = Callable[[], sqlite3.Connection]

HEADER = ["First Name", "Last Name", "Email", "Title", "Country"]
ROWS = [
    ["Ana", "Lopez", "ana@acme.com", "CMO", "US"],
    ["Bo", "Chen", "bo@gmail.com", "Student", "DE"],
]


def seed(run: Run, tmp_path: Path, store: Path) -> Path:
    write_csv(tmp_path / "people.csv", [HEADER, *ROWS])
    import_json(run, str(tmp_path / "people.csv"))
    result = run("activity", "add", "ana@acme.com", "demo_request", "--at", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    rules = store.parent / "rules.toml"
    rules.write_text(EXAMPLE_RULES, encoding="utf-8")
    return rules


def test_score_summarises_on_stderr_and_json_on_stdout(
    run: Run, tmp_path: Path, isolated_store: Path, db: Connect
) -> None:
    seed(run, tmp_path, isolated_store)
    result = run("score", "--now", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Scored 2 people" in result.stderr and "Demo request makes an MQL" in result.stderr
    again = run("score", "--now", "2026-12-01", "--json")
    report = json.loads(again.stdout)
    assert (report["score_changed"], report["stage_changed"], report["status_changed"]) == (0, 0, 0)
    # Ana: CMO 20 + US 5 + demo 30; Bo: student -20, free mail -10, DE 5. Ana is an MQL now.
    rows = db().execute("SELECT person_id, score FROM scores ORDER BY person_id").fetchall()
    assert rows == [(1, 55.0), (2, -25.0)]
    assert db().execute("SELECT stage FROM people WHERE id = 1").fetchone() == ("mql",)


def test_the_scores_work_in_where_and_in_exports(
    run: Run, tmp_path: Path, isolated_store: Path
) -> None:
    seed(run, tmp_path, isolated_store)
    assert run("score", "--now", "2026-12-01").exit_code == 0
    listed = run("people", "list", "--where", "score >= 30 and status = active", "--json")
    assert [p["email"] for p in json.loads(listed.stdout)] == ["ana@acme.com"]
    out = tmp_path / "out.json"
    result = run(
        "export",
        "--where",
        "fit < 0",
        "--format",
        "json",
        "-o",
        str(out),
        "--columns",
        "email,score,fit,engagement,last_activity",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text()) == [
        {
            "email": "bo@gmail.com",
            "score": -25.0,
            "fit": -25.0,
            "engagement": 0.0,
            "last_activity": None,
        }
    ]


def test_people_show_explains_the_score(run: Run, tmp_path: Path, isolated_store: Path) -> None:
    seed(run, tmp_path, isolated_store)
    assert run("people", "show", "1").stdout.count("not scored yet") == 1
    assert run("score", "--now", "2026-12-01").exit_code == 0
    shown = run("people", "show", "1")
    assert "scoring: 55 = fit 25 + engagement 30" in shown.stdout
    assert "+30  Asked for a demo (1 x, 30)" in shown.stdout
    parts = json.loads(run("people", "show", "1", "--json").stdout)["scoring"]["parts"]
    assert sum(p["points"] for p in parts) == 55.0


def test_a_dry_run_writes_nothing(
    run: Run, tmp_path: Path, isolated_store: Path, db: Connect
) -> None:
    seed(run, tmp_path, isolated_store)
    result = run("score", "--dry-run", "--now", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    assert "would change" in result.stderr and "Dry run: nothing was written." in result.stderr
    assert db().execute("SELECT count(*) FROM scores").fetchone() == (0,)
    assert db().execute("SELECT stage FROM people WHERE id = 1").fetchone() == ("lead",)


def test_bad_rules_and_a_bad_clock_are_one_line_and_score_nobody(
    run: Run, tmp_path: Path, isolated_store: Path, db: Connect
) -> None:
    rules = seed(run, tmp_path, isolated_store)
    missing = run("score", "--rules", str(tmp_path / "nope.toml"))
    assert missing.exit_code == 1 and "no such rules file" in missing.stderr
    rules.write_text('[[fit]]\nname = "x"\nwhere = "titel = CMO"\npoints = 1\n')
    broken = run("score")
    assert broken.exit_code == 2
    assert f"{rules}:3:" in broken.stderr and "Traceback" not in broken.stderr
    clock = run("score", "--now", "someday")
    assert clock.exit_code == 2 and "--now" in clock.stderr
    assert db().execute("SELECT count(*) FROM scores").fetchone() == (0,)


def test_the_nightly_cleanup_scores_when_a_rules_file_exists(
    run: Run, tmp_path: Path, isolated_store: Path, db: Connect
) -> None:
    rules = seed(run, tmp_path, isolated_store)
    first = run("cleanup", "--only", "qualify", "--json")
    assert first.exit_code == 0, first.stderr
    step = json.loads(first.stdout)["steps"][0]
    assert (step["status"], step["counts"]["people"], step["counts"]["stage_changed"]) == (
        "ok",
        2,
        1,
    )
    second = json.loads(run("cleanup", "--only", "qualify", "--json").stdout)["steps"][0]
    assert second["counts"]["stage_changed"] == 0
    rules.write_text("[[fit]]\nname = 1\n")
    failed = run("cleanup", "--only", "qualify,maintain", "--json")
    assert failed.exit_code == 1
    steps = {s["step"]: s["status"] for s in json.loads(failed.stdout)["steps"]}
    assert steps == {"qualify": "failed", "maintain": "ok"}
    shutil.move(rules, tmp_path / "gone.toml")
    skipped = json.loads(run("cleanup", "--only", "qualify", "--json").stdout)["steps"][0]
    assert skipped["status"] == "skipped" and "no rules file" in skipped["message"]
