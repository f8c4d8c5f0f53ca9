"""`leadtool export` and `exports list`: the written files read back, suppression, recording."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import openpyxl
import pytest
from typer.testing import Result

from leadtool.exporting import PRESETS, writers
from leadtool.store import exports as store_exports
from tests.cli.test_forget import store_bytes
from tests.cli.test_import import import_json, people_file
from tests.cli.test_suppress import add_json, mailchimp_unsubscribes
from tests.conftest import Run, count, write_csv

Connect = Callable[[], sqlite3.Connection]

HEADER = [
    "First Name",
    "Last Name",
    "E-mail",
    "Phone #",
    "Company Name",
    "Job Title",
    "Country",
    "Lifecycle Stage",
    "Tags",
    "Favourite",  # unmapped: a custom field
    "id",  # unmapped, and the name of a generic column: exported as custom.id
]
# Seven people, oldest (lowest id) first; what each preset can use is noted.
PEOPLE = [
    # 1 every preset
    [
        "Jane",
        "Doe",
        "Jane.Doe@Example.com",
        "(415) 555-0134",
        "Acme Inc",
        "CMO",
        "USA",
        "mql",
        "vip, partner",
        "blue",
        "x1",
    ],
    # 2 every preset
    [
        "Bob",
        "Smith",
        "bob@example.org",
        "+44 20 7946 0958",
        "Globex Ltd",
        "VP Sales",
        "UK",
        "sql",
        "",
        "",
        "x2",
    ],
    # 3 no email: salesforce, linkedin (first + last name)
    [
        "Ann",
        "Lee",
        "",
        "+1 415 555 0199",
        "Initech",
        "Head of Marketing",
        "United States",
        "lead",
        "",
        "",
        "",
    ],
    # 4 an invalid email: salesforce, linkedin
    ["Carl", "Bad", "bad-email", "", "Foo", "", "US", "lead", "", "", ""],
    # 5 no last name: hubspot, mailchimp, linkedin (valid email)
    ["Dora", "", "dora@example.com", "", "Hooli", "", "US", "subscriber", "", "", ""],
    # 6 no company: hubspot, mailchimp, linkedin
    ["Eve", "Adams", "eve@example.net", "", "", "", "US", "customer", "", "", ""],
    # 7 a phone only and a first name: generic only
    ["Finn", "", "", "+1 415 555 0177", "Umbrella", "", "US", "lead", "", "", ""],
]
EMAILS = ["jane.doe@example.com", "bob@example.org", "dora@example.com", "eve@example.net"]

PRESET_HEADERS = {
    "hubspot": [
        "Email",
        "First Name",
        "Last Name",
        "Phone Number",
        "Company Name",
        "Job Title",
        "Website URL",
        "City",
        "State/Region",
        "Postal Code",
        "Country/Region",
        "Lifecycle Stage",
    ],
    "mailchimp": ["Email Address", "First Name", "Last Name", "Phone Number", "Tags"],
    "salesforce": [
        "FirstName",
        "LastName",
        "Company",
        "Title",
        "Email",
        "Phone",
        "Website",
        "City",
        "State",
        "PostalCode",
        "Country",
        "LeadSource",
    ],
    "linkedin": ["email", "firstname", "lastname", "jobtitle", "employeecompany", "country"],
}
GENERIC_FIELDS = [
    "id",
    "first_name",
    "middle_name",
    "last_name",
    "email",
    "email_flags",
    "phone",
    "phone_ext",
    "phone_flags",
    "company_phone",
    "company",
    "title",
    "website",
    "linkedin",
    "city",
    "state",
    "postal_code",
    "country",
    "location",
    "stage",
    "tags",
    "first_source",
    "sources",
    "consent",
    "consent_at",
    "contacted_count",
    "last_contacted",
    "created_at",
    "updated_at",
    "other_emails",  # added later: at the end, so columns read by position stay put
    "other_phones",
    *["score", "fit", "engagement", "status", "last_activity"],  # qualification, later still
    *["first_sale", "lifetime_value", "customer_since"],
]
BOM = b"\xef\xbb\xbf"
FORMATS = ("csv", "xlsx", "json", "jsonl")


# --- helpers -------------------------------------------------------------------------------


def seed(run: Run, tmp_path: Path) -> None:
    """The seven PEOPLE from source S1; Jane again from S2 (so she has two sources)."""
    import_json(run, str(write_csv(tmp_path / "s1.csv", [HEADER, *PEOPLE])), "--source", "S1")
    again = write_csv(tmp_path / "s2.csv", [["Email"], ["jane.doe@example.com"]])
    import_json(run, str(again), "--source", "S2")


def export(run: Run, *args: str) -> Result:
    return run("export", *args)


def export_json(run: Run, *args: str) -> dict[str, Any]:
    result = export(run, *args, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def read_csv(path: Path, *, bom: bool = False) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM) is bom
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig" if bom else "utf-8"), newline="")))


def read_dicts(path: Path, *, bom: bool = False) -> list[dict[str, str]]:
    header, *rows = read_csv(path, bom=bom)
    return [dict(zip(header, row, strict=True)) for row in rows]


def read_xlsx(path: Path) -> list[list[Any]]:
    book = openpyxl.load_workbook(path, read_only=False)
    sheet = book.active
    assert sheet is not None
    return [[c.value for c in row] for row in sheet.iter_rows()]


def file_text(path: Path) -> bytes:
    """Every byte of the file, unzipped for XLSX: what a search of it would find."""
    if path.suffix != ".xlsx":
        return path.read_bytes()
    with zipfile.ZipFile(path) as z:
        return b"".join(z.read(name) for name in z.namelist())


def contacted(conn: sqlite3.Connection) -> dict[str, tuple[int, str | None]]:
    rows = conn.execute(
        "SELECT first_name, coalesce(c.count, 0), c.last_at FROM people "
        "LEFT JOIN contacts c ON c.person_id = people.id"
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def exports_rows(conn: sqlite3.Connection) -> int:
    return count(conn, "exports")


# --- 1. generic CSV --------------------------------------------------------------------------


def test_generic_csv_header_rows_and_values(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    out = tmp_path / "all.csv"
    report = export_json(run, "-o", str(out))
    assert (report["exported"], report["matching"], report["held_back_suppressed"]) == (7, 7, 0)
    assert report["left_out"] == {}
    header, *rows = read_csv(out, bom=True)
    assert header == [*GENERIC_FIELDS, "Favourite", "custom.id"]
    assert report["columns"] == header
    people = [dict(zip(header, r, strict=True)) for r in rows]
    assert [p["first_name"] for p in people] == [
        "Jane",
        "Bob",
        "Ann",
        "Carl",
        "Dora",
        "Eve",
        "Finn",
    ]
    jane, bob, ann, carl = people[:4]
    assert jane["email"] == "jane.doe@example.com"
    assert jane["phone"] == "+14155550134"
    assert bob["phone"] == "+442079460958" and bob["country"] == "GB"
    assert jane["tags"] == "partner, vip"
    assert (jane["first_source"], jane["sources"]) == ("S1", "S1; S2")
    assert (bob["first_source"], bob["sources"]) == ("S1", "S1")
    assert (jane["Favourite"], jane["custom.id"]) == ("blue", "x1")
    assert (bob["Favourite"], bob["custom.id"]) == ("", "x2")
    assert (ann["email"], ann["phone"]) == ("", "+14155550199")
    assert (carl["email"], carl["email_flags"]) == ("", "invalid")
    assert jane["stage"] == "mql"
    assert jane["id"] == "1" and jane["created_at"].endswith("Z")


@pytest.mark.parametrize("preset", ["hubspot", "mailchimp", "salesforce", "linkedin"])
def test_tool_presets_have_no_bom(run: Run, tmp_path: Path, preset: str) -> None:
    seed(run, tmp_path)
    out = tmp_path / f"{preset}.csv"
    export_json(run, "--preset", preset, "-o", str(out), "--no-record")
    assert not out.read_bytes().startswith(BOM)
    assert read_csv(out)[0] == PRESET_HEADERS[preset]


# --- 2. presets ------------------------------------------------------------------------------


def test_preset_headers_are_exactly_documented() -> None:
    for name, headers in PRESET_HEADERS.items():
        assert list(PRESETS[name].headers) == headers, name
    assert list(PRESETS["generic"].headers) == GENERIC_FIELDS


def test_hubspot_rows_and_lifecycle_values(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    out = tmp_path / "hs.csv"
    report = export_json(run, "--preset", "HubSpot", "-o", str(out))
    rows = read_dicts(out)
    assert [r["Email"] for r in rows] == EMAILS
    stages = {r["Email"]: r["Lifecycle Stage"] for r in rows}
    assert stages == {
        "jane.doe@example.com": "marketingqualifiedlead",
        "bob@example.org": "salesqualifiedlead",
        "dora@example.com": "subscriber",
        "eve@example.net": "customer",
    }
    assert rows[0] == {
        "Email": "jane.doe@example.com",
        "First Name": "Jane",
        "Last Name": "Doe",
        "Phone Number": "+14155550134",
        "Company Name": "Acme Inc",
        "Job Title": "CMO",
        "Website URL": "",
        "City": "",
        "State/Region": "",
        "Postal Code": "",
        "Country/Region": "US",
        "Lifecycle Stage": "marketingqualifiedlead",
    }
    assert (report["exported"], sum(report["left_out"].values())) == (4, 3)


def test_mailchimp_tags_and_left_out_summary(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    out = tmp_path / "mc.csv"
    result = export(run, "--preset", "mailchimp", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    rows = read_dicts(out)
    assert [r["Email Address"] for r in rows] == EMAILS
    assert rows[0]["Tags"] == "partner, vip" and rows[1]["Tags"] == ""
    assert rows[2] == {
        "Email Address": "dora@example.com",
        "First Name": "Dora",
        "Last Name": "",
        "Phone Number": "",
        "Tags": "",
    }
    assert "Exported 4 people" in result.stderr
    assert "Left out 3 the mailchimp preset cannot use: " in result.stderr
    assert "invalid email 1" in result.stderr and "no email 2" in result.stderr
    assert result.stdout == ""


def test_invalid_stored_email_is_its_own_reason(run: Run, db: Connect, tmp_path: Path) -> None:
    """An email the store holds but has flagged invalid is left out as "invalid email"."""
    seed(run, tmp_path)
    conn = db()
    conn.execute("UPDATE people SET email_flags = 'invalid' WHERE first_name = 'Eve'")
    conn.commit()
    out = tmp_path / "m.csv"
    eve_or_jane = "first_name = Eve or first_name = Jane"
    report = export_json(run, "--preset", "mailchimp", "-o", str(out), "--where", eve_or_jane)
    assert report["left_out"] == {"invalid email": 1}
    assert [r["Email Address"] for r in read_dicts(out)] == ["jane.doe@example.com"]
    text = export(run, "--preset", "hubspot", "-o", str(out), "--where", eve_or_jane)
    assert "Left out 1 the hubspot preset cannot use: invalid email 1." in text.stderr


def test_imported_invalid_email_is_counted_as_invalid(run: Run, tmp_path: Path) -> None:
    """BUG: Carl's cell 'bad-email' is flagged invalid by the import, which stores no email;
    the summary then calls him "no email", and the "invalid email" reason never appears."""
    seed(run, tmp_path)
    for preset in ("mailchimp", "hubspot"):
        out = str(tmp_path / f"{preset}.csv")
        report = export_json(run, "--preset", preset, "-o", out, "--no-record")
        assert report["left_out"] == {"no email": 2, "invalid email": 1}, preset


def test_salesforce_needs_last_name_and_company(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    out = tmp_path / "sf.csv"
    result = export(run, "--preset", "salesforce", "-o", str(out), "--no-record")
    rows = read_dicts(out)
    assert [r["FirstName"] for r in rows] == ["Jane", "Bob", "Ann", "Carl"]
    assert rows[0]["LeadSource"] == "S1" and rows[0]["Company"] == "Acme Inc"
    assert rows[2]["Email"] == "" and rows[2]["Phone"] == "+14155550199"
    assert "no last name 2, no company 1." in result.stderr
    report = export_json(run, "--preset", "salesforce", "-o", str(out), "--no-record")
    assert report["left_out"] == {"no last name": 2, "no company": 1}
    assert report["exported"] == 4


def test_linkedin_needs_valid_email_or_full_name(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    out = tmp_path / "li.csv"
    report = export_json(run, "--preset", "linkedin", "-o", str(out), "--no-record")
    rows = read_dicts(out)
    assert [r["firstname"] for r in rows] == ["Jane", "Bob", "Ann", "Carl", "Dora", "Eve"]
    assert report["left_out"] == {"no valid email and no first and last name": 1}
    assert rows[2] == {
        "email": "",
        "firstname": "Ann",
        "lastname": "Lee",
        "jobtitle": "Head of Marketing",
        "employeecompany": "Initech",
        "country": "US",
    }


def test_unknown_preset_and_format(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    bad = export(run, "--preset", "marketo", "-o", str(tmp_path / "x.csv"))
    assert bad.exit_code == 2 and "no preset named 'marketo'" in bad.stderr
    assert "generic, hubspot, mailchimp, salesforce, linkedin" in bad.stderr
    fmt = export(run, "--format", "pdf", "-o", str(tmp_path / "x.csv"))
    assert fmt.exit_code == 2 and "csv, xlsx, json, jsonl" in fmt.stderr
    assert not (tmp_path / "x.csv").exists()
    assert list(tmp_path.glob(".x.csv.*")) == []


# --- 3. suppression and forgetting -----------------------------------------------------------


def test_suppressed_never_exported_even_when_named(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    add_json(run, "JANE.DOE@example.com", "--reason", "unsubscribed")
    add_json(run, "@Example.ORG", "--reason", "complaint")  # Bob, by domain
    add_json(run, "(415) 555-0199", "--reason", "do-not-contact")  # Ann, by phone
    out = tmp_path / "named.csv"
    named = 'email = "jane.doe@example.com" or email = "bob@example.org" or first_name = Ann'
    report = export_json(run, "--where", named, "-o", str(out))
    assert (report["matching"], report["held_back_suppressed"], report["exported"]) == (3, 3, 0)
    # nothing of the held-back people shows, not even their custom field names
    assert read_csv(out, bom=True) == [GENERIC_FIELDS]
    everyone = tmp_path / "everyone.csv"
    result = export(run, "-o", str(everyone))
    assert "Held back 3 suppressed people" in result.stderr
    names = [r["first_name"] for r in read_dicts(everyone, bom=True)]
    assert names == ["Carl", "Dora", "Eve", "Finn"]
    raw = everyone.read_bytes().lower()
    for gone in (b"jane", b"doe@", b"example.org", b"+14155550199", b"ann"):
        assert gone not in raw, gone


def test_issue5_mailchimp_unsubscribes_absent_everywhere(
    run: Run, db: Connect, tmp_path: Path
) -> None:
    add_json(run, str(mailchimp_unsubscribes(tmp_path)), "--reason", "unsubscribed")
    rows = [
        [
            "JANE",
            "DOE",
            "JANE.DOE@EXAMPLE.COM",
            "(415) 555-0134",
            "Acme",
            "CMO",
            "US",
            "lead",
            "",
            "",
            "",
        ],
        ["Bob", "Smith", "BOB@Example.ORG", "", "Globex", "VP", "UK", "lead", "", "", ""],
        ["Ann", "Lee", "ann@example.net", "", "Initech", "CMO", "US", "lead", "", "", ""],
    ]
    imported = import_json(run, str(write_csv(tmp_path / "list.csv", [HEADER, *rows])))
    assert (imported["new"], imported["suppressed"]) == (3, 2)
    for preset in ("generic", "hubspot", "mailchimp", "salesforce", "linkedin"):
        for fmt in FORMATS:
            out = tmp_path / f"{preset}.{fmt}"
            report = export_json(run, "--preset", preset, "-o", str(out), "--no-record")
            assert (report["held_back_suppressed"], report["exported"]) == (2, 1), (preset, fmt)
            raw = file_text(out).lower()
            assert b"ann@example.net" in raw or b"initech" in raw, (preset, fmt)
            for gone in (b"jane", b"example.com", b"bob", b"example.org", b"4155550134"):
                assert gone not in raw, (preset, fmt, gone)
    export_json(run, "-o", str(tmp_path / "recorded.csv"))
    conn = db()
    assert contacted(conn)["Ann"][0] == 1
    assert contacted(conn)["Jane"] == (0, None) and contacted(conn)["Bob"] == (0, None)


def test_forgotten_person_absent_and_unrecorded(
    run: Run, db: Connect, tmp_path: Path, isolated_store: Path
) -> None:
    seed(run, tmp_path)
    jane_id = db().execute("SELECT id FROM people WHERE first_name = 'Jane'").fetchone()[0]
    named = tmp_path / "named.csv"
    export_json(run, "--where", 'email = "jane.doe@example.com"', "-o", str(named))
    export_json(run, "-o", str(tmp_path / "before.csv"))
    conn = db()
    assert count(conn, "export_people") == 8
    run_forget = run("forget", "jane.doe@example.com", "--yes")
    assert run_forget.exit_code == 0, run_forget.stderr
    conn = db()
    assert conn.execute(
        "SELECT count(*) FROM export_people WHERE person_id = ?", (jane_id,)
    ).fetchone() == (0,)
    assert count(conn, "export_people") == 6
    exprs = [r[0] for r in conn.execute("SELECT expr FROM exports ORDER BY id")]
    assert exprs[1] is None
    assert exprs[0] is not None and "jane" not in exprs[0].lower()
    assert [r[0] for r in conn.execute("SELECT exported FROM exports ORDER BY id")] == [1, 7]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert b"jane.doe@example.com" not in store_bytes(isolated_store).lower()
    after = tmp_path / "after.csv"
    for fmt in FORMATS:
        out = after.with_suffix(f".{fmt}")
        report = export_json(run, "-o", str(out))
        assert report["exported"] == 6
        raw = file_text(out).lower()
        assert b"jane" not in raw and b"4155550134" not in raw


def test_suppressed_by_second_email_is_held_back(run: Run, tmp_path: Path) -> None:
    rows = [["First Name", "Last Name", "Email"], ["Jane", "Doe", "jane@a.com; jd@b.org"]]
    rows.append(["Bob", "Smith", "bob@example.org"])
    import_json(run, str(write_csv(tmp_path / "two.csv", rows)))
    add_json(run, "JD@b.org", "--reason", "bounced")
    out = tmp_path / "mc.csv"
    report = export_json(
        run, "--preset", "mailchimp", "-o", str(out), "--where", "first_name = Jane"
    )
    assert (report["held_back_suppressed"], report["exported"]) == (1, 0)
    assert b"jane" not in out.read_bytes().lower()


def test_forget_erases_an_export_file_name_naming_the_person(
    run: Run, db: Connect, tmp_path: Path, isolated_store: Path
) -> None:
    """BUG: forget blanks an export's filter text naming the person, but not its file name:
    `export -o jane.doe@example.com.csv` keeps her email in the store after `forget`."""
    seed(run, tmp_path)
    out = tmp_path / "jane.doe@example.com.csv"
    export_json(run, "--where", 'email = "jane.doe@example.com"', "-o", str(out))
    assert run("forget", "jane.doe@example.com", "--yes").exit_code == 0
    conn = db()
    names = [r[0] for r in conn.execute("SELECT file_name FROM exports")]
    assert not any("jane.doe" in name for name in names), names
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert b"jane.doe@example.com" not in store_bytes(isolated_store).lower()


def test_export_over_the_store_itself_is_refused(
    run: Run, db: Connect, tmp_path: Path, isolated_store: Path
) -> None:
    """BUG: `-o` naming the store's own database file replaces the store with the export."""
    seed(run, tmp_path)
    result = export(run, "--format", "csv", "-o", str(isolated_store))
    assert result.exit_code == 2, result.stderr
    assert isolated_store.read_bytes().startswith(b"SQLite format 3")
    assert count(db(), "people") == 7


