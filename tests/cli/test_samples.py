"""The sample exports in sample_data/ import as a user would expect, one real format each."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_import import import_json
from tests.conftest import Run

Connect = Callable[[], sqlite3.Connection]
SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"

EXPORTS = [
    ("linkedin_connections.csv", "linkedin-connections"),
    ("linkedin_sales_navigator.csv", "linkedin-sales-navigator"),
    ("apollo_contacts.csv", "apollo"),
    ("hubspot_contacts.xlsx", "hubspot"),
    ("salesforce_leads.csv", "salesforce"),
    ("mailchimp_audience.csv", "mailchimp"),
    ("google_contacts.csv", "google-contacts"),
    ("outlook_contacts.csv", "outlook"),
]


@pytest.mark.parametrize(("name", "profile"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_real_exports_are_recognised_and_imported(run: Run, name: str, profile: str) -> None:
    report = import_json(run, str(SAMPLES / name), "--source", name)
    assert report["profile"] == profile
    assert report["new"] > 10
    assert report["rejected"] <= 2


def one(conn: sqlite3.Connection, sql: str, *args: object) -> tuple[object, ...]:
    row = conn.execute(sql, args).fetchone()
    assert row is not None, sql
    return tuple(row)


def test_conference_sheet(run: Run, db: Connect) -> None:
    report = import_json(run, str(SAMPLES / "conference_attendees.xlsx"))
    assert (report["rows"], report["rejected"], report["merged"]) == (31, 1, 1)
    conn = db()
    switchboard = conn.execute("SELECT count(*) FROM people WHERE phone = '+13125550174'")
    assert switchboard.fetchone()[0] == 3  # three colleagues on one front-desk number
    assert one(conn, "SELECT first_name, last_name FROM people WHERE email LIKE 'jeanpierre%'") == (
        "Jean-Pierre",
        "Martin",
    )
    phone_flags, invalid = one(
        conn, "SELECT phone_flags, invalid FROM people WHERE email LIKE 'wendy.okoro@%'"
    )
    assert phone_flags == "invalid,scientific"
    assert json.loads(str(invalid)) == {"phone": "4.15555E+09"}
    flags = dict(conn.execute("SELECT first_name, email_flags FROM people"))
    assert flags["Kyle"] == "disposable" and flags["Nadia"] == "role"
    assert flags["Tom"] == "invalid"  # kept: a name with a company, the bad email flagged
    countries = dict(conn.execute("SELECT first_name, country FROM people"))
    assert (countries["Priya"], countries["Sophie"], countries["Isla"]) == ("US", "DE", "GB")


def test_linkedin_preamble_and_utf16_purchased_list(run: Run, db: Connect) -> None:
    linkedin = import_json(run, str(SAMPLES / "linkedin_connections.csv"))
    assert linkedin["rows"] == 26 and linkedin["rejected"] == 0
    purchased = import_json(run, str(SAMPLES / "purchased_list.tsv"))
    assert purchased["encoding"] in ("utf-16", "utf-16-le") and purchased["rows"] == 31
    codes = [
        r[0] for r in db().execute("SELECT postal_code FROM people WHERE postal_code LIKE '0%'")
    ]
    assert "06000" in codes  # the leading zero survives


def test_hubspot_workbook_number_cells(run: Run, db: Connect) -> None:
    import_json(run, str(SAMPLES / "hubspot_contacts.xlsx"))
    phones = [r[0] for r in db().execute("SELECT phone FROM people")]
    assert "+16175550166" in phones  # stored by Excel as the number 16175550166
    zips = [r[0] for r in db().execute("SELECT postal_code FROM people")]
    assert "02139" in zips  # a text cell keeps its leading zero


def test_salesforce_cp1252_semicolons_and_footer(run: Run, db: Connect) -> None:
    report = import_json(run, str(SAMPLES / "salesforce_leads.csv"))
    assert report["encoding"] == "cp1252" and report["rejected"] == 2
    names = {r[0] for r in db().execute("SELECT last_name FROM people")}
    assert any("ß" in n or "ü" in n or "ö" in n for n in names)


def test_all_samples_together_then_again(run: Run, db: Connect) -> None:
    files = sorted(str(p) for p in SAMPLES.iterdir() if p.suffix != ".md")
    first = run("import", *files, "--json")
    assert first.exit_code == 0, first.stderr
    reports = [json.loads(line) for line in first.stdout.splitlines()]
    assert sum(r["rejected"] for r in reports) == 3
    people = db().execute("SELECT count(*) FROM people").fetchone()[0]
    again = run("import", *files, "--json")
    assert all(json.loads(x)["status"] == "already-imported" for x in again.stdout.splitlines())
    assert db().execute("SELECT count(*) FROM people").fetchone()[0] == people
