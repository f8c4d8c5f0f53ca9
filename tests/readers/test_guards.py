"""Hostile and oversized workbooks are refused before python-calamine sees them.

A hostile sheet that reached calamine would abort the whole test run, so each test that builds
one first replaces the calamine step with a failure (`no_calamine`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtool.errors import InputFileError
from leadtool.readers import open_table, workbook, zipguard
from leadtool.readers.xmlbits import column_number, greater_than
from tests.readers.builders import (
    DATA_ROW,
    HEADER_ROW,
    ODS_MIMETYPE,
    build_xls,
    inline,
    number,
    ods_cell,
    ods_row,
    sheet_xml,
    write_ods,
    write_xlsx,
)

SHEET = "xl/worksheets/sheet1.xml"
LIMIT = f"{zipguard.MAX_SHEET_CELLS:,}"


@pytest.fixture
def no_calamine(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("a hostile workbook reached python-calamine")

    monkeypatch.setattr(workbook, "_read_workbook", fail)


def problem(path: Path) -> str:
    with pytest.raises(InputFileError) as caught:
        open_table(path)
    return caught.value.problem


def xlsx(tmp_path: Path, rows: str, **options: object) -> Path:
    return write_xlsx(tmp_path / "book.xlsx", sheet_xml(rows), **options)  # type: ignore[arg-type]


@pytest.mark.usefixtures("no_calamine")
def test_member_with_a_huge_compression_ratio(tmp_path: Path) -> None:
    path = xlsx(tmp_path, HEADER_ROW + DATA_ROW, fake_sizes={SHEET: 300 * 1024**2})
    assert re.fullmatch(
        r"looks like a zip bomb \(has a part compressed [\d,]+ times\), so leadtool refused "
        r"to open it\. If it is a real spreadsheet, open it in Excel, save a copy, and import "
        r"the copy",
        problem(path),
    )


@pytest.mark.usefixtures("no_calamine")
def test_huge_total_declared_size(tmp_path: Path) -> None:
    sizes = {SHEET: 1_500 * 1024**2, "xl/workbook.xml": 1_500 * 1024**2}
    path = xlsx(tmp_path, HEADER_ROW + DATA_ROW, fake_sizes=sizes)
    assert problem(path).startswith("looks like a zip bomb (would unpack to 2.9 GiB)")


@pytest.mark.usefixtures("no_calamine")
def test_too_many_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipguard, "MAX_MEMBERS", 8)
    extra = {f"xl/media/image{i}.png": b"x" for i in range(5)}
    path = xlsx(tmp_path, HEADER_ROW + DATA_ROW, extra=extra)
    assert problem(path).startswith("looks like a zip bomb (holds 10 parts (limit 8))")


@pytest.mark.usefixtures("no_calamine")
def test_member_larger_than_declared(tmp_path: Path) -> None:
    rows = HEADER_ROW + DATA_ROW * 2000
    path = xlsx(tmp_path, rows, fake_sizes={SHEET: 5000})
    assert problem(path) == "is damaged or not a real workbook (the zip structure is broken)"


@pytest.mark.usefixtures("no_calamine")
def test_huge_declared_dimension(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dim.xlsx", sheet_xml(HEADER_ROW, dimension="A1:XFD1048576"))
    assert problem(path) == (
        "has sheet 'Leads' that declares 1,048,576 rows × 16,384 columns (17,179,869,184 cells), "
        f"more than leadtool reads ({LIMIT} cells). Delete the empty rows and columns around the "
        "data (or split it), save, and import again"
    )


HOSTILE_SHEETS = [
    pytest.param(
        HEADER_ROW + '<row r="1048576">' + number("XFD1048576", 1) + "</row>",
        "XFD1048576",
        id="one value at the last cell",
    ),
    pytest.param(
        HEADER_ROW + '<row r="2">' + number("B1048577", 1) + "</row>",
        "B1048577",
        id="a row beyond Excel's last row, cell ref lies about its row",
    ),
    pytest.param(
        HEADER_ROW + '<row r="3">' + number("AAA000003", 1) + number("C9999999999", 1) + "</row>",
        "C9999999999",
        id="leading zeros and a ten-digit row",
    ),
    pytest.param(
        HEADER_ROW + '<row r="2">' + number("xfd1048576", 1) + "</row>",
        "xfd1048576",
        id="lower-case reference (calamine accepts it)",
    ),
    pytest.param(
        HEADER_ROW + '<row r="2000">' + number("AAAA2000", 1) + "</row>",
        "AAAA2000",
        id="four-letter column (calamine accepts it)",
    ),
    pytest.param(
        HEADER_ROW + '<row r="9"><c s="0" r="XFD9000"><v>1</v></c></row>',
        "row 9,000, column 16,384",
        id="reference not first: exact walk",
    ),
    pytest.param(
        HEADER_ROW + '<row r="1048576">' + number("XFC1048576", 1) + "<c><v>2</v></c></row>",
        "row 1,048,576, column 16,384",
        id="cell without reference: exact walk",
    ),
]


@pytest.mark.usefixtures("no_calamine")
@pytest.mark.parametrize(("rows", "where"), HOSTILE_SHEETS)
def test_values_far_away_are_refused(tmp_path: Path, rows: str, where: str) -> None:
    assert problem(xlsx(tmp_path, rows)) == (
        f"has sheet 'Leads' whose cells spread over more than {LIMIT} cells (there is a value as "
        f"far as {where}), more than leadtool reads. Delete stray cells far from the data (or "
        "split it), save, and import again"
    )


@pytest.mark.usefixtures("no_calamine")
def test_a_sheet_part_missing_from_the_workbook_list_is_checked_too(tmp_path: Path) -> None:
    hostile = sheet_xml('<row r="1">' + number("XFD1048576", 1) + "</row>").encode()
    path = xlsx(tmp_path, HEADER_ROW + DATA_ROW, extra={"xl/worksheets/sheet9.xml": hostile})
    assert problem(path).startswith("has sheet 'xl/worksheets/sheet9.xml' whose cells spread")


@pytest.mark.usefixtures("no_calamine")
def test_namespaced_sheet_gets_the_exact_walk(tmp_path: Path) -> None:
    sheet = (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:sheetData><x:row r="1"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    path = write_xlsx(tmp_path / "ns.xlsx", sheet)
    assert "(there is a value as far as row 1,048,576, column 16,384)" in problem(path)


@pytest.mark.usefixtures("no_calamine")
def test_a_wide_value_after_the_first_block_is_found(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{i}">{number(f"A{i}", i)}</row>' for i in range(1, 40_000))
    rows += '<row r="40000">' + number("XFD40000", 1) + "</row>"
    path = xlsx(tmp_path, rows)
    assert "(there is a value as far as row 40,000, column 16,384)" in problem(path)


def test_far_away_formatting_without_values_is_harmless(tmp_path: Path) -> None:
    rows = HEADER_ROW + DATA_ROW + '<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    table = open_table(xlsx(tmp_path, rows, fake_sizes=None))
    assert list(table.rows) == [(2, ["ana@x.com", "Ana"])]


def test_a_wide_ordinary_sheet_is_read(tmp_path: Path) -> None:
    refs = [f"{a}{b}" for a in "AB" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"][:30]
    header = '<row r="1">' + "".join(inline(f"{r}1", f"Field {r}") for r in refs) + "</row>"
    data = '<row r="2">' + "".join(inline(f"{r}2", f"v{r}") for r in refs) + "</row>"
    table = open_table(xlsx(tmp_path, header + data, fake_sizes=None))
    assert table.header[-1] == "Field BD"
    assert next(table.rows)[1][-1] == "vBD"


@pytest.mark.usefixtures("no_calamine")
def test_ods_repeated_rows_and_columns_are_counted(tmp_path: Path) -> None:
    rows = ods_row(ods_cell("Email")) + ods_row(ods_cell("x", repeat=16_384), repeat=1_048_575)
    path = write_ods(tmp_path / "bomb.ods", {"Guests": rows})
    assert "has sheet 'Guests' whose cells spread over" in problem(path)
    assert "(there is a value as far as row 1,048,576, column 16,384)" in problem(path)


@pytest.mark.usefixtures("no_calamine")
def test_malformed_ods_xml_is_refused_before_calamine_loops_on_it(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "broken.ods", {"Guests": ods_row(ods_cell("Email"))})
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml").replace(b"</table:table>", b"</table:tabl<e>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", ODS_MIMETYPE)
        archive.writestr("content.xml", content)
    assert problem(path) == "is damaged or not a real workbook (its XML is malformed)"


@pytest.mark.usefixtures("no_calamine")
def test_ods_with_a_doctype_is_refused(tmp_path: Path) -> None:
    laughs = '<!DOCTYPE d [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    path = tmp_path / "laughs.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", ODS_MIMETYPE)
        archive.writestr("content.xml", f'<?xml version="1.0"?>{laughs}<d>&b;</d>')
    assert problem(path) == (
        "is damaged or not a real workbook (its XML is malformed: it declares a DOCTYPE)"
    )


def test_ods_trailing_empty_repeats_are_harmless(tmp_path: Path) -> None:
    empty = '<table:table-cell table:number-columns-repeated="16384"/>'
    rows = (
        ods_row(ods_cell("Email") + ods_cell("Name"))
        + ods_row(ods_cell("a@x.com") + ods_cell("Ann"))
        + ods_row(empty, repeat=1_048_574)
    )
    table = open_table(write_ods(tmp_path / "lo.ods", {"Guests": rows}))
    assert list(table.rows) == [(2, ["a@x.com", "Ann"])]


@pytest.mark.usefixtures("no_calamine")
def test_xls_cell_beyond_biff_columns(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xls"
    path.write_bytes(build_xls([(0, 0, "Email"), (65_535, 65_535, 1.0)]))
    assert "(there is a value as far as row 65,536, column 65,536)" in problem(path)


@given(st.integers(0, 10**12), st.integers(0, 10**13))
def test_greater_than_pattern(bound: int, value: int) -> None:
    pattern = re.compile(b"(?:" + greater_than(bound) + rb")\Z")
    assert (pattern.match(str(value).encode()) is not None) == (value > bound)


@pytest.mark.parametrize(
    ("letters", "expected"), [(b"A", 1), (b"Z", 26), (b"AA", 27), (b"AZ", 52), (b"XFD", 16_384)]
)
def test_column_number(letters: bytes, expected: int) -> None:
    assert column_number(letters) == expected
