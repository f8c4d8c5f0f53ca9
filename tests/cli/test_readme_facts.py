"""What README.md says about CSV exports in a spreadsheet, checked (issue 20, item 24):
leading zeros are kept in the file and as text in XLSX, and only the generic preset's CSV
starts with a UTF-8 byte-order mark."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest

from tests.cli.test_import import import_json
from tests.conftest import Run, write_csv

HEADER = ["First Name", "Last Name", "Email", "Company", "Postal Code", "Badge"]


@pytest.fixture
def zoe(run: Run, tmp_path: Path) -> None:
    rows = [HEADER, ["Zoë", "Zed", "zoe@example.com", "Zed SA", "06000", "0042"]]
    import_json(run, str(write_csv(tmp_path / "zoe.csv", rows)))


@pytest.mark.parametrize(
    ("preset", "bom"),
    [
        ("generic", True),
        ("hubspot", False),
        ("mailchimp", False),
        ("salesforce", False),
        ("linkedin", False),
    ],
)
def test_only_the_generic_csv_has_a_bom(
    run: Run, tmp_path: Path, zoe: None, preset: str, bom: bool
) -> None:
    out = tmp_path / f"{preset}.csv"
    assert run("export", "--preset", preset, "-o", str(out), "--no-record").exit_code == 0
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) is bom
    assert "Zoë" in data.decode("utf-8-sig")


def test_leading_zeros_stay_in_the_csv_and_as_text_in_xlsx(
    run: Run, tmp_path: Path, zoe: None
) -> None:
    csv_out, xlsx_out = tmp_path / "all.csv", tmp_path / "all.xlsx"
    assert run("export", "-o", str(csv_out), "--no-record").exit_code == 0
    text = csv_out.read_text(encoding="utf-8-sig")
    assert "06000" in text and "0042" in text
    assert run("export", "-o", str(xlsx_out), "--no-record").exit_code == 0
    with zipfile.ZipFile(xlsx_out) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    # a <t> element is a text cell; a number would be <v>6000</v>
    assert "<t>06000</t>" in sheet and "<t>0042</t>" in sheet


def test_stdout_csv_has_no_bom(run: Run, zoe: None) -> None:
    result = run("export", "-o", "-", "--no-record")
    assert result.exit_code == 0 and not result.stdout.startswith("\ufeff")
