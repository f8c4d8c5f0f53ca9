"""Workbooks (XLSX, XLSM, ODS, legacy XLS): which kind, the guards, reading, choosing the sheet.

Memory: python-calamine loads a whole sheet before the first row (about 32 bytes a cell of the
sheet's used span, plus its strings; measured peak: +20 MB for 20k rows x 10 columns, +190 MB
for 200k x 10; at most about 870 MB of cells under `MAX_SHEET_CELLS`). Rows then become text
one at a time (iter_rows), so the Python side stays small.

Sheet choice without `sheet=`: among visible worksheets, the one with the most rows whose header
holds an email, name or phone-like label; else the first sheet (visible first) with a header.
Every candidate sheet is loaded once to look at its first rows; only the chosen one is kept.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import python_calamine as calamine

from leadtool.errors import InputFileError
from leadtool.readers.cells import cell_text
from leadtool.readers.delimited import NO_HEADER, PROBE_RECORDS
from leadtool.readers.header import (
    DATA_SAMPLE_ROWS,
    Record,
    find_header,
    header_width,
    name_columns,
    shape_row,
)
from leadtool.readers.odsguard import check_ods
from leadtool.readers.ole2 import CompoundFile, Ole2Error
from leadtool.readers.sniff import ENCRYPTED_WORKBOOK, NOT_READABLE
from leadtool.readers.table import Row, Table
from leadtool.readers.xlsguard import check_biff
from leadtool.readers.xmlbits import attributes, text_value
from leadtool.readers.zipguard import Refused, check_members, check_xlsx_sheet

ODS_MIMETYPES = frozenset(
    {
        b"application/vnd.oasis.opendocument.spreadsheet",
        b"application/vnd.oasis.opendocument.spreadsheet-template",
    }
)
SMALL_PART_BYTES = 16 * 1024 * 1024  # workbook.xml, rels, content types: never this big
CONTACT_LABEL = re.compile(r"e-?mail|name|phone|mobile|\btel\b|linkedin|contact", re.IGNORECASE)
ENCRYPTION_STREAMS = frozenset({"EncryptedPackage", "EncryptionInfo"})
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, OSError, zlib.error)
PASS_THROUGH = (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)
XLSB = "is an Excel binary workbook (.xlsb): open it in Excel, save it as .xlsx, and import again"
SHEET_FOLDERS = ("xl/worksheets/", "xl/macrosheets/", "xl/dialogsheets/")
_SHEET_TAG = re.compile(rb"<(?:[\w.-]+:)?sheet\b([^>]*)>")
T = TypeVar("T")


def damaged(path: Path, reason: str) -> InputFileError:
    return InputFileError(path, f"is damaged or not a real workbook ({reason})")


def read_zip_workbook(path: Path, sheet: str | None) -> Table:
    try:
        with zipfile.ZipFile(path) as archive:
            check_members(archive)
            kind = _zip_format(archive)
            if kind == "ods":
                check_ods(archive)
            else:
                _check_xlsx_sheets(archive, sheet)
    except Refused as exc:
        raise InputFileError(path, exc.problem) from None
    except (*ZIP_ERRORS, NotImplementedError, RuntimeError, ValueError):
        raise damaged(path, "the zip structure is broken") from None
    return _read_workbook(path, kind, sheet)


def read_ole2_workbook(path: Path, sheet: str | None) -> Table:
    """Legacy XLS, or an encrypted Office file. Encrypted when the directory lists an
    "EncryptedPackage" or "EncryptionInfo" stream; when the directory cannot be read, when the
    UTF-16LE name "EncryptedPackage" appears anywhere in the bytes."""
    data = path.read_bytes()
    try:
        _check_ole2(path, CompoundFile(data))
    except Ole2Error:
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputFileError(path, ENCRYPTED_WORKBOOK) from None
        raise damaged(path, "its OLE2 structure is broken") from None
    except Refused as exc:
        raise InputFileError(path, exc.problem) from None
    del data
    return _read_workbook(path, "xls", sheet)


def _check_ole2(path: Path, container: CompoundFile) -> None:
    names = container.names()
    if names & ENCRYPTION_STREAMS:
        raise InputFileError(path, ENCRYPTED_WORKBOOK)
    stream = next((n for n in ("Workbook", "Book") if n in names), None)
    if stream is None:
        raise InputFileError(path, f"{NOT_READABLE}: it is an Office file, not a workbook")
    check_biff(container.stream(stream))


def _zip_format(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        types = (
            _small_part(archive, "[Content_Types].xml") if "[Content_Types].xml" in names else b""
        )
        return "xlsm" if b"macroenabled" in types.lower() else "xlsx"
    if "xl/workbook.bin" in names:
        raise Refused(XLSB)
    if "mimetype" in names and _small_part(archive, "mimetype").strip() in ODS_MIMETYPES:
        return "ods"
    raise Refused(f"{NOT_READABLE}: it is a zip archive; unzip it and import the files inside")


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as handle:
        data = handle.read(SMALL_PART_BYTES + 1)
    if len(data) > SMALL_PART_BYTES:
        raise Refused(f"is not a workbook leadtool can read: its part {name!r} is too large")
    return data


def _check_xlsx_sheets(archive: zipfile.ZipFile, wanted: str | None) -> None:
    """Guard the sheets calamine may load: the wanted one, else all (unmapped parts too)."""
    parts = xlsx_sheet_parts(archive)
    if wanted is not None:
        key = wanted.strip().casefold()
        named = [(name, part) for name, part in parts if name.casefold() == key]
        parts = named or parts
    for name, part in parts:
        check_xlsx_sheet(archive, part, repr(name))


def xlsx_sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) for each sheet of the workbook, then sheet-like parts that the
    workbook does not list, named by their path (calamine may still find them)."""
    names = set(archive.namelist())
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = _small_part(archive, rels_name) if rels_name in names else b""
    targets = _relationship_targets(rels)
    parts: dict[str, str] = {}
    for body in re.findall(_SHEET_TAG, _small_part(archive, "xl/workbook.xml")):
        attrs = attributes(body)
        rel_id = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
        part = _member_path(targets.get(rel_id, b""))
        if part in names:
            parts[part] = text_value(attrs.get(b"name", b""))
    for part in sorted(names):
        if part.startswith(SHEET_FOLDERS) and part.endswith(".xml"):
            parts.setdefault(part, part)
    return [(name, part) for part, name in parts.items()]


