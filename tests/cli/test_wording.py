"""Messages in plain words (issue 20, items 21 and 25): counts that agree with their noun,
no Python dicts or None on screen, every flag counted, and a --format that contradicts the
file name refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_import import import_json
from tests.conftest import Run, write_csv

HEADER = ["First Name", "Last Name", "Email", "Company", "Country", "Opt-in", "Consent Date"]


def one_person(run: Run, tmp_path: Path) -> Path:
    rows = [HEADER, ["Jane", "Doe", "jane@example.com", "Acme", "Atlantis", "", "someday"]]
    path = write_csv(tmp_path / "one.csv", rows)
    import_json(run, str(path), "--source", "S1")
    return path


@pytest.mark.parametrize(
    ("fmt", "name"), [("xlsx", "x.csv"), ("csv", "x.xlsx"), ("json", "x.jsonl")]
)
def test_a_format_that_contradicts_the_file_name_is_refused(
    run: Run, tmp_path: Path, fmt: str, name: str
) -> None:
    one_person(run, tmp_path)
    result = run("export", "--format", fmt, "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: --format {fmt} does not match the file name {name}")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / name).exists()


def test_a_format_the_file_name_does_not_contradict_is_written(run: Run, tmp_path: Path) -> None:
    one_person(run, tmp_path)
    for fmt, name in (("xlsx", "list.xlsx"), ("csv", "list.txt"), ("jsonl", "list.ndjson")):
        result = run("export", "--format", fmt, "-o", str(tmp_path / name), "--no-record")
        assert result.exit_code == 0, result.stderr
        assert (tmp_path / name).exists()


@pytest.mark.parametrize(
    "args",
    [
        ("suppress", "add", "nosuch.csv", "--reason", "bounced"),
        ("suppress", "add", "exports/nosuch", "--reason", "bounced"),
        ("dedupe", "apply", "nosuch.csv"),
        ("import", "nosuch.csv"),
    ],
    ids=["suppress-csv", "suppress-path", "dedupe-apply", "import"],
)
def test_a_missing_file_is_named_and_said_to_be_missing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    one_person(run, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    name = next(a for a in args if "nosuch" in a)
    assert result.exit_code == 1, result.stderr
    assert result.stderr == f"Error: {name}: does not exist: check the file name and folder\n"


def test_a_folder_given_as_a_file_is_said_to_be_a_folder(run: Run, tmp_path: Path) -> None:
    one_person(run, tmp_path)
    for args in (
        ("suppress", "add", str(tmp_path), "--reason", "bounced"),
        ("dedupe", "apply", str(tmp_path)),
    ):
        result = run(*args)
        assert result.exit_code == 1 and "is a folder, not a file" in result.stderr, result.stderr


def test_a_mistyped_value_is_not_echoed(run: Run, tmp_path: Path) -> None:
    one_person(run, tmp_path)
    result = run("suppress", "add", "jane@@example", "--reason", "bounced")
    assert result.exit_code == 2 and "jane" not in result.stderr
    assert "is not a file, an email, a phone or a domain" in result.stderr


def test_db_may_come_after_the_command(run: Run, tmp_path: Path, isolated_store: Path) -> None:
    other = tmp_path / "other" / "leads.db"
    path = write_csv(
        tmp_path / "one.csv", [HEADER, ["Jane", "Doe", "jane@example.com", "", "", "", ""]]
    )
    imported = run("import", str(path), "--db", str(other), "--json")
    assert imported.exit_code == 0, imported.stderr
    assert other.exists() and not isolated_store.exists()  # written where --db said, only there
    listed = run("people", "list", "--db", str(other))
    assert listed.exit_code == 0, listed.stderr
    assert "jane@example.com" in listed.stdout
    assert run("people", "list", f"--db={other}").exit_code == 0
    assert run("--db", str(other), "people", "list").exit_code == 0
    nowhere = run("people", "list", "--db", str(tmp_path / "none.db"))
    assert nowhere.exit_code == 1 and "leadtool import" in nowhere.stderr


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        (["people", "list", "--db", "x.db"], ["--db", "x.db", "people", "list"]),
        (
            ["people", "list", "--db=x.db", "--limit", "2"],
            ["--db=x.db", "people", "list", "--limit", "2"],
        ),
        (["--db", "x.db", "stats"], ["--db", "x.db", "stats"]),
        (["suppress", "add", "--", "--db", "x"], ["suppress", "add", "--", "--db", "x"]),
        (["people", "list", "--db"], ["people", "list", "--db"]),  # click says it needs a value
    ],
)
def test_hoist_db(typed: list[str], parsed: list[str]) -> None:
    from leadtool.cli.context import hoist_db

    assert hoist_db(typed) == parsed


def test_stats_counts_every_flag_an_import_reported(run: Run, tmp_path: Path) -> None:
    header = [*HEADER, "Phone", "LinkedIn", "Website", "Lifecycle Stage"]
    odd = [
        ["Jane", "Doe", "info@example.com", "Acme", "Atlantis", "yes", "someday"],
        ["Ann", "Lee", "ann@mailinator.com", "Initech", "US", "", ""],
    ]
    extra = [["4.15555E+09", "linkedin.com/company/x", "not a site", "Wizard"], ["", "", "", ""]]
    path = write_csv(
        tmp_path / "odd.csv", [header, *(a + b for a, b in zip(odd, extra, strict=True))]
    )
    report = import_json(run, str(path))
    flags = report["flags"]
    assert isinstance(flags, dict)
    assert {"country:unknown", "consent_at:unparsed"} <= set(flags)
    stats = run("stats", "--json")
    import json

    assert json.loads(stats.stdout)["flags"] == flags
    text = run("stats").stdout
    for flag in flags:
        assert flag in text


@pytest.mark.parametrize(
    ("n", "one", "many", "said"),
    [
        (0, "row", None, "0 rows"),
        (1, "row", None, "1 row"),
        (1_000, "row", None, "1,000 rows"),
        (1, "person", "people", "1 person"),
        (2, "person", "people", "2 people"),
    ],
)
def test_plural(n: int, one: str, many: str | None, said: str) -> None:
    from leadtool.cli.output import plural

    assert plural(n, one, many) == said


def test_counts_of_one_read_in_the_singular(run: Run, tmp_path: Path) -> None:
    rows = [
        ["First Name", "Last Name", "Email", "Company", "Title"],
        ["Jane", "Doe", "jane@example.com", "Acme", "CMO"],
        ["Nobody", "Here", "not-an-email", "", ""],
    ]
    first = run("import", str(write_csv(tmp_path / "a.csv", rows)))
    assert "1 row rejected" in first.stderr, first.stderr
    saved = run("segment", "save", "cmos", "--where", "title ~ cmo")
    assert saved.stderr == "saved segment 'cmos': 1 person matches now.\n"
    assert "1 person matches now; the first 1:" in run("segment", "show", "cmos").stdout
    again = [rows[0] + ["City"], ["Jane", "Doe", "jane@example.com", "Acme", "CMO", "Paris"]]
    assert run("import", str(write_csv(tmp_path / "b.csv", again))).exit_code == 0
    undone = run("imports", "undo", "2")
    assert "put back 1 updated person," in undone.stderr, undone.stderr
    assert "removed 0 people" in undone.stderr and "removed 0 rejected rows" in undone.stderr
    assert run("suppress", "add", "jane@example.com", "--reason", "bounced").exit_code == 0
    removed = run("suppress", "remove", "jane@example.com")
    assert removed.stderr.startswith("Removed an email suppression (bounced); 1 stored person's")


def test_dedupe_summary_says_one_likely_duplicate(run: Run, tmp_path: Path) -> None:
    rows = [
        ["First Name", "Last Name", "Email", "Company"],
        ["Robert", "Smith", "bob.smith@gmail.com", "Acme Inc"],
        ["Bob", "Smith", "rsmith@acme.com", "ACME"],
    ]
    assert run("import", str(write_csv(tmp_path / "d.csv", rows))).exit_code == 0
    result = run("dedupe", "--auto-merge")
    assert "1 likely duplicate (score" in result.stderr, result.stderr
    assert "Merged 1 pair (merge 1;" in result.stderr, result.stderr


def history_person(run: Run, tmp_path: Path) -> None:
    header = ["First Name", "Last Name", "Email", "Company", "Title", "Stage", "Opt-in"]
    rows = [header, ["Jane", "Doe", "jane@example.com", "Acme", "CMO", "Cold", ""]]
    assert run("import", str(write_csv(tmp_path / "a.csv", rows)), "--source", "S1").exit_code == 0
    later = [header, ["Jane", "Doe", "jane@example.com", "Globex", "CMO", "Warm", "yes"]]
    assert run("import", str(write_csv(tmp_path / "b.csv", later)), "--tag", "vip").exit_code == 0
    assert run("stage", "set", "mql", "--where", "email = jane@example.com").exit_code == 0


def test_history_and_imports_show_read_in_words(run: Run, tmp_path: Path) -> None:
    history_person(run, tmp_path)
    shown = run("people", "show", "jane@example.com").stdout
    lines = [line for line in shown.splitlines() if line.strip().startswith("history:")]
    assert len(lines) >= 3, shown
    for line in lines:
        for python in ("{", "}", "None", "[", "]", "True", "False"):
            assert python not in line, line
    text = "\n".join(lines)
    assert "consent: (none) → opt-in" in text or "consent: (none) → yes" in text, text
    assert "company: kept Acme, not taken Globex" in text, text
    assert "lead → mql" in text, text
    imported = run("imports", "show", "2").stdout
    for python in ("None", "{", "}", "True", "False", "[", "]"):
        assert python not in imported, imported
    assert "  tags: vip" in imported and "  on_conflict: fill" in imported, imported
