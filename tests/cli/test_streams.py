"""Which stream gets what: results of read commands on stdout, messages on stderr, nothing cut.

Issue 20, items 17 and 18: `people list | grep`, `stats > stats.txt` got nothing, and without a
terminal tables were cut to 80 columns (`jane.do…`).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table

from leadtool.cli import output
from tests.cli.test_import import import_json
from tests.conftest import Run, write_csv

LONG_EMAIL = "jane.doe.with.a.rather.long.address@marketing.example-company.com"
HEADER = ["First Name", "Last Name", "Email", "Phone", "Company", "Title", "Country"]
ROWS = [
    ["Jane", "Doe", LONG_EMAIL, "+1 415 555 0134", "Acme Incorporated International", "CMO", "US"],
    [
        "Bob",
        "Smith",
        "bob.smith@globex-corporation.example.org",
        "+44 20 7946 0958",
        "Globex",
        "VP",
        "GB",
    ],
    [
        "Robert",
        "Smith",
        "rsmith@globex-corporation.example.org",
        "+44 20 7946 0958",
        "Globex",
        "VP",
        "GB",
    ],
]


@pytest.fixture
def stored(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COLUMNS", "80")  # the width that used to cut cells: nothing may be cut
    path = write_csv(tmp_path / "leads.csv", [HEADER, *ROWS])
    import_json(run, str(path), "--source", "Trade show")
    assert run("segment", "save", "marketers", "--where", "title ~ cmo").exit_code == 0
    assert run("suppress", "add", "@spam.example", "--reason", "complaint").exit_code == 0
    assert run("export", "--where", "country = US", "-o", str(tmp_path / "out.csv")).exit_code == 0
    return path


READS = [
    (("people", "list"), LONG_EMAIL),
    (("people", "show", "1"), LONG_EMAIL),
    (("stats",), "Trade show"),
    (("imports", "list"), "leads.csv"),
    (("imports", "show", "1"), "leads.csv"),
    (("segment", "list"), "marketers"),
    (("segment", "show", "marketers"), LONG_EMAIL),
    (("exports", "list"), "out.csv"),
    (("suppress", "list"), "spam.example"),
    (("merges", "list"), "No merges yet"),
    (("dedupe", "--min-score", "0.1"), "person"),
]


@pytest.mark.parametrize(("args", "expected"), READS, ids=[" ".join(a) for a, _ in READS])
def test_read_commands_print_their_result_on_stdout(
    run: Run, stored: Path, args: tuple[str, ...], expected: str
) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert expected in result.stdout
    assert "…" not in result.stdout  # nothing cut without a terminal


def test_people_list_cells_are_whole_without_a_terminal(run: Run, stored: Path) -> None:
    result = run("people", "list")
    line = next(x for x in result.stdout.splitlines() if LONG_EMAIL in x)
    assert "+14155550134" in line and "Acme Incorporated International" in line
    assert len(line) > 80


def test_write_commands_keep_their_summary_on_stderr(run: Run, stored: Path) -> None:
    result = run("tag", "add", "vip", "--where", "country = US")
    assert result.exit_code == 0 and result.stdout == ""
    assert "1 person matches" in result.stderr


def test_dedupe_summary_goes_to_stderr_and_pairs_to_stdout(run: Run, stored: Path) -> None:
    result = run("dedupe", "--min-score", "0.1")
    assert result.exit_code == 0, result.stderr
    assert "compared" in result.stderr and "compared" not in result.stdout
    assert "score" in result.stdout


def test_tables_fit_a_real_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, a table still fits the screen: its width is the terminal's."""
    screen = io.StringIO()
    monkeypatch.setattr(
        output, "out", Console(file=screen, force_terminal=True, color_system=None, width=40)
    )
    table = Table("email")
    table.add_row(LONG_EMAIL)
    output.print_table(table)
    assert max(len(line) for line in screen.getvalue().splitlines()) <= 40


def test_tables_are_not_cut_in_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(output, "out", Console(file=screen, force_terminal=False, width=40))
    table = Table("email")
    table.add_row(LONG_EMAIL)
    output.print_table(table)
    assert LONG_EMAIL in screen.getvalue()