# --- 4. formula safety -----------------------------------------------------------------------

HOSTILE = {
    "first_name": '=HYPERLINK("http://evil","x")',
    "last_name": "-2+3",
    "company": "@SUM(A1)",
    "title": "\tTabbed",
}


def seed_hostile(run: Run, db: Connect, tmp_path: Path) -> None:
    """Jane with formula-like cells. The importer tidies names and trims whitespace, so those
    are set in the store directly; the email and the custom field come through the import."""
    rows = [
        [
            "Jane",
            "Doe",
            "=cmd@example.com",
            "(415) 555-0134",
            "Acme",
            "CMO",
            "US",
            "lead",
            "",
            "+SUM(A1)",
            "CR",
        ],
        ["Bob", "Smith", "bob@example.org", "", "Globex", "VP", "UK", "lead", "", "-5", "+1"],
    ]
    import_json(run, str(write_csv(tmp_path / "hostile.csv", [HEADER, *rows])))
    conn = db()
    sets = ", ".join(f"{k} = ?" for k in HOSTILE)
    conn.execute(
        f"UPDATE people SET {sets}, custom = json_set(custom, '$.id', char(13) || 'CR') "
        "WHERE email = ?",
        (*HOSTILE.values(), "=cmd@example.com"),
    )
    conn.commit()
    stored = conn.execute("SELECT email, phone, custom FROM people ORDER BY id").fetchall()
    assert stored[0][:2] == ("=cmd@example.com", "+14155550134")
    assert json.loads(stored[0][2]) == {"Favourite": "+SUM(A1)", "id": "\rCR"}


