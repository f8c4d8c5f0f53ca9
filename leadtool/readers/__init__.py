"""Reading contact files: bytes in, a `Table` of text cells out. The public API of the readers.

`open_table(path)` recognises the format from the bytes (never the file name): XLSX/XLSM and
ODS (zip), legacy XLS (OLE2), JSON / JSON Lines, and delimited text (CSV, TSV, ; and |). It
refuses, before yielding any row, whatever can be known up front (missing, empty, binary,
undecodable, password-protected, damaged, oversized or hostile files, no header, no data) with an
`InputFileError` naming the file, and the row or column when there is one, never cell contents.
Rows are read lazily: a text file streams with flat memory; a workbook sheet is loaded whole by
python-calamine, then converted row by row.
"""

from __future__ import annotations

from pathlib import Path

from leadtool.errors import InputFileError
from leadtool.readers.delimited import read_delimited
from leadtool.readers.encoding import choose_encoding
from leadtool.readers.jsonfile import read_json
from leadtool.readers.sniff import (
    NOT_READABLE,
    bom_encoding,
    container,
    looks_binary,
    read_head,
    starts_like_json,
    utf16_without_bom,
)
from leadtool.readers.table import Row, Table, extra_column_name
from leadtool.readers.workbook import read_ole2_workbook, read_zip_workbook
from leadtool.readers.zipguard import (
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_SHEET_CELLS,
    MAX_TOTAL_BYTES,
    RATIO_MIN_BYTES,
)

MARKUP_STARTS = ("<!doctype", "<html", "<table", "<?xml", "<workbook")
MARKUP = (
    "is a web page or XML document, not a spreadsheet (some tools save these with an .xls "
    "name): open it in Excel, save it as .xlsx, and import again"
)

__all__ = [
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_SHEET_CELLS",
    "MAX_TOTAL_BYTES",
    "RATIO_MIN_BYTES",
    "Row",
    "Table",
    "extra_column_name",
    "open_table",
]


def open_table(path: Path, *, encoding: str | None = None, sheet: str | None = None) -> Table:
    """Open a contact file and return its header and lazy rows.

    `encoding` forces the text encoding (ignored for workbooks); `sheet` picks a workbook sheet
    by name, ignoring case (ignored for text files). Raises InputFileError.
    """
    path = Path(path)
    head = read_head(path)
    kind = container(head)
    if kind == "zip":
        return read_zip_workbook(path, sheet)
    if kind == "ole2":
        return read_ole2_workbook(path, sheet)
    return _read_text(path, head, encoding)


def _read_text(path: Path, head: bytes, forced: str | None) -> Table:
    sample = _head_text(head)
    if looks_binary(sample):
        raise InputFileError(path, NOT_READABLE)
    if not sample.strip("\ufeff \t\r\n\f\v"):
        raise InputFileError(path, "is empty")
    if sample.lstrip("\ufeff \t\r\n").lower().startswith(MARKUP_STARTS):
        raise InputFileError(path, MARKUP)
    encoding = choose_encoding(path, head, forced)
    if starts_like_json(sample):
        return read_json(path, encoding)
    return read_delimited(path, encoding)


def _head_text(head: bytes) -> str:
    """The first block as text, well enough to judge it (binary? empty? JSON?). A forced
    encoding is not used here: a wrong one is reported as such by `choose_encoding`."""
    name = bom_encoding(head) or utf16_without_bom(head) or "latin-1"
    return head.decode(name, errors="replace")
