"""The bench data generator: shape, mess at the intended rates, valid phones, determinism."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import phonenumbers
import pytest
from openpyxl import load_workbook

from bench.generate import COLUMNS, COUNTRIES, DUPLICATE_RATE, INVALID_EMAIL_RATE, generate, main

ROWS = 2000
EMAIL = re.compile(r"^[^@\s]+@[^@\s,]+\.[A-Za-z]{2,}$")
COUNTRY_ISO = {name: country.iso for country in COUNTRIES for name in country.names}


@pytest.fixture(scope="module")
def leads(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    path = generate(ROWS, tmp_path_factory.mktemp("gen") / "leads.csv", seed=42)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def test_row_count_and_columns(leads: list[dict[str, str]]) -> None:
    assert len(leads) == ROWS
    assert all(len(row) == len(COLUMNS) and None not in row for row in leads)


def test_duplicates_at_about_the_intended_rate(leads: list[dict[str, str]]) -> None:
    seen: set[tuple[str, str, str]] = set()
    repeats = 0
    for row in leads:
        key = (row["First Name"].casefold(), row["Last Name"].casefold(), row["Company"].casefold())
        repeats += key in seen
        seen.add(key)
    assert DUPLICATE_RATE * 0.7 <= repeats / ROWS <= DUPLICATE_RATE * 1.3


def test_duplicates_come_with_variants(leads: list[dict[str, str]]) -> None:
    emails = [row["Email"] for row in leads if row["Email"]]
    assert any(e.isupper() and e.lower() in emails for e in emails)
    urls = [row["LinkedIn URL"] for row in leads]
    assert any(re.match(r"https://(?!www\.)[a-z]{2,3}\.linkedin\.com/in/.+/$", u) for u in urls)


def test_invalid_role_and_missing_emails_occur(leads: list[dict[str, str]]) -> None:
    emails = [row["Email"] for row in leads]
    invalid = sum(1 for e in emails if e and not EMAIL.match(e))
    assert INVALID_EMAIL_RATE * 0.5 <= invalid / ROWS <= INVALID_EMAIL_RATE * 1.7
    assert any(e.startswith(("info@", "sales@", "contact@")) for e in emails)
    assert 0.02 <= emails.count("") / ROWS <= 0.12


def test_phones_are_valid_for_the_row_country(leads: list[dict[str, str]]) -> None:
    checked = valid = 0
    for row in leads:
        iso = COUNTRY_ISO.get(row["Country"])
        phone = row["Phone"]
        if not iso or sum(c.isdigit() for c in phone) < 6:
            continue
        checked += 1
        valid += phonenumbers.is_valid_number_for_region(phonenumbers.parse(phone, iso), iso)
    assert checked > ROWS / 2
    assert valid / checked > 0.98


def test_us_heavy_mix_of_countries(leads: list[dict[str, str]]) -> None:
    isos = [COUNTRY_ISO[row["Country"]] for row in leads]
    assert 0.3 < isos.count("US") / ROWS < 0.6
    assert len(set(isos)) == len(COUNTRIES) == 15


def test_accented_names_and_reserved_company_domains(leads: list[dict[str, str]]) -> None:
    names = {row["First Name"] for row in leads} | {row["Last Name"] for row in leads}
    assert len(names) > 300
    assert any(not name.isascii() for name in names)
    domains = {
        row["Email"].rpartition("@")[2].lower() for row in leads if EMAIL.match(row["Email"])
    }
    public = {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "gmx.de", "orange.fr"}
    assert all(
        d.endswith((".example.com", ".example.net", ".example.org")) for d in domains - public
    )


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first = generate(300, tmp_path / "a.csv", seed=7).read_bytes()
    assert generate(300, tmp_path / "b.csv", seed=7).read_bytes() == first
    assert generate(300, tmp_path / "c.csv", seed=8).read_bytes() != first


def test_xlsx_output_has_the_same_rows_as_csv(tmp_path: Path) -> None:
    generate(50, tmp_path / "a.csv", seed=3)
    generate(50, tmp_path / "a.xlsx", fmt="xlsx", seed=3)
    with (tmp_path / "a.csv").open(newline="", encoding="utf-8") as handle:
        expected = list(csv.reader(handle))
    sheet = load_workbook(tmp_path / "a.xlsx", read_only=True).active
    assert sheet is not None
    got = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert got == expected


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--rows", "10", "--out", str(tmp_path / "x.csv"), "--seed", "1"])
    assert "wrote 10 rows" in capsys.readouterr().out
    assert len((tmp_path / "x.csv").read_text(encoding="utf-8").splitlines()) == 11


def test_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        generate(1, tmp_path / "x.txt", fmt="txt")
    with pytest.raises(ValueError, match="rows"):
        generate(-1, tmp_path / "x.csv")