def test_csv_cells_are_neutralised(run: Run, db: Connect, tmp_path: Path) -> None:
    seed_hostile(run, db, tmp_path)
    out = tmp_path / "h.csv"
    export_json(run, "-o", str(out), "--no-record")
    jane, bob = read_dicts(out, bom=True)
    for field, value in HOSTILE.items():
        assert jane[field] == "'" + value, field
    assert jane["email"] == "'=cmd@example.com"
    assert jane["Favourite"] == "'+SUM(A1)"
    assert jane["custom.id"] == "'\rCR"
    assert jane["phone"] == "+14155550134"
    assert (bob["Favourite"], bob["custom.id"]) == ("-5", "+1")  # signed digits stay
    hub = tmp_path / "hub.csv"
    export_json(run, "--preset", "hubspot", "-o", str(hub), "--no-record")
    row = read_dicts(hub)[0]
    assert (row["Email"], row["First Name"], row["Company Name"]) == (
        "'=cmd@example.com",
        "'" + HOSTILE["first_name"],
        "'@SUM(A1)",
    )
    assert row["Phone Number"] == "+14155550134"


def test_csv_header_cells_are_neutralised(run: Run, tmp_path: Path) -> None:
    """BUG: a custom field's name comes from the spreadsheet's header row and is written as
    the CSV header cell unneutralised: `=HYPERLINK(...)` runs when the export is opened."""
    evil = '=HYPERLINK("http://evil";"x")'
    rows = [["Email", "First Name", "Company", evil, "@SUM(1)"]]
    rows.append(["a@example.com", "Ann", "Acme", "v1", "v2"])
    import_json(run, str(write_csv(tmp_path / "h.csv", rows)))
    out = tmp_path / "out.csv"
    export_json(run, "-o", str(out), "--no-record")
    header, row = read_csv(out, bom=True)
    assert header[len(GENERIC_FIELDS) :] == ["'" + evil, "'@SUM(1)"]
    assert row[len(GENERIC_FIELDS) :] == ["v1", "v2"]
    xlsx = tmp_path / "out.xlsx"
    export_json(run, "-o", str(xlsx), "--no-record")
    cells = openpyxl.load_workbook(xlsx)["People"][1]
    assert [(c.value, c.data_type) for c in cells][-2:] == [(evil, "s"), ("@SUM(1)", "s")]


