"""`leadtool dedupe`: listing, --json, --auto-merge, review decisions, the candidates file."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from leadtool.dedupe.score import Scored
from leadtool.dedupe.service import review
from leadtool.store.connection import open_store
from tests.conftest import Run, count, write_csv

Connect = Callable[[], sqlite3.Connection]

HEADER = ["First Name", "Last Name", "Email", "Phone", "Company", "City", "Country", "Title"]
ROWS = [
    [
        "Bob",
        "Smith",
        "bob.smith@gmail.com",
        "+1 415 555 0134",
        "ACME Inc.",
        "Boston",
        "US",
        "VP Marketing",
    ],
    [
        "Robert",
        "Smith",
        "rsmith@acme.example.com",
        "415-555-0134",
        "Acme Incorporated",
        "Boston",
        "US",
        "Vice President Marketing",
    ],
    ["Robert", "Smith", "rsmith@beta.example.com", "", "Beta LLC", "Boston", "US", "CTO"],
    ["José", "García", "jose.garcia@initech.example.com", "", "Initech SA", "Madrid", "ES", "CEO"],
    ["Jose", "Garcia", "jgarcia77@gmail.com", "", "=Initech", "Madrid", "ES", "CEO"],
    ["Jon", "Doe", "jdoe@hooli.example.com", "", "Hooli", "Austin", "US", ""],
    ["Jane", "Doe", "jane.doe@hooli.example.com", "", "Hooli", "Austin", "US", ""],
]
# ids follow the rows: Bob 1, Robert (Acme) 2, Robert (Beta) 3, José 4, Jose 5, Jon 6, Jane 7


def load(run: Run, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "leads.csv", [HEADER, *ROWS])
    result = run("import", str(path), "--source", "test", "--json")
    assert result.exit_code == 0, result.stderr


def dedupe_json(run: Run, *args: str) -> dict[str, object]:
    result = run("dedupe", "--json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def pairs(data: dict[str, object]) -> dict[tuple[int, int], dict[str, object]]:
    found = data["pairs"]
    assert isinstance(found, list)
    return {(p["a"], p["b"]): p for p in found}


def test_lists_likely_duplicates_with_reasons(run: Run, tmp_path: Path) -> None:
    load(run, tmp_path)
    result = run("dedupe")
    assert result.exit_code == 0, result.stderr
    assert "nickname" in result.stdout and "7 people" in result.stderr
    assert "7 people" not in result.stdout  # the pairs are the result; the summary a message
    found = pairs(dedupe_json(run))
    assert set(found) == {(1, 2), (4, 5)}
    bob = found[(1, 2)]
    assert float(bob["score"]) >= 0.9  # type: ignore[arg-type]
    assert "first names 'bob'≈'robert' (nickname)" in bob["reasons"]  # type: ignore[operator]
    assert "same phone" in bob["reasons"]  # type: ignore[operator]


def test_same_name_other_company_scores_low_and_says_why(run: Run, tmp_path: Path) -> None:
    load(run, tmp_path)
    everything = pairs(dedupe_json(run, "--min-score", "0"))
    robert = everything[(2, 3)]
    assert float(robert["score"]) < 0.1  # type: ignore[arg-type]
    assert "different companies 'acme'/'beta'" in robert["reasons"]  # type: ignore[operator]
    assert float(everything[(6, 7)]["score"]) < 0.1  # type: ignore[arg-type]


def test_where_limits_both_sides(run: Run, tmp_path: Path) -> None:
    load(run, tmp_path)
    assert set(pairs(dedupe_json(run, "--where", "country = ES"))) == {(4, 5)}
    bad = run("dedupe", "--where", "titel = x")
    assert bad.exit_code == 2 and "unknown field" in bad.stderr


def test_auto_merge_merges_at_threshold_and_is_idempotent(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    load(run, tmp_path)
    data = dedupe_json(run, "--auto-merge", "--threshold", "0.9")
    merged = data["auto_merge"]
    assert isinstance(merged, dict)
    assert [(m["kept_id"], m["merged_id"]) for m in merged["merged"]] == [(1, 2), (4, 5)]
    conn = db()
    assert count(conn, "people") == 5
    reason = conn.execute("SELECT reason FROM merges WHERE merged_id = 2").fetchone()[0]
    assert reason.startswith("dedupe: score 0.9") and "(nickname)" in reason
    emails = {r[0] for r in conn.execute("SELECT value FROM person_keys WHERE person_id = 1")}
    assert {"bob.smith@gmail.com", "rsmith@acme.example.com"} <= emails
    again = dedupe_json(run, "--auto-merge")
    assert again["pairs"] == [] and again["auto_merge"]["merged"] == []  # type: ignore[index]


def test_threshold_out_of_range_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    load(run, tmp_path)
    result = run("dedupe", "--threshold", "1.5")
    assert result.exit_code == 2 and "between 0 and 1" in result.stderr


def test_review_refuses_without_a_terminal(run: Run, db: Connect, tmp_path: Path) -> None:
    load(run, tmp_path)
    result = run("dedupe", "--review")
    assert result.exit_code == 2
    assert "--review needs a terminal" in result.stderr
    assert count(db(), "merges") == 0


def test_review_walks_pairs_and_remembers_not_the_same(run: Run, tmp_path: Path) -> None:
    load(run, tmp_path)
    store = open_store(Path(str(tmp_path / "store" / "leadtool.db")))
    answers = iter(["distinct", "merge"])
    found = [Scored(4, 5, 0.8, ("x",)), Scored(1, 2, 0.8, ("y",)), Scored(1, 3, 0.6, ("z",))]
    result = review(store, found, lambda pair, a, b: next(answers, "quit"))
    assert (result.distinct, len(result.merged)) == (1, 1)
    assert set(pairs(dedupe_json(run))) == set()  # 4-5 remembered, 1-2 merged


def export(run: Run, tmp_path: Path) -> Path:
    out = tmp_path / "candidates.csv"
    result = run("dedupe", "--export-candidates", str(out), "--min-score", "0.5")
    assert result.exit_code == 0, result.stderr
    assert "Candidates written" in result.stderr
    return out


def fill(path: Path, decisions: dict[tuple[str, str], str]) -> None:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    for row in rows[1:]:
        row[0] = decisions.get((row[2], row[3]), "")
    write_csv(path, rows)


def test_export_apply_round_trip(run: Run, db: Connect, tmp_path: Path) -> None:
    load(run, tmp_path)
    out = export(run, tmp_path)
    text = out.read_text(encoding="utf-8-sig")
    assert text.startswith("decision,score,id_a,id_b,reasons,name_a,name_b")
    assert "'=Initech" in text and ",=Initech" not in text  # formula-safe
    fill(out, {("1", "2"): "Merge", ("4", "5"): "not the same"})
    result = run("dedupe", "apply", str(out), "--json")
    assert result.exit_code == 0, result.stderr
    applied = json.loads(result.stdout)
    assert (len(applied["merged"]), applied["distinct"], applied["gone"]) == (1, 1, 0)
    conn = db()
    assert count(conn, "people") == 6
    assert conn.execute("SELECT a_id, b_id, source FROM dedupe_decisions").fetchall() == [
        (4, 5, "file")
    ]
    assert pairs(dedupe_json(run)) == {}  # neither pair is proposed again
    # The same file again: the merge's people are gone, reported and not crashed on.
    again = json.loads(run("dedupe", "apply", str(out), "--json").stdout)
    assert (len(again["merged"]), again["gone"]) == (0, 1)


def test_apply_names_file_row_and_column(run: Run, db: Connect, tmp_path: Path) -> None:
    load(run, tmp_path)
    out = export(run, tmp_path)
    fill(out, {("1", "2"): "merge", ("4", "5"): "perhaps"})
    result = run("dedupe", "apply", str(out))
    assert result.exit_code == 1
    assert f"{out}, row 3, column 'decision': not a decision" in result.stderr
    assert count(db(), "merges") == 0  # nothing applied
    write_csv(out, [["decision", "id_a", "id_b"], ["merge", "1", "x@y"]])
    result = run("dedupe", "apply", str(out))
    assert result.exit_code == 1 and "row 2, column 'id_b'" in result.stderr
    assert "x@y" not in result.stderr
    write_csv(out, [["decision", "a", "b"]])
    result = run("dedupe", "apply", str(out))
    assert result.exit_code == 1 and "no id_a, id_b column" in result.stderr


def test_forget_erases_decisions(run: Run, db: Connect, tmp_path: Path) -> None:
    load(run, tmp_path)
    out = export(run, tmp_path)
    fill(out, {("4", "5"): "no"})
    assert run("dedupe", "apply", str(out)).exit_code == 0
    forgotten = run("forget", "5", "--yes", "--json")
    assert forgotten.exit_code == 0, forgotten.stderr
    assert json.loads(forgotten.stdout)["erased"]["dedupe_decisions"] == 1
    assert count(db(), "dedupe_decisions") == 0


def test_cli_defaults_follow_the_library() -> None:
    from leadtool.cli import dedupe_cmd
    from leadtool.dedupe.score import DEFAULT_THRESHOLD, REVIEW_FLOOR

    assert (dedupe_cmd.THRESHOLD, dedupe_cmd.FLOOR) == (DEFAULT_THRESHOLD, REVIEW_FLOOR)
