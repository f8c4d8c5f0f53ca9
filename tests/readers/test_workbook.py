"""Workbooks: XLSX/XLSM/ODS/XLS detection, cells as text, header finding, sheet choice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from leadtool.errors import InputFileError
from leadtool.readers import open_table
from tests.readers.builders import (
    DATA_ROW,
    HEADER_ROW,
    build_xls,
    ods_cell,
    ods_row,
    sheet_xml,
    write_ods,
    write_xlsx,
)


def save(book: openpyxl.Workbook, path: Path) -> Path:
    book.save(path)
    return path


def conference_book(path: Path) -> Path:
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Read me"
    notes["A1"] = "Collected at the booth, do not share"
    leads = book.create_sheet("Attendees")
    leads["A1"] = "Conference attendees 2026"
    leads.append([])
    leads.append(["Email", "First Name", "Last Name", "Phone", "Zip", "Registered", "VIP"])
    leads.append(["ana@x.com", "Ana", "Null", 4155550134.0, "02134", dt.datetime(2026, 3, 1), True])
    leads.append(
        ["bo@x.com", "Bo", "N/A", "+1 415 555 0199", 2134, dt.datetime(2026, 3, 1, 9, 30), False]
    )
    leads.append([])
    leads.append(["  cy@x.com ", "Cy", "NA", 0.5, None, dt.date(2026, 3, 2), None])
    return save(book, path)


def test_xlsx_title_rows_and_cells_as_text(tmp_path: Path) -> None:
    table = open_table(conference_book(tmp_path / "attendees.bin"))
    assert (table.format, table.encoding, table.delimiter) == ("xlsx", None, None)
    assert table.sheet == "Attendees"
    assert table.header == ["Email", "First Name", "Last Name", "Phone", "Zip", "Registered", "VIP"]
    assert table.header_row == 3
    assert list(table.rows) == [
        (4, ["ana@x.com", "Ana", "Null", "4155550134", "02134", "2026-03-01", "TRUE"]),
        (5, ["bo@x.com", "Bo", "N/A", "+1 415 555 0199", "2134", "2026-03-01T09:30:00", "FALSE"]),
        (7, ["cy@x.com", "Cy", "NA", "0.5", "", "2026-03-02", ""]),
    ]
    assert table.total_rows == 4


def test_xlsxwriter_file_with_phone_numbers(tmp_path: Path) -> None:
    path = tmp_path / "leads.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("Leads")
        sheet.write_row(0, 0, ["Email", "Phone", "Zip"])
        sheet.write_row(1, 0, ["a@x.com", 4155550134, "02134"])
        sheet.write_row(2, 0, ["b@x.com", 14155550135.0, "00501"])
    table = open_table(path)
    assert list(table.rows) == [
        (2, ["a@x.com", "4155550134", "02134"]),
        (3, ["b@x.com", "14155550135", "00501"]),
    ]


def test_xlsm_is_recognised_from_its_content_types(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "macro.xlsx", sheet_xml(HEADER_ROW + DATA_ROW), macro=True)
    table = open_table(path)
    assert (table.format, table.header) == ("xlsm", ["Email", "Name"])
    assert list(table.rows) == [(2, ["ana@x.com", "Ana"])]


def test_legacy_xls(tmp_path: Path) -> None:
    cells: list[tuple[int, int, str | float]] = [
        (0, 0, "Leads export"),
        (2, 0, "Email"),
        (2, 1, "Phone"),
        (2, 2, "Last Name"),
        (3, 0, "a@x.com"),
        (3, 1, 4155550134.0),
        (3, 2, "Null"),
    ]
    path = tmp_path / "old.xls"
    path.write_bytes(build_xls(cells))
    table = open_table(path)
    assert (table.format, table.sheet, table.header_row) == ("xls", "Leads", 3)
    assert table.header == ["Email", "Phone", "Last Name"]
    assert list(table.rows) == [(4, ["a@x.com", "4155550134", "Null"])]


def test_ods(tmp_path: Path) -> None:
    rows = (
        ods_row(ods_cell("Guests"))
        + ods_row("<table:table-cell/>")
        + ods_row(ods_cell("Email") + ods_cell("Name"))
        + ods_row(ods_cell("a@x.com") + ods_cell("Ann"))
        + ods_row(ods_cell("same@x.com") + ods_cell("Twin"), repeat=2)
    )
    table = open_table(write_ods(tmp_path / "guests.ods", {"Guests": rows}))
    assert (table.format, table.sheet, table.header, table.header_row) == (
        "ods",
        "Guests",
        ["Email", "Name"],
        3,
    )
    assert list(table.rows) == [
        (4, ["a@x.com", "Ann"]),
        (5, ["same@x.com", "Twin"]),
        (6, ["same@x.com", "Twin"]),
    ]


def multi_sheet_book(path: Path) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Summary"
    first.append(["Region", "Total"])
    first.append(["West", 12])
    first.append(["East", 10])
    first.append(["North", 3])
    small = book.create_sheet("Speakers")
    small.append(["Email", "Name"])
    small.append(["s@x.com", "Sam"])
    big = book.create_sheet("Contacts")
    big.append(["E-mail", "Full name", "Mobile"])
    for index in range(3):
        big.append([f"c{index}@x.com", f"C {index}", "555"])
    hidden = book.create_sheet("Old contacts")
    hidden.sheet_state = "hidden"
    hidden.append(["Email", "Name"])
    for index in range(10):
        hidden.append([f"h{index}@x.com", f"H {index}"])
    return save(book, path)


def test_sheet_choice_prefers_the_biggest_visible_contact_list(tmp_path: Path) -> None:
    table = open_table(multi_sheet_book(tmp_path / "book.xlsx"))
    assert table.sheet == "Contacts"
    assert table.header == ["E-mail", "Full name", "Mobile"]
    assert [cells[0] for _, cells in table.rows] == ["c0@x.com", "c1@x.com", "c2@x.com"]


@pytest.mark.parametrize(
    ("wanted", "sheet", "first"),
    [("speakers", "Speakers", "s@x.com"), ("OLD CONTACTS", "Old contacts", "h0@x.com")],
)
def test_sheet_by_name_ignores_case(tmp_path: Path, wanted: str, sheet: str, first: str) -> None:
    table = open_table(multi_sheet_book(tmp_path / "book.xlsx"), sheet=wanted)
    assert table.sheet == sheet
    assert next(table.rows)[1][0] == first


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = multi_sheet_book(tmp_path / "book.xlsx")
    with pytest.raises(InputFileError) as caught:
        open_table(path, sheet="Leads")
    assert str(caught.value) == (
        f"{path}: has no sheet named 'Leads': its sheets are 'Summary', 'Speakers', "
        "'Contacts', 'Old contacts'; use one of these names"
    )


def test_without_contact_labels_the_first_sheet_with_a_header_is_read(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Empty"
    second = book.create_sheet("Orders")
    second.append(["Order", "Amount"])
    second.append(["A-1", 10])
    third = book.create_sheet("More orders")
    third.append(["Order", "Amount"])
    for index in range(5):
        third.append([f"B-{index}", 1])
    table = open_table(save(book, tmp_path / "orders.xlsx"))
    assert (table.sheet, list(table.rows)) == ("Orders", [(2, ["A-1", "10"])])


def test_workbook_stays_readable_after_open(tmp_path: Path) -> None:
    table = open_table(conference_book(tmp_path / "a.xlsx"))
    first = next(table.rows)
    assert first[0] == 4
    assert len(list(table.rows)) == 2
