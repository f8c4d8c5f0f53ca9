"""`leadtool rules init` and `leadtool rules check` (issue 16): exit codes, streams, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadtool.errors import RulesError
from leadtool.scoring import load_rules
from leadtool.scoring.example import EXAMPLE_RULES
from leadtool.scoring.rules import parse_rules
from tests.conftest import Run

BROKEN = """\
[[fit]]
name = "Leader"
where = 'titel ~ CMO'
points = 20

[[engagement]]
name = "Leader"
activity = "webinar"
points = 5
half_life_days = 30
window_days = 60
"""


def test_init_writes_the_example_beside_the_store(run: Run, isolated_store: Path) -> None:
    result = run("rules", "init")
    rules = isolated_store.parent / "rules.toml"
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"Wrote {rules}: 10 fit rules, 4 engagement rules, 3 triggers" in result.stderr
    assert rules.read_text(encoding="utf-8") == EXAMPLE_RULES
    assert not isolated_store.exists(), "init needs no store and makes none"


def test_init_makes_the_store_folder_owner_only(run: Run, isolated_store: Path) -> None:
    # The store makes its folder 0700 only when it does not exist yet: init must not
    # leave it more open than the store would.
    assert not isolated_store.parent.exists()
    assert run("rules", "init").exit_code == 0
    assert isolated_store.parent.stat().st_mode & 0o777 == 0o700


def test_the_example_init_writes_passes_check(run: Run, isolated_store: Path) -> None:
    assert run("rules", "init").exit_code == 0
    result = run("rules", "check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "no mistakes; 10 fit rules, 4 engagement rules, 3 triggers." in result.stderr


def test_init_never_overwrites_without_force(run: Run, tmp_path: Path) -> None:
    mine, other = tmp_path / "rules.toml", tmp_path / "other.toml"
    mine.write_text("# my own rules\n", encoding="utf-8")
    other.write_text("# not touched\n", encoding="utf-8")
    result = run("rules", "init", str(mine))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: {mine}: already exists; leadtool rules init --force replaces it"
    )
    assert mine.read_text(encoding="utf-8") == "# my own rules\n"
    assert other.read_text(encoding="utf-8") == "# not touched\n"


def test_init_force_replaces_that_file_only(run: Run, tmp_path: Path) -> None:
    mine, other = tmp_path / "rules.toml", tmp_path / "other.toml"
    mine.write_text("# my own rules\n", encoding="utf-8")
    other.write_text("# not touched\n", encoding="utf-8")
    result = run("rules", "init", str(mine), "--force")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Replaced {mine}:")
    assert mine.read_text(encoding="utf-8") == EXAMPLE_RULES
    assert other.read_text(encoding="utf-8") == "# not touched\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.toml", "rules.toml"]


def test_leadtool_rules_names_the_file_and_an_argument_wins(
    run: Run, tmp_path: Path, isolated_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_env, by_arg = tmp_path / "env.toml", tmp_path / "arg.toml"
    monkeypatch.setenv("LEADTOOL_RULES", str(by_env))
    assert run("rules", "init").exit_code == 0
    assert by_env.is_file() and not (isolated_store.parent / "rules.toml").exists()
    by_arg.write_text(BROKEN, encoding="utf-8")
    assert run("rules", "check").exit_code == 0
    assert run("rules", "check", str(by_arg)).exit_code == 2


def test_check_prints_every_mistake_as_file_line_col(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(BROKEN, encoding="utf-8")
    result = run("rules", "check", str(path))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:3:10: bad where: unknown field 'titel' (did you mean 'title'?); fields are: "
        + result.stdout.splitlines()[0].split("fields are: ", 1)[1],
        f"{path}:7:8: duplicate rule name 'Leader' (first at line 2)",
        f"{path}:11:1: a rule has a decay (half_life_days) or a window (window_days), not both",
    ]
    assert result.stderr.strip() == (
        f"{path}: 3 mistakes; nothing is scored with this file until they are fixed."
    )


def test_check_json(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(BROKEN, encoding="utf-8")
    result = run("rules", "check", str(path), "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["file"] == str(path) and data["ok"] is False
    assert [(p["line"], p["col"]) for p in data["problems"]] == [(3, 10), (7, 8), (11, 1)]


def test_check_of_a_missing_file_says_how_to_make_one(run: Run, isolated_store: Path) -> None:
    result = run("rules", "check")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {isolated_store.parent / 'rules.toml'}: no such rules file "
        "(leadtool rules init writes an example)"
    )
    assert "Traceback" not in result.stderr


def test_check_of_a_file_not_utf8(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_bytes(b"# r\xe8gles\n")
    result = run("rules", "check", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {path}: not UTF-8 text (byte 4)"


def test_nothing_loads_from_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith(f"{path} has 3 mistakes, so nothing is scored with it")
    assert caught.value.lines[1] == f"{path}:7:8: duplicate rule name 'Leader' (first at line 2)"


def test_the_readmes_example_rules_pass_check() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Scoring rules", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    check = parse_rules(block, "README.md")
    assert check.problems == ()
    assert check.rules is not None and len(check.rules.triggers) == 1
