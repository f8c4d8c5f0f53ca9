"""A merged person keeps every address: `people list/show --json` and every export format
carry all of their emails and phones, the primary one first (issue 17)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.cli.test_dedupe import dedupe_json
from tests.cli.test_export import export_json, read_dicts
from tests.conftest import Run, write_csv

Connect = Callable[[], sqlite3.Connection]

HEADER = ["First Name", "Last Name", "Email", "Phone", "Company", "City", "Country", "Title"]
# Bob (1) and Robert (2) are one man: `dedupe --auto-merge` keeps Bob, whose email sorts
# after Robert's, so "primary first" differs from sorted order. Jane (3) has one address.
ROWS = [
    ["Bob", "Smith", "smith.bob@gmail.com", "+1 415 555 0134", "ACME Inc.", "Boston", "US", "VP"],
    [
        "Robert",
        "Smith",
        "rsmith@acme.example.com",
        "415-555-0134",
        "Acme Inc",
        "Boston",
        "US",
        "VP",
    ],
    ["Jane", "Doe", "jane.doe@hooli.example.com", "", "Hooli", "Austin", "US", "CMO"],
]
# A later list knows Robert by his work address, with another phone (sorted before Bob's).
LATER = [["Email", "Phone"], ["rsmith@acme.example.com", "+1 212 555 0123"]]

BOB_EMAILS = ["smith.bob@gmail.com", "rsmith@acme.example.com"]
BOB_PHONES = ["+14155550134", "+12125550123"]
JANE_EMAILS = ["jane.doe@hooli.example.com"]


def merged(run: Run, tmp_path: Path) -> None:
    """Bob merged with Robert: two emails and two phones; Jane untouched."""
    first = run("import", str(write_csv(tmp_path / "a.csv", [HEADER, *ROWS])), "--source", "a")
    assert first.exit_code == 0, first.stderr
    later = run("import", str(write_csv(tmp_path / "b.csv", LATER)), "--source", "b")
    assert later.exit_code == 0, later.stderr
    assert dedupe_json(run, "--auto-merge")["auto_merge"]


def by_id(records: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {int(r["id"]): r for r in records}


def test_people_list_json_carries_every_address_primary_first(run: Run, tmp_path: Path) -> None:
    merged(run, tmp_path)
    result = run("people", "list", "--json")
    assert result.exit_code == 0, result.stderr
    people = by_id(json.loads(result.stdout))
    assert set(people) == {1, 3}  # Robert was merged into Bob
    bob, jane = people[1], people[3]
    assert (bob["email"], bob["phone"]) == (BOB_EMAILS[0], BOB_PHONES[0])
    assert (bob["emails"], bob["phones"]) == (BOB_EMAILS, BOB_PHONES)
    assert (jane["emails"], jane["phones"]) == (JANE_EMAILS, [])
    # A segment's preview is `people list --json` too.
    assert run("segment", "save", "smiths", "--where", "last_name = smith").exit_code == 0
    shown = json.loads(run("segment", "show", "smiths", "--json").stdout)
    assert [(p["emails"], p["phones"]) for p in shown["people"]] == [(BOB_EMAILS, BOB_PHONES)]


def test_people_show_json_lists_primary_first(run: Run, tmp_path: Path) -> None:
    merged(run, tmp_path)
    for ref in ("1", "rsmith@acme.example.com", "+1 212 555 0123"):
        result = run("people", "show", ref, "--json")
        assert result.exit_code == 0, (ref, result.stderr)
        person = json.loads(result.stdout)
        assert (person["emails"], person["phones"]) == (BOB_EMAILS, BOB_PHONES), ref
    jane = json.loads(run("people", "show", "3", "--json").stdout)
    assert (jane["emails"], jane["phones"]) == (JANE_EMAILS, [])
    text = run("people", "show", "1").stdout
    assert "smith.bob@gmail.com, rsmith@acme.example.com" in text


def test_generic_csv_has_the_other_addresses(run: Run, tmp_path: Path) -> None:
    merged(run, tmp_path)
    out = tmp_path / "all.csv"
    export_json(run, "-o", str(out), "--no-record")
    bob, jane = read_dicts(out, bom=True)
    assert (bob["email"], bob["other_emails"]) == (BOB_EMAILS[0], BOB_EMAILS[1])
    assert (bob["phone"], bob["other_phones"]) == (BOB_PHONES[0], BOB_PHONES[1])
    assert (jane["other_emails"], jane["other_phones"]) == ("", "")
    picked = tmp_path / "picked.csv"
    export_json(run, "-o", str(picked), "--columns", "email,other_emails", "--no-record")
    assert read_dicts(picked, bom=True)[0] == {
        "email": BOB_EMAILS[0],
        "other_emails": BOB_EMAILS[1],
    }


def test_several_other_addresses_are_comma_separated_and_sorted(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    merged(run, tmp_path)
    conn = db()
    with conn:
        conn.executemany(
            "INSERT INTO person_keys (kind, value, person_id) VALUES (?, ?, 1)",
            [("role_email", "info@acme.example.com"), ("phone", "+16175550100")],
        )
    out = tmp_path / "all.csv"
    export_json(run, "-o", str(out), "--no-record")
    bob = read_dicts(out, bom=True)[0]
    assert bob["other_emails"] == "info@acme.example.com, rsmith@acme.example.com"
    # Several phones are not one signed number: the cell is neutralised like any other.
    assert bob["other_phones"] == "'+12125550123, +16175550100"
    listed = by_id(json.loads(run("people", "list", "--json").stdout))[1]
    assert listed["emails"] == [BOB_EMAILS[0], "info@acme.example.com", BOB_EMAILS[1]]
    assert listed["phones"] == [BOB_PHONES[0], "+12125550123", "+16175550100"]


def test_other_email_that_looks_like_a_formula_is_neutralised_in_csv_only(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    merged(run, tmp_path)
    conn = db()
    with conn:
        conn.execute(
            "UPDATE person_keys SET value = '=cmd@example.com' WHERE value = ?", (BOB_EMAILS[1],)
        )
    out = tmp_path / "all.csv"
    export_json(run, "-o", str(out), "--no-record")
    assert read_dicts(out, bom=True)[0]["other_emails"] == "'=cmd@example.com"
    xlsx = tmp_path / "all.xlsx"
    export_json(run, "-o", str(xlsx), "--no-record")
    sheet = openpyxl.load_workbook(xlsx)["People"]
    header = [c.value for c in sheet[1]]
    bob = dict(zip(header, sheet[2], strict=True))
    assert (bob["other_emails"].value, bob["other_emails"].data_type) == ("=cmd@example.com", "s")
    assert bob["other_phones"].value == BOB_PHONES[1]
    js = tmp_path / "all.json"
    export_json(run, "-o", str(js), "--no-record")
    assert json.loads(js.read_bytes())[0]["other_emails"] == ["=cmd@example.com"]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_exports_carry_the_other_addresses_as_lists(
    run: Run, tmp_path: Path, fmt: str
) -> None:
    merged(run, tmp_path)
    out = tmp_path / f"all.{fmt}"
    export_json(run, "-o", str(out), "--no-record")
    raw = out.read_bytes()
    records = json.loads(raw) if fmt == "json" else [json.loads(x) for x in raw.splitlines()]
    bob, jane = records
    assert (bob["email"], bob["other_emails"]) == (BOB_EMAILS[0], BOB_EMAILS[1:])
    assert (bob["phone"], bob["other_phones"]) == (BOB_PHONES[0], BOB_PHONES[1:])
    assert (jane["other_emails"], jane["other_phones"]) == ([], [])
