"""A CSV leadtool wrote reads back as it was: the export's protective apostrophe is undone."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadtool.readers import open_table
from leadtool.readers.cells import restore_neutralised
from leadtool.safecells import neutralise
from tests.conftest import Run, write_csv
from tests.readers.builders import inline, sheet_xml, write_xlsx

Connect = Callable[[], sqlite3.Connection]


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("'=1+1", "=1+1"),
        ("'+SUM(1)", "+SUM(1)"),
        ("'-2+3", "-2+3"),
        ("'@SUM(1)", "@SUM(1)"),
        ("'\tx", "\tx"),
        ("'\rx", "\rx"),
        ("'\nx", "\nx"),
        # Nothing else is touched: an apostrophe a person typed stays.
        ("'Jane", "'Jane"),
        ("O'Neil", "O'Neil"),
        ("''=1", "''=1"),
        ("'", "'"),
        ("x'=1", "x'=1"),
        ("=1+1", "=1+1"),
    ],
)
def test_restore_undoes_exactly_the_neutralisation(cell: str, read: str) -> None:
    assert restore_neutralised(cell) == read


@given(st.text().filter(lambda t: not t.startswith("'")))
def test_restore_inverts_neutralise(text: str) -> None:
    assert restore_neutralised(neutralise(text)) == text


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(
    st.text(alphabet="=+-@ab'1\t", min_size=1, max_size=8).filter(
        lambda t: t == t.strip() and not t.startswith("'")
    )
)
def test_a_csv_of_neutralised_cells_reads_back(tmp_path: Path, text: str) -> None:
    path = write_csv(tmp_path / "out.csv", [["Email", "Company"], ["a@x.com", neutralise(text)]])
    assert [cells for _, cells in open_table(path).rows] == [["a@x.com", text]]


def test_a_neutralised_header_reads_back(tmp_path: Path) -> None:
    header = ["Email", "First Name", "Last Name", "Company", "Job Title", "'=1+1"]
    row = ["a@x.com", "Ada", "Okafor", "Acme", "CEO", "3"]
    path = write_csv(tmp_path / "out.csv", [header, row])
    assert open_table(path).header == [*header[:-1], "=1+1"]


def _people(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    # Not `invalid`: the export does not carry raw values that failed validation.
    rows = conn.execute("SELECT email, first_name, last_name, company, title FROM people")
    return sorted(rows, key=repr)


def test_reimporting_the_generic_export_stores_what_was_exported(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        ["Email", "First Name", "Last Name", "Company", "Job Title"],
        ["=cmd|'/Ccalc'!A0@evil.example.com", "Ada", "Okafor", "Acme", "-CEO-"],
        ["bo@acme.example.com", "Bo", "O'Neil", "=1+1", "@head"],
        ["cy@acme.example.com", "=1+1", "Lee", "+Acme", "CTO"],
    ]
    first_store = tmp_path / "one" / "leadtool.db"
    monkeypatch.setenv("LEADTOOL_DB", str(first_store))
    assert run("import", str(write_csv(tmp_path / "in.csv", rows)), "--json").exit_code == 0
    exported = tmp_path / "export.csv"
    result = run("export", "--where", "created is not empty", "-o", str(exported), "--no-record")
    assert result.exit_code == 0, result.stderr
    assert "'=1+1" in exported.read_text(encoding="utf-8-sig")  # the export did protect it

    second_store = tmp_path / "two" / "leadtool.db"
    monkeypatch.setenv("LEADTOOL_DB", str(second_store))
    result = run("import", str(exported), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rejected"] == 0
    before, after = sqlite3.connect(first_store), sqlite3.connect(second_store)
    assert _people(after) == _people(before)
    assert ("bo@acme.example.com", "Bo", "O'Neil", "=1+1", "@head") in _people(after)


def test_a_workbook_keeps_a_leading_apostrophe_as_text(tmp_path: Path) -> None:
    # Only leadtool's CSV files carry the apostrophe; a text cell of a workbook is as typed.
    rows = f'<row r="1">{inline("A1", "Email")}{inline("B1", "Company")}</row>'
    rows += '<row r="2">' + inline("A2", "a@x.com") + inline("B2", "'=1+1") + "</row>"
    path = write_xlsx(tmp_path / "leads.xlsx", sheet_xml(rows))
    assert [cells for _, cells in open_table(path).rows] == [["a@x.com", "'=1+1"]]


def test_a_neutralised_line_break_is_read_as_the_cell_after_it(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["Email", "Note"], ["a@x.com", neutralise("\nhello")]])
    assert [cells for _, cells in open_table(path).rows] == [["a@x.com", "hello"]]
