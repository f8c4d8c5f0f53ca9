"""The pure pieces: cell values as text, header finding and naming, row shaping."""

from __future__ import annotations

import datetime as dt

import pytest

from leadtool.readers.cells import cell_text
from leadtool.readers.header import find_header, looks_like_label, name_columns, shape_row


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  Null  ", "Null"),
        ("02134", "02134"),
        (True, "TRUE"),
        (False, "FALSE"),
        (4155550134, "4155550134"),
        (4155550134.0, "4155550134"),
        (-0.0, "0"),
        (1e20, "100000000000000000000"),
        (0.1, "0.1"),
        (2.5e-7, "2.5e-07"),
        (float("nan"), "nan"),
        (dt.datetime(2026, 3, 1), "2026-03-01"),
        (dt.datetime(2026, 3, 1, 9, 30, 5), "2026-03-01T09:30:05"),
        (dt.date(2026, 3, 1), "2026-03-01"),
        (dt.time(14, 30), "14:30:00"),
        (dt.timedelta(hours=30), "1 day, 6:00:00"),
        (["a", None, 3, 4.0], "a; 3; 4"),
        ({"k": "v"}, '{"k":"v"}'),
        ({}, ""),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("cell", "is_label"),
    [
        ("Email Address", True),
        ("Connected On", True),
        ("N/A", True),
        ("ana@x.com", False),
        ("4155550134", False),
        ("2026-03-01", False),
        ("https://www.linkedin.com/in/ana", False),
        ("www.acme.com", False),
        ("", False),
        ("x" * 61, False),
        ("two\nlines", False),
    ],
)
def test_looks_like_label(cell: str, is_label: bool) -> None:
    assert looks_like_label(cell) is is_label


def records(*rows: list[str]) -> list[tuple[int, list[str]]]:
    return [(number, cells) for number, cells in enumerate(rows, 1)]


@pytest.mark.parametrize(
    ("rows", "index"),
    [
        (records(["Email", "Name"], ["a@x.com", "Ann"]), 0),
        (records(["Attendees 2026"], ["Email", "Name", "Co"], ["a@x.com", "Ann", "Acme"]), 1),
        (
            records(
                ["Exported by", "Sam"], ["Email", "Name", "Co", "Phone"], ["a@x", "A", "B", "1"]
            ),
            1,
        ),
        (records(["Export", "2026-03-01"], ["Email", "Name"], ["a@x.com", "Ann"]), 1),
        (records(["a@x.com", "4155550134"], ["b@x.com", "4155550135"]), None),
        (records(["Email"], ["a@x.com"], ["b@x.com"]), 0),
        (records(["Email", "Name"]), 0),
        (
            records(
                ["First Name", "Last Name", "Email", "=1+1", "@SUM(1)"],
                ["Ann", "Lee", "a@x.com", "2", "1"],
            ),
            0,
        ),
        (
            records(
                ["Attendees 2026"],
                ["First Name", "Email", "=1+1", "@SUM(1)", "=A1"],
                ["Ann", "a@x.com", "2", "1", "0"],
            ),
            1,
        ),
        (records(["=1+1", "@SUM(1)"], ["Email", "Name"], ["a@x.com", "Ann"]), 1),
        (records(["Ann", "a@x.com", "=1+1"], ["Bo", "b@x.com", "=2+2"]), None),
    ],
    ids=[
        "first row",
        "title",
        "two-cell title",
        "title with a date",
        "no header",
        "one column",
        "alone",
        "formula-like column names",
        "formula-like column names below a title",
        "a row of formulas is no header",
        "no header, a formula in the data",
    ],
)
def test_find_header(rows: list[tuple[int, list[str]]], index: int | None) -> None:
    assert find_header(rows) == index


def test_name_columns() -> None:
    cells = [" Email ", "", "Name", "name", "Name (2)", "Name"]
    assert name_columns(cells, 8) == [
        "Email",
        "column_2",
        "Name",
        "name (2)",
        "Name (2) (2)",
        "Name (3)",
        "column_7",
        "column_8",
    ]


@pytest.mark.parametrize(
    ("cells", "shaped"),
    [
        ([" a ", "b"], ["a", "b", ""]),
        (["a", "b", "c", "", " "], ["a", "b", "c"]),
        (["a", "b", "", "d", ""], ["a", "b", "", "d"]),
        ([" ", ""], None),
    ],
)
def test_shape_row(cells: list[str], shaped: list[str] | None) -> None:
    assert shape_row(cells, 3) == shaped
