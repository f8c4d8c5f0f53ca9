"""Delimited text: encodings, delimiters, header finding, row numbers, cells kept as text."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from leadtool.readers import Table, extra_column_name, open_table
from leadtool.readers.cells import restore_neutralised

HEADER = ["Email", "First Name", "Company"]


def write(tmp_path: Path, data: bytes, name: str = "leads.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rows(table: Table) -> list[tuple[int, list[str]]]:
    return list(table.rows)


def lines(*rows: str, sep: str = "\n") -> str:
    return sep.join(rows) + sep


ENCODING_CASES = [
    pytest.param(
        lines("Email,First Name,Company", "zoe@x.com,Zoë,Ünïcode GmbH").encode(),
        "utf-8",
        ",",
        ["zoe@x.com", "Zoë", "Ünïcode GmbH"],
        id="utf-8",
    ),
    pytest.param(
        codecs.BOM_UTF8 + lines("Email,First Name,Company", "zoe@x.com,Zoë,Acme").encode(),
        "utf-8-sig",
        ",",
        ["zoe@x.com", "Zoë", "Acme"],
        id="utf-8 BOM (Excel CSV UTF-8)",
    ),
    pytest.param(
        codecs.BOM_UTF16_LE
        + lines("Email\tFirst Name\tCompany", "zoe@x.com\tZoë\tAcme, Inc", sep="\r\n").encode(
            "utf-16-le"
        ),
        "utf-16",
        "\t",
        ["zoe@x.com", "Zoë", "Acme, Inc"],
        id="utf-16 LE BOM tab (Excel Unicode text)",
    ),
    pytest.param(
        lines("Email\tFirst Name\tCompany", "zoe@x.com\tZoë\tAcme").encode("utf-16-le"),
        "utf-16-le",
        "\t",
        ["zoe@x.com", "Zoë", "Acme"],
        id="utf-16 LE without BOM",
    ),
    pytest.param(
        lines("Email;First Name;Company", "rene@x.fr;René;Café € 5").encode("cp1252"),
        "cp1252",
        ";",
        ["rene@x.fr", "René", "Café € 5"],
        id="cp1252 with é and €",
    ),
    pytest.param(
        lines("Email,First Name,Company", "rene@x.fr,René,Ac\x90me").encode("latin-1"),
        "latin-1",
        ",",
        ["rene@x.fr", "René", "Ac\x90me"],
        id="latin-1 (byte undefined in cp1252)",
    ),
    pytest.param(
        lines("Email|First Name|Company", "a@x.com|Ann|Acme, Inc; Intl").encode(),
        "utf-8",
        "|",
        ["a@x.com", "Ann", "Acme, Inc; Intl"],
        id="pipe",
    ),
    pytest.param(
        lines("Email;First Name;Company", "a@x.com;Ann;1,5", "b@x.com;Bo;2,25").encode(),
        "utf-8",
        ";",
        ["a@x.com", "Ann", "1,5"],
        id="semicolon with decimal commas",
    ),
    pytest.param(
        lines("Email\tFirst Name\tCompany", "a@x.com\tAnn\tAcme, Inc").encode(),
        "utf-8",
        "\t",
        ["a@x.com", "Ann", "Acme, Inc"],
        id="tab",
    ),
]


@pytest.mark.parametrize(("data", "encoding", "delimiter", "first"), ENCODING_CASES)
def test_encoding_and_delimiter_detection(
    tmp_path: Path, data: bytes, encoding: str, delimiter: str, first: list[str]
) -> None:
    table = open_table(write(tmp_path, data, name="no-extension-hint.dat"))
    assert (table.format, table.encoding, table.delimiter) == ("csv", encoding, delimiter)
    assert table.header == HEADER
    assert table.header_row == 1
    assert rows(table)[0] == (2, first)
    assert table.sheet is None


@pytest.mark.parametrize(
    ("forced", "expected_encoding", "expected_name"),
    [("cp1252", "cp1252", "René"), ("latin-1", "latin-1", "René"), ("CP1252", "cp1252", "René")],
)
def test_forced_encoding_is_used(
    tmp_path: Path, forced: str, expected_encoding: str, expected_name: str
) -> None:
    path = write(tmp_path, lines("Email,First Name", "r@x.fr,René").encode("cp1252"))
    table = open_table(path, encoding=forced)
    assert table.encoding == expected_encoding
    assert rows(table) == [(2, ["r@x.fr", expected_name])]


def test_forced_utf8_skips_a_bom(tmp_path: Path) -> None:
    path = write(tmp_path, codecs.BOM_UTF8 + lines("Email,Name", "a@x.com,Ann").encode())
    table = open_table(path, encoding="utf-8")
    assert table.encoding == "utf-8-sig"
    assert table.header == ["Email", "Name"]


LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    'https://www.linkedin.com/psettings/privacy/email"\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    'Ana,Lopez,https://www.linkedin.com/in/ana-lopez,ana@acme.com,"Acme, Inc",CMO,05 Jan 2024\n'
    "Bo,Li,https://www.linkedin.com/in/bo-li,,Beta,VP Marketing,06 Jan 2024\n"
)


def test_linkedin_connections_preamble_is_skipped(tmp_path: Path) -> None:
    table = open_table(write(tmp_path, LINKEDIN.encode(), "Connections.csv"))
    assert table.header == [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ]
    assert table.header_row == 4
    assert rows(table) == [
        (5, ["Ana", "Lopez", "https://www.linkedin.com/in/ana-lopez", "ana@acme.com",
             "Acme, Inc", "CMO", "05 Jan 2024"]),
        (6, ["Bo", "Li", "https://www.linkedin.com/in/bo-li", "", "Beta", "VP Marketing",
             "06 Jan 2024"]),
    ]  # fmt: skip
    assert table.total_rows == 2


def test_title_and_blank_rows_above_the_header(tmp_path: Path) -> None:
    text = lines(
        "Conference attendees 2026",
        "Exported,2026-03-01",
        "",
        ",,",
        "Email,Name,Company,Phone",
        "a@x.com,Ann,Acme,+1 415 555 0134",
        "",
        "b@x.com,Bo,Beta,",
    )
    table = open_table(write(tmp_path, text.encode()))
    assert table.header == ["Email", "Name", "Company", "Phone"]
    assert table.header_row == 5
    assert rows(table) == [
        (6, ["a@x.com", "Ann", "Acme", "+1 415 555 0134"]),
        (8, ["b@x.com", "Bo", "Beta", ""]),
    ]


def test_cells_stay_text_exactly(tmp_path: Path) -> None:
    text = lines(
        "Email,Last Name,Zip,Phone,Note",
        "a@x.com,Null,02134,+1 415 555 0134,NA",
        "b@x.com,N/A,00501,0044 20 7946 0000,  padded  ",
        "c@x.com,NaN,1e5,=1+1,nan",
    )
    assert rows(open_table(write(tmp_path, text.encode()))) == [
        (2, ["a@x.com", "Null", "02134", "+1 415 555 0134", "NA"]),
        (3, ["b@x.com", "N/A", "00501", "0044 20 7946 0000", "padded"]),
        (4, ["c@x.com", "NaN", "1e5", "=1+1", "nan"]),
    ]


def test_quoted_line_breaks_keep_physical_row_numbers(tmp_path: Path) -> None:
    text = 'Email,Notes\na@x.com,"line one\nline two\nline three"\n\nb@x.com,short\n'
    table = open_table(write(tmp_path, text.encode()))
    assert rows(table) == [
        (2, ["a@x.com", "line one\nline two\nline three"]),
        (6, ["b@x.com", "short"]),
    ]


def test_crlf_and_ragged_rows(tmp_path: Path) -> None:
    text = "Email,Name,Company\r\na@x.com,Ann\r\nb@x.com,Bo,Beta,\r\n"
    assert rows(open_table(write(tmp_path, text.encode()))) == [
        (2, ["a@x.com", "Ann", ""]),
        (3, ["b@x.com", "Bo", "Beta"]),
    ]


def test_blank_and_duplicate_header_names(tmp_path: Path) -> None:
    text = lines("Email,,email,Name,Name", "a@x.com,x,b@x.com,Ann,Annie")
    table = open_table(write(tmp_path, text.encode()))
    assert table.header == ["Email", "column_2", "email (2)", "Name", "Name (2)"]


def test_wide_rows_near_the_header_widen_it(tmp_path: Path) -> None:
    text = lines("Email,Name", "a@x.com,Ann,VIP,", "b@x.com,Bo")
    table = open_table(write(tmp_path, text.encode()))
    assert table.header == ["Email", "Name", "column_3"]
    assert rows(table) == [(2, ["a@x.com", "Ann", "VIP"]), (3, ["b@x.com", "Bo", ""])]


def test_a_later_row_longer_than_the_header_keeps_its_extra_cells(tmp_path: Path) -> None:
    body = [f"user{i}@x.com,User {i}" for i in range(30)]
    text = lines("Email,Name", *body, "late@x.com,Late,extra value,,", "z@x.com,Zed,,,")
    table = open_table(write(tmp_path, text.encode()))
    assert table.header == ["Email", "Name"]
    found = rows(table)
    assert found[-2] == (32, ["late@x.com", "Late", "extra value"])
    assert found[-1] == (33, ["z@x.com", "Zed"])  # empty extras are dropped
    assert extra_column_name(2) == "column_3"


def test_rows_are_lazy_and_counted(tmp_path: Path) -> None:
    text = lines("Email,Name", *(f"u{i}@x.com,U{i}" for i in range(1000)))
    table = open_table(write(tmp_path, text.encode()))
    assert table.total_rows == 1000
    assert next(table.rows) == (2, ["u0@x.com", "U0"])
    assert sum(1 for _ in table.rows) == 999


def test_a_big_cell_is_read(tmp_path: Path) -> None:
    notes = "n" * 300_000  # above the csv module's default 128 KiB field limit
    table = open_table(write(tmp_path, f'Email,Notes\na@x.com,"{notes}"\n'.encode()))
    assert rows(table) == [(2, ["a@x.com", notes])]


def test_single_column_list(tmp_path: Path) -> None:
    table = open_table(write(tmp_path, lines("Email", "a@x.com", "b@x.com").encode()))
    assert table.header == ["Email"]
    assert rows(table) == [(2, ["a@x.com"]), (3, ["b@x.com"])]


CELL_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t,;|\"' "),
    max_size=12,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(CELL_TEXT, min_size=3, max_size=3), min_size=1, max_size=8))
@example([["'\n0", "", ""]])  # found by hypothesis: an export's protection is undone
def test_any_text_written_by_the_csv_module_reads_back(
    tmp_path: Path, data: list[list[str]]
) -> None:
    """As written, but for what a leadtool export protects: an apostrophe before = + - @
    tab, CR or LF is the export's, and reading undoes it (readers.cells.restore_neutralised)."""
    path = tmp_path / "roundtrip.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["Email", "Name", "Notes"], *data])
    expected = [[restore_neutralised(cell).strip() for cell in row] for row in data]
    expected = [row for row in expected if any(row)]
    if not expected:
        return
    table = open_table(path)
    assert (table.header, table.delimiter) == (["Email", "Name", "Notes"], ",")
    assert [cells for _, cells in table.rows] == expected


def test_a_header_with_formula_like_column_names_is_read(tmp_path: Path) -> None:
    data = lines("First Name,Last Name,Email,=1+1,@SUM(1)", "Ann,Lee,ann@x.com,2,1").encode()
    table = open_table(write(tmp_path, data))
    assert table.header == ["First Name", "Last Name", "Email", "=1+1", "@SUM(1)"]
    assert rows(table) == [(2, ["Ann", "Lee", "ann@x.com", "2", "1"])]
