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


POSTAL = ["First Name", "Last Name", "Company", "Postcode", "City", "Email"]


@pytest.mark.parametrize(
    ("why", "cells", "keys", "rejected"),
    [
        (
            "name and company",
            ["Ada", "Okafor", "Acme", "", "", ""],
            [("name_company", "ada okafor|acme")],
            False,
        ),
        (
            "name and postal code (a postal list)",
            ["Ada", "Okafor", "", "sw1a 1aa", "", ""],
            [("name_postcode", "ada okafor|SW1A1AA")],
            False,
        ),
        (
            "a company wins over the postal code",
            ["Ada", "Okafor", "Acme", "4011", "", ""],
            [("name_company", "ada okafor|acme")],
            False,
        ),
        (
            "an email: no name key",
            ["Ada", "Okafor", "", "4011", "", "ada@example.com"],
            [("email", "ada@example.com")],
            False,
        ),
        (
            "a first name only and a postal code",
            ["Ada", "", "", "4011", "", ""],
            [("name_postcode", "ada |4011")],
            False,
        ),
        ("a name and a city only", ["Ada", "Okafor", "", "", "Leeds", ""], [], True),
        ("a postal code that is only punctuation", ["Ada", "Okafor", "", " - ", "", ""], [], True),
        ("a postal code without a name", ["", "", "", "4011", "Leeds", ""], [], True),
    ],
)
def test_who_is_a_person_and_their_name_keys(
    why: str, cells: list[str], keys: list[tuple[str, str]], rejected: bool
) -> None:
    row = RowNormaliser(POSTAL, map_columns(POSTAL), RowOptions())(2, cells)
    assert row.keys == keys, why
    assert (row.reject is not None) is rejected, why
