"""One row -> one person: names that fail keep their raw text, as every invalid field does."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from leadtool.normalize.columns import map_columns
from leadtool.normalize.record import PersonRow, RowNormaliser, RowOptions
from tests.conftest import Run

Connect = Callable[[], sqlite3.Connection]
SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"
HEADER = ["Email", "First Name", "Last Name", "Company"]


def person(first: str, last: str = "Okafor", header: list[str] = HEADER) -> PersonRow:
    normalise = RowNormaliser(header, map_columns(header), RowOptions())
    return normalise(2, ["ada@acme.example.com", first, last, "Acme"])


@pytest.mark.parametrize("raw", ["=1+1", "@SUM(1)", '=HYPERLINK("x","Ada")', "+1", "-2+3"])
def test_a_formula_looking_name_is_kept_under_invalid(raw: str) -> None:
    row = person(raw)
    assert "first_name" not in row.fields
    assert row.invalid == {"first_name": raw}
    assert "first_name:invalid" in row.flags
    assert row.reject is None and row.fields["last_name"] == "Okafor"


@pytest.mark.parametrize("raw", ["123", "1+1"])
def test_a_name_of_digits_without_letters_is_invalid(raw: str) -> None:
    assert person("Ada", raw).invalid == {"last_name": raw}


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("- Ada -", "Ada"), ("-- Ada --", "Ada"), ("Ada (she/her)", "Ada (she/her)"), ("ADA", "Ada")],
)
def test_decorated_names_are_tidied_not_flagged(raw: str, stored: str) -> None:
    row = person(raw)
    assert row.fields["first_name"] == stored and row.invalid == {}


@pytest.mark.parametrize("raw", ["-", "?", "..."])
def test_a_placeholder_for_no_name_is_no_name(raw: str) -> None:
    row = person(raw)
    assert "first_name" not in row.fields and row.invalid == {}


def test_a_formula_looking_full_name_is_kept_under_invalid() -> None:
    header = ["Email", "Full Name", "Company"]
    normalise = RowNormaliser(header, map_columns(header), RowOptions())
    row = normalise(2, ["ada@acme.example.com", "=1+1", "Acme"])
    assert row.invalid == {"full_name": "=1+1"} and "first_name" not in row.fields


def test_linkedin_sample_keeps_the_closing_bracket(run: Run, db: Connect) -> None:
    result = run("import", str(SAMPLES / "linkedin_connections.csv"), "--json")
    assert result.exit_code == 0, result.stderr
    names = {r[0] for r in db().execute("SELECT first_name FROM people")}
    assert "Jörg (she/her)" in names
    assert not any(n and n.count("(") != n.count(")") for n in names)


def test_an_invalid_name_is_stored_with_its_raw_text(run: Run, db: Connect, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Email,First Name,Last Name\nada@acme.example.com,=1+1,Okafor\n")
    result = run("import", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    first, invalid = db().execute("SELECT first_name, invalid FROM people").fetchone()
    assert first is None and json.loads(invalid) == {"first_name": "=1+1"}
