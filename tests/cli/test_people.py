"""`people show`, `people list`, `stats`, `imports list/show`: output and JSON shapes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_import import import_json, people_file
from tests.conftest import Run


def test_people_show_by_email_phone_and_id(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)), "--source", "CMO search", "--tag", "cmo")
    for ref in ("JANE.DOE@example.com", "415 555 0134", "1"):
        result = run("people", "show", ref, "--json")
        assert result.exit_code == 0, (ref, result.stderr)
        person = json.loads(result.stdout)
        assert person["email"] == "jane.doe@example.com"
        assert person["tags"] == ["cmo"]
        assert person["sources"][0]["source"] == "CMO search"
    text = run("people", "show", "jane.doe@example.com")
    assert "CMO search" in text.stdout and text.stderr == ""


def test_people_show_unknown_is_one_line_error_without_data(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    result = run("people", "show", "ghost@example.com")
    assert result.exit_code == 1
    assert "ghost" not in result.stderr and result.stderr.count("\n") == 1


def test_people_list_and_stats(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)), "--source", "S1", "--cost", "30")
    listed = json.loads(run("people", "list", "--json", "--limit", "2").stdout)
    assert [p["id"] for p in listed] == [1, 2]
    stats = json.loads(run("stats", "--json").stdout)
    assert stats["people"] == 3 and stats["by_stage"] == {"lead": 3}
    assert stats["by_source"] == [{"source": "S1", "people": 3, "new": 3}]
    assert stats["cost_per_lead"] == {"S1": 10.0}
    assert stats["rejected_rows"] == 1
    assert stats["flags"].get("email:invalid") is None  # the invalid row was rejected


def test_imports_list_and_show(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)), "--source", "S1")
    listed = json.loads(run("imports", "list", "--json").stdout)
    assert listed[0]["file_name"] == "list.csv" and listed[0]["new"] == 3
    shown = json.loads(run("imports", "show", "1", "--json").stdout)
    assert ["E-mail", "email"] in shown["mapping"]
    assert run("imports", "show", "9").exit_code == 1


def test_reading_commands_on_a_missing_store(run: Run) -> None:
    result = run("people", "list")
    assert result.exit_code == 1 and "leadtool import" in result.stderr


def test_people_list_where(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)), "--source", "CMO search", "--tag", "q4")
    result = run("people", "list", "--where", "title ~ MARKETING or country = gb", "--json")
    assert result.exit_code == 0, result.stderr
    assert sorted(p["first_name"] for p in json.loads(result.stdout)) == ["Ann", "Bob"]
    tagged = run("people", "list", "--where", 'tag = Q4 and source = "CMO search"', "--json")
    assert len(json.loads(tagged.stdout)) == 3
    text = run("people", "list", "--where", "stage >= mql")
    assert "0 of 0 matching people" in text.stdout


def test_people_list_where_mistake_points_at_it(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    result = run("people", "list", "--where", "stage = lead and titel ~ cmo")
    assert result.exit_code == 2
    assert "unknown field 'titel'" in result.stderr and "column 18" in result.stderr
    assert result.stderr.count("\n") == 1


def test_stats_where_counts_only_the_selected_people(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)), "--source", "S1", "--cost", "30")
    assert run("stage", "set", "mql", "--where", "email = jane.doe@example.com").exit_code == 0
    stats = json.loads(run("stats", "--where", "stage >= mql", "--json").stdout)
    assert stats["where"] == "stage >= mql"
    assert stats["people"] == 1 and stats["by_stage"] == {"mql": 1}
    assert stats["by_source"] == [{"source": "S1", "people": 1, "new": 1}]
    assert stats["cost_per_lead"] == {"S1": 30.0}  # the cost per MQL
    assert stats["rejected_rows"] == 1  # imports and rejects stay store-wide
    text = run("stats", "--where", "stage >= mql")
    assert text.exit_code == 0 and "People: 1 matching --where" in text.stdout


def test_stats_where_mistake_is_one_line(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    result = run("stats", "--where", "stge = lead")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "stage" in result.stderr