def _relationship_targets(rels: bytes) -> dict[bytes, bytes]:
    found = (
        attributes(body) for body in re.findall(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>", rels)
    )
    return {attrs.get(b"Id", b""): attrs.get(b"Target", b"") for attrs in found}


def _member_path(target: bytes) -> str:
    path = text_value(target)
    if path.startswith("/"):
        return path[1:]
    return posixpath.normpath(posixpath.join("xl", path))


@dataclass
class _Probe:
    name: str
    sheet: calamine.CalamineSheet
    offset: int  # added to a 1-based iter_rows index to get the sheet's row number
    records: list[Record]
    header_index: int | None

    @property
    def is_contact_list(self) -> bool:
        if self.header_index is None:
            return False
        return any(CONTACT_LABEL.search(cell) for cell in self.records[self.header_index][1])


def _read_workbook(path: Path, kind: str, wanted: str | None) -> Table:
    book = _calamine(path, lambda: calamine.CalamineWorkbook.from_path(str(path)))
    with book:
        probe = _choose_sheet(path, book, wanted)
    if probe.header_index is None:
        problem = NO_HEADER if probe.records else "is empty"
        raise InputFileError(path, f"sheet {probe.name!r} {problem}")
    return _table(path, kind, probe, probe.header_index)


def _table(path: Path, kind: str, probe: _Probe, index: int) -> Table:
    header_row, header_cells = probe.records[index]
    below = [cells for _, cells in probe.records[index + 1 :]]
    if not below:
        raise InputFileError(path, f"sheet {probe.name!r} has a header but no data rows")
    count = header_width(header_cells, below[:DATA_SAMPLE_ROWS])
    header = name_columns(header_cells, count)
    rows = _rows(probe.sheet, probe.offset, header_row, count)
    end = probe.sheet.end
    total = max((end[0] + 1 if end else 0) - header_row, len(below))
    return Table(path, kind, None, None, probe.name, header, header_row, rows, total)


def _choose_sheet(path: Path, book: calamine.CalamineWorkbook, wanted: str | None) -> _Probe:
    if wanted is not None:
        return _probe(path, book, _sheet_named(path, book, wanted))
    best: _Probe | None = None
    fallback: _Probe | None = None
    for name, visible in _candidates(book):
        probe = _probe(path, book, name)
        if visible and probe.is_contact_list:
            if best is None or probe.sheet.height > best.sheet.height:
                best = probe
        elif _better_fallback(fallback, probe):
            fallback = probe
    chosen = best or fallback
    if chosen is None:
        raise InputFileError(path, "is empty: none of its sheets holds data")
    return chosen


def _better_fallback(current: _Probe | None, probe: _Probe) -> bool:
    """The fallback is the first sheet with a header, else the first sheet with any data."""
    if not probe.records:
        return False
    return current is None or (current.header_index is None and probe.header_index is not None)


def _candidates(book: calamine.CalamineWorkbook) -> list[tuple[str, bool]]:
    sheets = [m for m in book.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
    visible = [(m.name, True) for m in sheets if m.visible == calamine.SheetVisibleEnum.Visible]
    hidden = [(m.name, False) for m in sheets if m.visible != calamine.SheetVisibleEnum.Visible]
    return visible + hidden


def _sheet_named(path: Path, book: calamine.CalamineWorkbook, wanted: str) -> str:
    for name in book.sheet_names:
        if name.casefold() == wanted.strip().casefold():
            return name
    listed = ", ".join(repr(name) for name in book.sheet_names)
    problem = f"has no sheet named {wanted!r}: its sheets are {listed}; use one of these names"
    raise InputFileError(path, problem)


def _probe(path: Path, book: calamine.CalamineWorkbook, name: str) -> _Probe:
    sheet = _calamine(path, lambda: book.get_sheet_by_name(name))
    offset = _row_offset(sheet)
    records: list[Record] = []
    for index, values in enumerate(sheet.iter_rows(), 1):
        cells = [cell_text(value) for value in values]
        if any(cells):
            records.append((index + offset, cells))
            if len(records) >= PROBE_RECORDS:
                break
    return _Probe(name, sheet, offset, records, find_header(records))


def _row_offset(sheet: calamine.CalamineSheet) -> int:
    """iter_rows starts at the sheet's first row (python-calamine 0.9 pads the empty rows above
    the data with blank rows); older versions start at the first used row instead."""
    start = sheet.start
    if start is None or start[0] == 0:
        return 0
    first = next(iter(sheet.iter_rows()), [])
    return 0 if not any(cell_text(value) for value in first) else start[0]


def _rows(sheet: calamine.CalamineSheet, offset: int, header_row: int, count: int) -> Iterator[Row]:
    for index, values in enumerate(sheet.iter_rows(), 1):
        number = index + offset
        if number > header_row:
            row = shape_row([cell_text(value) for value in values], count)
            if row is not None:
                yield number, row


def _calamine(path: Path, call: Callable[[], T]) -> T:
    """Run a python-calamine call; any failure (even a Rust panic) becomes an InputFileError."""
    try:
        return call()
    except calamine.PasswordError:
        raise InputFileError(path, ENCRYPTED_WORKBOOK) from None
    except PASS_THROUGH:
        raise
    except BaseException as exc:  # pyo3 panics derive from BaseException
        raise damaged(path, _reason(exc)) from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, calamine.ZipError):
        return "the zip structure is broken"
    if isinstance(exc, calamine.XmlError):
        return "its XML is malformed"
    if "cell limit" in str(exc).lower():
        return "a sheet is larger than can be read"
    return "the spreadsheet reader could not make sense of it"