def test_xlsx_cells_are_typed_text(run: Run, db: Connect, tmp_path: Path) -> None:
    seed_hostile(run, db, tmp_path)
    out = tmp_path / "h.xlsx"
    report = export_json(run, "-o", str(out), "--no-record")
    assert report["format"] == "xlsx"
    book = openpyxl.load_workbook(out)
    sheet = book["People"]
    header = [c.value for c in sheet[1]]
    assert header == [*GENERIC_FIELDS, "Favourite", "custom.id"]
    jane = dict(zip(header, sheet[2], strict=True))
    expected = {**HOSTILE, "email": "=cmd@example.com", "Favourite": "+SUM(A1)"}
    expected |= {"custom.id": "\rCR", "phone": "+14155550134"}
    for field, value in expected.items():
        assert jane[field].data_type == "s", field
        # XLSX escapes a carriage return as _x000D_ (Excel reads it back); openpyxl does not
        assert jane[field].value.replace("_x000D_", "\r") == value, field
    assert jane["contacted_count"].data_type == "n" and jane["contacted_count"].value == 0
    assert jane["id"].value == 1
    assert jane["middle_name"].value is None
    raw = file_text(out)
    assert b"<f>" not in raw  # no formula anywhere in the sheet


# --- 5. JSON and JSON Lines ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_read_back(run: Run, tmp_path: Path, fmt: str) -> None:
    seed(run, tmp_path)
    out = tmp_path / f"people.{fmt}"
    report = export_json(run, "-o", str(out), "--where", "stage != customer")
    raw = out.read_bytes()
    records = json.loads(raw) if fmt == "json" else [json.loads(x) for x in raw.splitlines()]
    assert len(records) == report["exported"] == 6
    assert all(list(r) == report["columns"] for r in records)
    jane = records[0]
    assert jane["contacted_count"] == 0 and isinstance(jane["contacted_count"], int)
    assert jane["id"] == 1
    assert jane["middle_name"] is None and jane["last_contacted"] is None
    assert (jane["email"], jane["phone"], jane["Favourite"]) == (
        "jane.doe@example.com",
        "+14155550134",
        "blue",
    )
    assert records[1]["Favourite"] is None
    mc = tmp_path / f"mc.{fmt}"
    export_json(run, "-o", str(mc), "--preset", "mailchimp")
    raw = mc.read_bytes()
    rows = json.loads(raw) if fmt == "json" else [json.loads(x) for x in raw.splitlines()]
    assert [r["Email Address"] for r in rows] == EMAILS
    assert rows[1] == {
        "Email Address": "bob@example.org",
        "First Name": "Bob",
        "Last Name": "Smith",
        "Phone Number": "+442079460958",
        "Tags": None,
    }


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_is_not_formula_escaped(run: Run, db: Connect, tmp_path: Path, fmt: str) -> None:
    seed_hostile(run, db, tmp_path)
    out = tmp_path / f"h.{fmt}"
    export_json(run, "-o", str(out), "--format", fmt, "--no-record")
    raw = out.read_bytes()
    records = json.loads(raw) if fmt == "json" else [json.loads(x) for x in raw.splitlines()]
    assert records[0]["first_name"] == HOSTILE["first_name"]
    assert records[0]["email"] == "=cmd@example.com"


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_has_no_bom(run: Run, tmp_path: Path, fmt: str) -> None:
    """BUG: the generic preset's BOM (meant for Excel and CSV) is written into JSON too;
    RFC 8259 forbids it, and json.loads of the text (utf-8) fails."""
    seed(run, tmp_path)
    out = tmp_path / f"g.{fmt}"
    export_json(run, "-o", str(out), "--no-record")
    assert not out.read_bytes().startswith(BOM)
    text = out.read_text(encoding="utf-8")
    assert json.loads(text) if fmt == "json" else json.loads(text.splitlines()[0])


