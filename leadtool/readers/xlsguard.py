"""Refusing hostile legacy .xls (BIFF5/BIFF8) workbooks before python-calamine sees them.

The danger is the one `zipguard` explains: calamine allocates the whole used span at once. BIFF
stores a cell's row and column as 16-bit numbers, so a single cell record at column 65,535 asks
for 137 GB and aborts the process (measured). Every cell record of every sheet is checked against
`MAX_SHEET_CELLS`; a FILEPASS record means the workbook is encrypted with a password.
"""

from __future__ import annotations

import struct

from leadtool.readers.sniff import ENCRYPTED_WORKBOOK
from leadtool.readers.zipguard import MAX_SHEET_CELLS, Refused, too_big

BOF, FILEPASS = 0x0809, 0x002F
MULTI_CELL_RECORDS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: a run of columns
CELL_RECORDS = frozenset(
    {0x0006, 0x0406, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E} | MULTI_CELL_RECORDS
)


def check_biff(stream: bytes) -> None:
    """Walk the BIFF records of a Workbook stream; raise `Refused` for encryption or a huge span."""
    position, sheet, rows, cols = 0, 0, 0, 0
    while position + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, position)
        body, position = position + 4, position + 4 + size
        if kind in CELL_RECORDS and size >= 4:
            row, col = _cell_end(stream, kind, body, size)
            rows, cols = max(rows, row), max(cols, col)
        elif kind == BOF:
            _check(sheet, rows, cols)
            sheet, rows, cols = sheet + 1, 0, 0
        elif kind == FILEPASS:
            raise Refused(ENCRYPTED_WORKBOOK)
    _check(sheet, rows, cols)


def _cell_end(stream: bytes, kind: int, body: int, size: int) -> tuple[int, int]:
    """1-based (row, last column) of a cell record."""
    row, col = struct.unpack_from("<HH", stream, body)
    if kind in MULTI_CELL_RECORDS and size >= 6:
        col = max(col, struct.unpack_from("<H", stream, body + size - 2)[0])
    return row + 1, col + 1


def _check(sheet: int, rows: int, cols: int) -> None:
    if rows * cols > MAX_SHEET_CELLS:
        where = f"row {rows:,}, column {cols:,}"
        raise Refused(too_big(f"number {max(sheet - 1, 1)}", where))
