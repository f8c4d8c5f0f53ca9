"""Every file that cannot be imported is refused up front; messages never hold cell contents."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from leadtool.errors import InputFileError, UsageError
from leadtool.readers import open_table
from tests.readers.builders import (
    DATA_ROW,
    HEADER_ROW,
    build_ole2,
    build_xls,
    sheet_xml,
    write_xlsx,
)

SECRET = "ana.secret@example.com"


def refusal(path: Path, encoding: str | None = None) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        open_table(path, encoding=encoding)
    assert str(caught.value).startswith(str(path))
    assert SECRET not in str(caught.value)
    return caught.value


def refused(path: Path, encoding: str | None = None) -> str:
    """The problem part of the message (after the path and row)."""
    return refusal(path, encoding).problem


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_missing_file(tmp_path: Path) -> None:
    assert refused(tmp_path / "nope.csv").startswith("does not exist")


def test_folder(tmp_path: Path) -> None:
    assert refused(tmp_path).startswith("is a folder, not a file")


@pytest.mark.parametrize(
    "data",
    [b"", b"  \r\n\t\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xff\xfe \x00\n\x00", b",,,\n , ,\n"],
    ids=["zero bytes", "whitespace", "utf-8 BOM only", "utf-16 BOM only", "utf-16 blank", "commas"],
)
def test_empty(tmp_path: Path, data: bytes) -> None:
    assert refused(write(tmp_path / "empty.csv", data)) == "is empty"


def test_header_only_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "h.csv", b"Email,Name,Company\n\n,,\n")
    assert refused(path) == "has a header but no data rows"


def test_header_only_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "h.xlsx", sheet_xml(HEADER_ROW))
    assert refused(path) == "sheet 'Leads' has a header but no data rows"


def test_no_header_row(tmp_path: Path) -> None:
    data = f"{SECRET},4155550134,https://x.com\nb@x.com,4155550135,https://y.com\n".encode()
    assert refused(write(tmp_path / "data.csv", data)) == (
        "has no header row: add a first row naming the columns (e.g. Email, First Name, Company)"
    )


BINARY = (
    "is not a spreadsheet or a text file leadtool can read "
    "(supported: CSV/TSV, XLSX, XLS, ODS, JSON)"
)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        os.urandom(2048).replace(b"PK", b"pk").replace(b"\xd0\xcf", b"xx") + b"\x00",
        bytes(range(1, 32)) * 50,
        b"%PDF-1.7\n" + bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 200,
    ],
    ids=["png", "random bytes", "control bytes", "pdf-like"],
)
def test_binary_garbage(tmp_path: Path, data: bytes) -> None:
    assert refused(write(tmp_path / "leads.csv", data)) == BINARY


def test_nul_bytes_deep_in_a_text_file(tmp_path: Path) -> None:
    body = b"".join(f"u{i}@x.com,U{i}\n".encode() for i in range(20_000))
    path = write(tmp_path / "nul.csv", b"Email,Name\n" + body + b"bad\x00row\n")
    error = refusal(path)
    assert (error.problem, error.row) == (f"{BINARY}: it contains NUL bytes", 20_002)


def test_undecodable_with_forced_encoding_names_the_line(tmp_path: Path) -> None:
    data = f"Email,Name\n{SECRET},Ann\nb@x.com,Ren\xe9\n".encode("cp1252")
    error = refusal(write(tmp_path / "cp.csv", data), encoding="utf-8")
    assert error.row == 3
    assert str(error).startswith(f"{tmp_path / 'cp.csv'}, row 3: cannot be read as utf-8: ")


def test_undecodable_forced_line_in_a_later_block(tmp_path: Path) -> None:
    body = b"".join(f"u{i}@x.com,U{i}\n".encode() for i in range(120_000))  # > 1 MB
    path = write(tmp_path / "late.csv", b"Email,Name\n" + body + b"z@x.com,Ren\xe9\n")
    assert refusal(path, encoding="utf-8").row == 120_002


def test_forced_8bit_encoding_on_utf16_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "u16.txt", "\ufeffEmail\tName\r\na@x.com\tAnn\r\n".encode("utf-16"))
    error = refusal(path, encoding="cp1252")
    assert (error.row, error.problem.startswith("cannot be read as cp1252")) == (1, True)


def test_unknown_encoding_name_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", b"Email,Name\na@x.com,Ann\n")
    with pytest.raises(UsageError, match="unknown encoding 'klingon'"):
        open_table(path, encoding="klingon")


PASSWORD = (
    "is password-protected: open it in Excel, remove the password "
    "(File > Info > Protect Workbook), save, and import again"
)


@pytest.mark.parametrize(
    "streams",
    [
        {"EncryptionInfo": b"\x04\x00\x04\x00" * 50, "EncryptedPackage": b"\x00" * 5000},
        {"EncryptedPackage": b"\x01" * 100},
    ],
    ids=["agile encryption layout", "small package in the mini stream"],
)
def test_password_protected_ooxml(tmp_path: Path, streams: dict[str, bytes]) -> None:
    assert refused(write(tmp_path / "locked.xlsx", build_ole2(streams))) == PASSWORD


def test_password_protected_by_name_when_the_directory_is_unreadable(tmp_path: Path) -> None:
    ole2 = bytes.fromhex("D0CF11E0A1B11AE1")
    data = ole2 + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600
    assert refused(write(tmp_path / "locked.xlsx", data)) == PASSWORD


def test_password_protected_legacy_xls(tmp_path: Path) -> None:
    data = build_xls([(0, 0, "Email")])
    workbook_bof = data.index(b"\x09\x08\x10\x00\x00\x06\x05\x00")  # BOF, BIFF8 globals
    codepage = workbook_bof + 20  # the 6-byte CODEPAGE record that follows it
    filepass = b"\x2f\x00\x02\x00\x00\x00"  # FILEPASS, same length: the file is encrypted
    patched = data[:codepage] + filepass + data[codepage + len(filepass) :]
    assert refused(write(tmp_path / "locked.xls", patched)) == PASSWORD


def test_ole2_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = write(tmp_path / "letter.doc", build_ole2({"WordDocument": b"\x00" * 600}))
    assert refused(path) == f"{BINARY}: it is an Office file, not a workbook"


def test_truncated_ole2(tmp_path: Path) -> None:
    data = build_xls([(0, 0, "Email"), (1, 0, "a@x.com")])
    path = write(tmp_path / "cut.xls", data[:700])
    assert refused(path).startswith("is damaged or not a real workbook")


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04" + b"\x00garbage" * 20, b"PK\x05\x06" + b"\x00" * 18],
    ids=["broken zip", "empty zip"],
)
def test_corrupt_zip(tmp_path: Path, data: bytes) -> None:
    message = refused(write(tmp_path / "broken.xlsx", data))
    assert message.startswith(("is damaged or not a real workbook", BINARY))


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", sheet_xml(HEADER_ROW + DATA_ROW)).read_bytes()
    path = write(tmp_path / "cut.xlsx", good[: len(good) // 2])
    assert refused(path) == "is damaged or not a real workbook (the zip structure is broken)"


def test_xlsx_with_broken_sheet_xml(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", '<worksheet><sheetData><row r="1"><c r="A1"')
    assert refused(path).startswith("is damaged or not a real workbook")


def test_zip_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("leads.csv", "Email\na@x.com\n")
    assert refused(path) == f"{BINARY}: it is a zip archive; unzip it and import the files inside"


def test_xlsb_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "binary.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert refused(path).startswith("is an Excel binary workbook (.xlsb)")


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body><table><tr><td>Email</td></tr></table></body></html>",
        b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
    ],
    ids=["html saved as xls", "xml spreadsheet 2003"],
)
def test_markup_pretending_to_be_a_spreadsheet(tmp_path: Path, data: bytes) -> None:
    assert refused(write(tmp_path / "export.xls", data)).startswith(
        "is a web page or XML document, not a spreadsheet"
    )


def test_bom_marked_utf8_with_a_bad_line(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfEmail,Name\r\na@x.com,Ann\r\nb@x.com,Ren\xe9\r\n"
    error = refusal(write(tmp_path / "marked.csv", data))
    assert error.row == 3
    assert error.problem.startswith("cannot be read as utf-8-sig: the file is marked as utf-8-sig")