def test_empty_selection_in_each_format(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    for fmt in FORMATS:
        out = tmp_path / f"none.{fmt}"
        report = export_json(
            run, "--where", "stage = opportunity", "-o", str(out), "--preset", "mailchimp"
        )
        assert (report["exported"], report["recorded"]) == (0, True)
        if fmt == "csv":
            assert read_csv(out) == [PRESET_HEADERS["mailchimp"]]
        elif fmt == "json":
            assert json.loads(out.read_bytes()) == []
        elif fmt == "jsonl":
            assert out.read_bytes() == b""
        else:
            assert read_xlsx(out) == [PRESET_HEADERS["mailchimp"]]


# --- 6. columns, limit, stdout ---------------------------------------------------------------


def test_columns_subset_in_given_order(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    out = tmp_path / "c.csv"
    report = export_json(
        run, "--preset", "mailchimp", "--columns", "tags, EMAIL ADDRESS,first name", "-o", str(out)
    )
    assert report["columns"] == ["Tags", "Email Address", "First Name"]
    rows = read_csv(out)
    assert rows[0] == ["Tags", "Email Address", "First Name"]
    assert rows[1] == ["partner, vip", "jane.doe@example.com", "Jane"]
    assert len(rows) == 5


def test_columns_with_custom_field_keep_given_order(run: Run, tmp_path: Path) -> None:
    """BUG: a custom field named first in --columns is written last."""
    seed(run, tmp_path)
    out = tmp_path / "c.csv"
    export_json(run, "--columns", "Favourite,EMAIL", "-o", str(out), "--no-record")
    rows = read_csv(out, bom=True)
    assert rows[0] == ["Favourite", "email"]
    assert rows[1] == ["blue", "jane.doe@example.com"]


def test_unknown_column_is_one_line_naming_it(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    out = tmp_path / "c.csv"
    result = export(run, "--preset", "mailchimp", "--columns", "Email Address,Nope", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "'Nope'" in result.stderr
    assert "Email Address, First Name, Last Name, Phone Number, Tags" in result.stderr
    assert not out.exists()


def test_limit_takes_the_oldest(run: Run, db: Connect, tmp_path: Path) -> None:
    seed(run, tmp_path)
    out = tmp_path / "l.csv"
    report = export_json(run, "--limit", "3", "--preset", "linkedin", "-o", str(out))
    assert [r["firstname"] for r in read_dicts(out)] == ["Jane", "Bob", "Ann"]
    assert report["exported"] == 3
    counts = contacted(db())
    assert [counts[n][0] for n in ("Jane", "Bob", "Ann", "Carl", "Dora")] == [1, 1, 1, 0, 0]
    zero = export_json(run, "--limit", "0", "-o", str(tmp_path / "z.csv"))
    assert zero["exported"] == 0


def test_dash_writes_csv_to_stdout(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    result = export(run, "--preset", "mailchimp", "-o", "-")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == PRESET_HEADERS["mailchimp"]
    assert [r[0] for r in rows[1:]] == EMAILS
    assert "Exported 4 people to stdout" in result.stderr
    assert list(tmp_path.glob("*.partial")) == []


def test_json_summary_with_stdout_file_is_refused(run: Run, db: Connect, tmp_path: Path) -> None:
    seed(run, tmp_path)
    result = export(run, "-o", "-", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--json" in result.stderr and result.stderr.count("\n") == 1
    assert exports_rows(db()) == 0


def test_no_output_is_refused(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    result = export(run)
    assert result.exit_code == 2 and "-o FILE" in result.stderr


# --- 7. recording ----------------------------------------------------------------------------


def test_recording_counts_and_exports_list(run: Run, db: Connect, tmp_path: Path) -> None:
    seed(run, tmp_path)
    add_json(run, "eve@example.net", "--reason", "bounced")
    out = tmp_path / "mql.csv"
    report = export_json(run, "--where", "stage <= mql", "--preset", "hubspot", "-o", str(out))
    # matched: Jane (mql), Ann, Carl, Dora, Finn (lead, subscriber); Eve is a customer
    assert (report["matching"], report["exported"], report["recorded"]) == (5, 2, True)
    counts = contacted(db())
    assert counts["Jane"][0] == counts["Dora"][0] == 1
    assert counts["Jane"][1] is not None and counts["Jane"][1].endswith("Z")
    assert counts["Jane"][1] == counts["Dora"][1]
    for other in ("Bob", "Ann", "Carl", "Eve", "Finn"):
        assert counts[other] == (0, None), other
    listed = run("exports", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    [entry] = json.loads(listed.stdout)
    assert entry == {
        "id": report["export_id"],
        "at": counts["Jane"][1],
        "segment": None,
        "expr": "stage <= mql",
        "preset": "hubspot",
        "format": "csv",
        "file_name": str(out),
        "columns": PRESET_HEADERS["hubspot"],
        "exported": 2,
        "held_back": 0,
        "left_out": 3,
    }
    again = export_json(run, "--where", "contacted_count < 1", "-o", str(tmp_path / "n.csv"))
    assert (again["exported"], again["held_back_suppressed"]) == (4, 1)  # Eve: bounced
    names = [r["first_name"] for r in read_dicts(tmp_path / "n.csv", bom=True)]
    assert names == ["Bob", "Ann", "Carl", "Finn"]
    counts = contacted(db())
    assert counts["Jane"][0] == 1 and counts["Bob"][0] == 1 and counts["Eve"][0] == 0
    text = run("exports", "list")
    assert text.exit_code == 0 and "stage <= mql" in text.stdout and "hubspot" in text.stdout


def test_held_back_recorded(run: Run, db: Connect, tmp_path: Path) -> None:
    seed(run, tmp_path)
    add_json(run, "bob@example.org", "--reason", "unsubscribed")
    export_json(run, "-o", str(tmp_path / "a.csv"))
    [entry] = json.loads(run("exports", "list", "--json").stdout)
    assert (entry["exported"], entry["held_back"], entry["left_out"]) == (6, 1, 0)
    assert contacted(db())["Bob"] == (0, None)


def test_no_record_changes_nothing(run: Run, db: Connect, tmp_path: Path) -> None:
    seed(run, tmp_path)
    before = contacted(db())
    for fmt in FORMATS:
        result = export(run, "--no-record", "-o", str(tmp_path / f"t.{fmt}"))
        assert result.exit_code == 0, result.stderr
        assert "Not recorded (--no-record)" in result.stderr
    stdout = export(run, "--no-record", "-o", "-")
    assert stdout.exit_code == 0
    conn = db()
    assert contacted(conn) == before
    assert exports_rows(conn) == 0 and count(conn, "export_people") == 0
    assert json.loads(run("exports", "list", "--json").stdout) == []
    assert "No exports recorded yet" in run("exports", "list").stdout


def test_stdout_export_is_recorded(run: Run, db: Connect, tmp_path: Path) -> None:
    seed(run, tmp_path)
    assert export(run, "-o", "-", "--preset", "mailchimp").exit_code == 0
    [entry] = json.loads(run("exports", "list", "--json").stdout)
    assert (entry["file_name"], entry["exported"]) == ("-", 4)
    assert sum(c for c, _ in contacted(db()).values()) == 4


# --- 8. segments -----------------------------------------------------------------------------


def test_segment_and_where_are_anded(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    saved = run("segment", "save", "US leads", "--where", "country = US and stage <= lead")
    assert saved.exit_code == 0, saved.stderr
    out = tmp_path / "seg.csv"
    report = export_json(run, "US leads", "--where", "phone is not empty", "-o", str(out))
    assert [r["first_name"] for r in read_dicts(out, bom=True)] == ["Ann", "Finn"]
    assert report["segment"] == "US leads"
    [entry] = json.loads(run("exports", "list", "--json").stdout)
    assert entry["segment"] == "US leads"
    assert entry["expr"] == "(country = US and stage <= lead) and (phone is not empty)"
    alone = export(run, "us leads", "-o", str(tmp_path / "seg2.csv"))
    assert alone.exit_code == 0, alone.stderr
    assert "segment 'US leads'" in alone.stderr
    names = [r["first_name"] for r in read_dicts(tmp_path / "seg2.csv", bom=True)]
    assert names == ["Ann", "Carl", "Dora", "Finn"]


def test_unknown_segment_writes_nothing(run: Run, db: Connect, tmp_path: Path) -> None:
    seed(run, tmp_path)
    out = tmp_path / "x.csv"
    result = export(run, "No such", "-o", str(out))
    assert result.exit_code != 0
    assert "no segment named 'No such'" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not out.exists() and list(tmp_path.glob(".x.csv*")) == []
    assert exports_rows(db()) == 0


def test_bad_where_writes_nothing(run: Run, tmp_path: Path) -> None:
    seed(run, tmp_path)
    out = tmp_path / "x.csv"
    result = export(run, "--where", "colour = red", "-o", str(out))
    assert result.exit_code == 2 and "colour" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s1.csv", "s2.csv", "store"]


# --- 9. failure safety -----------------------------------------------------------------------


def test_writer_failure_leaves_no_file_and_no_record(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(run, tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    kept = folder / "kept.csv"
    kept.write_text("an earlier export\n")
    real = writers.write

    seen: list[list[str]] = []

    def half(fmt: str, out: IO[bytes], headers: Any, rows: Any, **kwargs: Any) -> int:
        out.write(b"id,first_name\n1,Jane\n")
        out.flush()
        seen.append(sorted(p.name for p in folder.iterdir()))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers, "write", half)
    before = contacted(db())
    for name, extra in (("new.csv", ()), ("kept.csv", ()), ("t.csv", ("--no-record",))):
        result = export(run, "-o", str(folder / name), *extra)
        assert result.exit_code != 0, name
        assert "Error:" in result.stderr
    # the rows went to a private temporary file beside the target, never to the target
    assert [len(names) for names in seen] == [2, 2, 2]
    assert seen[0][0].startswith(".new.csv.") and seen[0][0].endswith(".partial")
    assert sorted(p.name for p in folder.iterdir()) == ["kept.csv"]
    assert kept.read_text() == "an earlier export\n"
    conn = db()
    assert exports_rows(conn) == 0 and count(conn, "export_people") == 0
    assert contacted(conn) == before
    monkeypatch.setattr(writers, "write", real)
    assert export(run, "-o", str(folder / "new.csv")).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["kept.csv", "new.csv"]


def test_record_failure_leaves_no_file(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(run, tmp_path)

    def broken(*args: Any) -> tuple[int, int]:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_exports, "record", broken)
    out = tmp_path / "r.csv"
    result = export(run, "-o", str(out))
    assert result.exit_code == 1
    assert "could not be read or written" in result.stderr
    assert not out.exists() and list(tmp_path.glob(".r.csv*")) == []
    assert exports_rows(db()) == 0
    assert all(c == (0, None) for c in contacted(db()).values())


def test_missing_folder_is_one_line(run: Run, db: Connect, tmp_path: Path) -> None:
    seed(run, tmp_path)
    result = export(run, "-o", str(tmp_path / "nowhere" / "x.csv"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "does not exist" in result.stderr
    assert not (tmp_path / "nowhere").exists()
    folder = export(run, "-o", str(tmp_path))
    assert folder.exit_code == 2 and "is a folder" in folder.stderr
    assert exports_rows(db()) == 0


def test_xlsx_over_the_sheet_limit(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(run, tmp_path)
    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 1)
    out = tmp_path / "big.xlsx"
    result = export(run, "-o", str(out))
    assert result.exit_code == 2
    assert "7 people do not fit in one Excel sheet (1 rows)" in result.stderr
    assert not out.exists() and list(tmp_path.glob(".big.xlsx*")) == []
    assert exports_rows(db()) == 0
    # people a preset leaves out, and suppressed people, do not count against the sheet
    add_json(run, "eve@example.net", "--reason", "bounced")
    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 3)
    three = export_json(run, "--preset", "mailchimp", "-o", str(out))
    assert (three["exported"], three["held_back_suppressed"]) == (3, 1)
    assert [r[0] for r in read_xlsx(out)] == ["Email Address", *EMAILS[:3]]


def test_xlsx_limit_counts_only_what_limit_lets_through(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BUG: the sheet-height check ignores --limit, so the error's own advice
    ("narrow the selection with --where or --limit") does not work."""
    seed(run, tmp_path)
    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 1)
    out = tmp_path / "one.xlsx"
    result = export(run, "--limit", "1", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert len(read_xlsx(out)) == 2


# --- 10. custom fields through SQL and through Python ----------------------------------------

CUSTOM_HEADER = ["Email", "First Name", 'Say "hi"', "a.b", "it's", "Ünï", "$", "n[0]", "id"]
CUSTOM_ROWS = [
    ["a@example.com", "Ann", "=1+2", "x", "@me", "ü", "-5", "+SUM(A1)", "T"],
    ["b@example.com", "Bea", "", "", "", "", "", "", ""],
    ["c@example.com", "Cy", "plain", "-cmd", "o'k", "ß", "$1", "+44", "42"],
]
# Custom columns come in the order of the stored keys (the importer sorts them).
CUSTOM = ["$", 'Say "hi"', "a.b", "custom.id", "it's", "n[0]", "Ünï"]


def seed_custom(run: Run, db: Connect, tmp_path: Path) -> None:
    import_json(run, str(write_csv(tmp_path / "custom.csv", [CUSTOM_HEADER, *CUSTOM_ROWS])))
    conn = db()
    (raw,) = conn.execute("SELECT custom FROM people WHERE first_name = 'Ann'").fetchone()
    custom = json.loads(raw)
    assert custom['Say "hi"'] == "=1+2"
    custom["id"] = "\tT"  # the importer trims cells: a tab-led value is set here
    custom["Ünï"] = "\r\nü"
    conn.execute(
        "UPDATE people SET custom = ? WHERE first_name = 'Ann'",
        (json.dumps(custom, ensure_ascii=False),),
    )
    conn.commit()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_custom_fields_same_through_sql_and_python(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    seed_custom(run, db, tmp_path)
    outputs = {}
    for most in (0, 100):
        monkeypatch.setattr(store_exports, "MAX_SQL_CUSTOM_KEYS", most)
        out = tmp_path / f"c{most}.{fmt}"
        export_json(run, "-o", str(out), "--no-record")
        outputs[most] = out.read_bytes()
        sub = tmp_path / f"s{most}.{fmt}"
        export_json(run, "-o", str(sub), "--no-record", "--columns", 'email,Say "hi",a.b')
        outputs[most + 1] = sub.read_bytes()
    assert outputs[0] == outputs[100]
    assert outputs[1] == outputs[101]
    if fmt != "csv":
        lines = [json.loads(x) for x in outputs[0].splitlines()]
        assert [r['Say "hi"'] for r in lines] == ["=1+2", None, "plain"]
        assert lines[0]["custom.id"] == "\tT"
        return
    header, *rows = read_csv(tmp_path / "c0.csv", bom=True)
    assert header[len(GENERIC_FIELDS) :] == CUSTOM
    got = [dict(zip(header, r, strict=True)) for r in rows]
    assert [got[0][k] for k in CUSTOM] == [
        "-5",
        "'=1+2",
        "x",
        "'\tT",
        "'@me",
        "'+SUM(A1)",
        "'\r\nü",
    ]
    assert [got[1][k] for k in CUSTOM] == [""] * 7
    assert [got[2][k] for k in CUSTOM] == ["$1", "plain", "'-cmd", "42", "o'k", "+44", "ß"]
    assert read_csv(tmp_path / "s0.csv", bom=True) == [
        ["email", 'Say "hi"', "a.b"],
        ["a@example.com", "'=1+2", "x"],
        ["b@example.com", "", ""],
        ["c@example.com", "plain", "'-cmd"],
    ]


def test_custom_key_with_backslash(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BUG: with few custom keys (the SQL path, the default up to MAX_SQL_CUSTOM_KEYS = 4),
    a key with a backslash is read through a JSON path that does not find it: empty cells."""
    rows = [["Email", "Region\\Zone"], ["a@example.com", "EMEA"]]
    import_json(run, str(write_csv(tmp_path / "r.csv", rows)))
    for most in (0, 4):
        monkeypatch.setattr(store_exports, "MAX_SQL_CUSTOM_KEYS", most)
        out = tmp_path / f"r{most}.csv"
        export_json(run, "-o", str(out), "--no-record", "--columns", "email,Region\\Zone")
        assert read_csv(out, bom=True) == [["email", "Region\\Zone"], ["a@example.com", "EMEA"]]


def test_custom_key_with_line_break_or_tab(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A header cell written on two lines (Alt+Enter in Excel) names a custom field whose
    stored JSON key is escaped ("\\n"): both code paths must still find its values."""
    keys = ["Favourite\nColour", "Tab\there", "Ctl\x01x"]
    rows = [
        ["Email", "First Name", "Company", *keys],
        ["a@example.com", "Ann", "Acme", "b", "t", "c"],
    ]
    import_json(run, str(write_csv(tmp_path / "m.csv", rows)))
    got = {}
    for most in (0, 4):
        monkeypatch.setattr(store_exports, "MAX_SQL_CUSTOM_KEYS", most)
        out = tmp_path / f"m{most}.csv"
        export_json(run, "-o", str(out), "--no-record")
        header, row = read_csv(out, bom=True)
        got[most] = dict(
            zip(header[len(GENERIC_FIELDS) :], row[len(GENERIC_FIELDS) :], strict=True)
        )
    assert got[0] == {"Ctl\x01x": "c", "Favourite\nColour": "b", "Tab\there": "t"}
    assert got[4] == got[0]


def test_custom_headers_are_unique(run: Run, tmp_path: Path) -> None:
    """BUG: custom keys "id" and "custom.id" both become the header "custom.id"; JSON then
    keeps only one of the two values."""
    rows = [["Email", "id", "custom.id"], ["a@example.com", "ONE", "TWO"]]
    import_json(run, str(write_csv(tmp_path / "d.csv", rows)))
    out = tmp_path / "d.csv.out"
    report = export_json(run, "-o", str(out), "--format", "csv", "--no-record")
    header, row = read_csv(out, bom=True)
    assert len(set(header)) == len(header), header[len(GENERIC_FIELDS) :]
    assert report["columns"] == header
    assert sorted(row[len(GENERIC_FIELDS) :]) == ["ONE", "TWO"]
    js = tmp_path / "d.jsonl"
    export_json(run, "-o", str(js), "--no-record")
    values = json.loads(js.read_bytes())
    assert sorted([values["custom.id"], values["custom.custom.id"]]) == ["ONE", "TWO"]


def test_parallel_csv_equals_serial(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two-process CSV writer (big exports) writes the same bytes and records the same."""
    from leadtool.exporting import parallel

    seed(run, tmp_path)
    conn = db()
    conn.execute("UPDATE people SET company = '=1+2', title = '-x' WHERE first_name = 'Dora'")
    conn.commit()
    add_json(run, "bob@example.org", "--reason", "unsubscribed")
    presets = ("generic", "mailchimp", "salesforce")
    serial = {}
    for preset in presets:
        out = tmp_path / f"serial-{preset}.csv"
        export_json(run, "-o", str(out), "--no-record", "--preset", preset)
        serial[preset] = out.read_bytes()
    monkeypatch.setattr(parallel, "PARALLEL_MIN_PEOPLE", 1)
    calls = count_two_process_writes(monkeypatch)
    for preset in presets:
        out = tmp_path / f"parallel-{preset}.csv"
        report = export_json(run, "-o", str(out), "--preset", preset)
        assert out.read_bytes() == serial[preset], preset
        assert report["exported"] == {"generic": 6, "mailchimp": 3, "salesforce": 3}[preset]
        assert os.stat(out).st_mode & 0o777 == 0o600
    assert calls == [1, 1, 1]
    assert b"'=1+2" in serial["generic"] and b"bob@" not in serial["generic"]
    assert count(db(), "export_people") == 6 + 3 + 3
    assert list(tmp_path.glob(".*")) == []


def test_two_processes_spread_many_custom_fields_as_one_does(
    run: Run, db: Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Custom fields read in Python (more than MAX_SQL_CUSTOM_KEYS) in both halves of a
    two-process export: the same bytes as one process, formula-safe."""
    from leadtool.exporting import parallel

    seed_custom(run, db, tmp_path)
    monkeypatch.setattr(store_exports, "MAX_SQL_CUSTOM_KEYS", 0)
    serial = tmp_path / "serial.csv"
    export_json(run, "-o", str(serial), "--no-record")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_PEOPLE", 1)
    calls = count_two_process_writes(monkeypatch)
    both = tmp_path / "both.csv"
    export_json(run, "-o", str(both), "--no-record")
    assert calls == [1]
    assert both.read_bytes() == serial.read_bytes()
    assert b"'=1+2" in serial.read_bytes() and b"'+SUM(A1)" in serial.read_bytes()


def count_two_process_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time an export writes with two processes."""
    from leadtool.exporting import parallel

    calls: list[int] = []
    real = parallel.write_halves

    def counted(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parallel, "write_halves", counted)
    return calls


# --- 11. file mode ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_is_private(run: Run, tmp_path: Path, fmt: str) -> None:
    seed(run, tmp_path)
    out = tmp_path / f"p.{fmt}"
    export_json(run, "-o", str(out))
    assert os.stat(out).st_mode & 0o777 == 0o600
    test = tmp_path / f"t.{fmt}"
    export_json(run, "-o", str(test), "--no-record")
    assert os.stat(test).st_mode & 0o777 == 0o600


def test_stdout_csv_has_no_byte_order_mark(run: Run, tmp_path: Path) -> None:
    import_json(run, str(people_file(tmp_path)))
    result = run("export", "-o", "-", "--no-record")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"id,first_name,")
