"""Refusing malformed, hostile or oversized ODS workbooks before python-calamine sees them.

Two dangers, both measured with python-calamine 0.9.1: repeated rows and columns
(table:number-rows-repeated="1048576" on a row whose cell repeats 16,384 times) expand to a dense
block in memory, and malformed XML can send its ODS parser into an endless loop. So every XML
part is parsed first with expat (no DOCTYPE allowed, hence no entity tricks), and content.xml's
tables are measured on the way, repeats expanded, against `MAX_SHEET_CELLS`. A cell counts when
it has a value type or any content; empty repeated cells (LibreOffice pads every sheet with
them) do not.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from leadtool.readers.xmlbits import to_int
from leadtool.readers.zipguard import Refused, check_span, chunks

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
SEP = "|"
MALFORMED = "is damaged or not a real workbook (its XML is malformed)"


TABLE_TAG = f"{TABLE}{SEP}table"
ROW_TAG = f"{TABLE}{SEP}table-row"
CELL_TAGS = (f"{TABLE}{SEP}table-cell", f"{TABLE}{SEP}covered-table-cell")
VALUE_TYPE = f"{OFFICE}{SEP}value-type"


@dataclass
class _Table:
    label: str
    next_row: int = 0
    row: int = 0  # 0-based first row of the current row element
    repeat: int = 1  # how many rows the current row element stands for
    col: int = 0  # 1-based last column reached in the current row
    max_row: int = 0
    max_col: int = 0

    def check(self) -> None:
        where = f"row {self.max_row:,}, column {self.max_col:,}"
        check_span((self.max_row, self.max_col, where), self.label)


class _Measure:
    """expat handlers that track the span of each table of content.xml."""

    def __init__(self) -> None:
        self.table = _Table("")
        self.cell: tuple[int, bool] | None = None  # (last column of the open cell, has content)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.cell is not None:
            self.cell = (self.cell[0], True)  # anything inside a cell is content
        if name == TABLE_TAG:
            self.table.check()
            self.table = _Table(repr(attrs.get(f"{TABLE}{SEP}name", "")))
        elif name == ROW_TAG:
            table = self.table
            table.row, table.col = table.next_row, 0
            table.repeat = max(to_int(_attr(attrs, "number-rows-repeated"), 1), 1)
            table.next_row += table.repeat
        elif name in CELL_TAGS:
            self.table.col += max(to_int(_attr(attrs, "number-columns-repeated"), 1), 1)
            self.cell = (self.table.col, VALUE_TYPE in attrs)

    def end(self, name: str) -> None:
        if name in CELL_TAGS and self.cell is not None:
            last_col, has_content = self.cell
            if has_content:
                table = self.table
                table.max_row = max(table.max_row, table.row + table.repeat)
                table.max_col = max(table.max_col, last_col)
            self.cell = None

    def text(self, data: str) -> None:
        if self.cell is not None and data.strip():
            self.cell = (self.cell[0], True)


def _attr(attrs: dict[str, str], local: str) -> bytes:
    return attrs.get(f"{TABLE}{SEP}{local}", "").encode("ascii", errors="replace")


def check_ods(archive: zipfile.ZipFile) -> None:
    """Refuse the ODS if an XML part is malformed or a table spans more than the limit."""
    if "content.xml" not in archive.namelist():
        raise Refused("is damaged or not a real workbook (its content.xml is missing)")
    for info in archive.infolist():
        if info.filename.endswith(".xml") and info.filename != "content.xml":
            _parse(archive, info, None)
    measure = _Measure()
    _parse(archive, archive.getinfo("content.xml"), measure)
    measure.table.check()


def _parse(archive: zipfile.ZipFile, info: zipfile.ZipInfo, measure: _Measure | None) -> None:
    parser = expat.ParserCreate(namespace_separator=SEP)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    if measure is not None:
        parser.StartElementHandler = measure.start
        parser.EndElementHandler = measure.end
        parser.CharacterDataHandler = measure.text
    try:
        for chunk in chunks(archive, info):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise Refused(MALFORMED) from None


def _refuse_doctype(*_: object) -> None:
    raise Refused(f"{MALFORMED[:-1]}: it declares a DOCTYPE)")
