"""Refusing hostile or oversized zip workbooks (XLSX, XLSM, ODS) before python-calamine sees them.

python-calamine builds each sheet as one dense block spanning its used cells, 32 bytes a cell
(measured, python-calamine 0.9.1), and a failed allocation aborts the whole process: it cannot
be caught. A 1.5 KB XLSX with one value at XFD1048576 asks for 512 GiB. So, before calamine:
- the zip's central directory: at most `MAX_MEMBERS` members, at most `MAX_TOTAL_BYTES` declared
  uncompressed, no member over `RATIO_MIN_BYTES` compressed more than `MAX_RATIO` times;
- each XLSX sheet: the <dimension ref> it declares, then a streaming scan of the sheet XML for
  cells with values beyond the allowed span, both against `MAX_SHEET_CELLS` (rows x columns);
(ODS files are checked by `odsguard`, with the same limit.)
The scan reads the XML once in blocks with a few regular expressions (about a third of
calamine's own time); sheets with unusual markup (cells without an r="A1" reference, namespace
prefixes) get an exact but slower tag-by-tag walk.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from leadtool.readers.xmlbits import (
    attributes,
    column_number,
    greater_than,
    split_ref,
    to_int,
)

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 2 * 1024**3
MAX_RATIO = 200
RATIO_MIN_BYTES = 100 * 1024**2
EXCEL_MAX_ROWS = 1_048_576
MAX_SHEET_CELLS = EXCEL_MAX_ROWS * 26  # a full-height sheet A:Z, about 870 MB in calamine
CHUNK_BYTES = 1024 * 1024
DIMENSION_PROBE_BYTES = 4096

_DIMENSION = re.compile(
    rb'<(?:[\w.-]+:)?dimension\b[^>]*?\sref="([A-Za-z]+[0-9]+)(?::([A-Za-z]+[0-9]+))?"'
)
_ABNORMAL_CELL = re.compile(rb'<c(?:[\t\n\r/>]| (?!r="))')  # a cell tag not starting `<c r="`
# calamine accepts any number of letters, in either case ("xfd1", "AAAAAA1"): so do these
_WIDE_CELL = re.compile(rb' r="([A-Za-z]{2,})[0-9]+"[^>]*(?<!/)>')  # valued cell beyond column Z
_TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*?)(/?)>")


class Refused(Exception):
    """A workbook that must not reach the parser; `problem` is the user-facing text."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def check_members(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise Refused(_bomb(f"holds {len(members):,} parts (limit {MAX_MEMBERS:,})"))
    total = sum(info.file_size for info in members)
    if total > MAX_TOTAL_BYTES:
        raise Refused(_bomb(f"would unpack to {total / 1024**3:,.1f} GiB"))
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO:
            raise Refused(_bomb(f"has a part compressed {ratio:,.0f} times"))


def _bomb(detail: str) -> str:
    return (
        f"looks like a zip bomb ({detail}), so leadtool refused to open it. If it is a real "
        "spreadsheet, open it in Excel, save a copy, and import the copy"
    )


def check_xlsx_sheet(archive: zipfile.ZipFile, member: str, label: str) -> None:
    """Refuse the sheet if its declared or actual span of valued cells exceeds the limit."""
    info = archive.getinfo(member)
    head = _read_prefix(archive, info, DIMENSION_PROBE_BYTES)
    _check_dimension(head, label)
    if _needs_exact_walk(head) or not _fast_scan(archive, info, label):
        check_span(_exact_span(chunks(archive, info)), label)


def _read_prefix(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    with archive.open(info) as handle:
        return handle.read(size)


def _check_dimension(head: bytes, label: str) -> None:
    found = _DIMENSION.search(head)
    if found is None:
        return
    rows, cols = _span(found[1], found[2] or found[1])
    if rows * cols > MAX_SHEET_CELLS:
        raise Refused(
            f"has sheet {label} that declares {rows:,} rows × {cols:,} columns "
            f"({rows * cols:,} cells), more than leadtool reads ({MAX_SHEET_CELLS:,} cells). "
            "Delete the empty rows and columns around the data (or split it), save, and "
            "import again"
        )


def _span(first: bytes, last: bytes) -> tuple[int, int]:
    (c1, r1), (c2, r2) = split_ref(first), split_ref(last)
    rows = abs(to_int(r2, 1) - to_int(r1, 1)) + 1
    cols = abs(column_number(c2) - column_number(c1)) + 1
    return rows, cols


def _needs_exact_walk(head: bytes) -> bool:
    """Namespace-prefixed sheet XML (<x:c ...>) defeats the fast patterns."""
    return re.search(rb"<[\w.-]+:worksheet\b", head) is not None


def chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes in blocks cut after a '>', so no tag is split between blocks.

    zipfile stops at the declared size and then fails the CRC check (BadZipFile), so a part
    that is bigger than the zip declares is refused as damaged.
    """
    tail = b""
    with archive.open(info) as handle:
        while block := handle.read(CHUNK_BYTES):
            data = tail + block
            cut = data.rfind(b">") + 1
            tail = data[cut:]
            yield data[:cut]
    yield tail


def _fast_scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> bool:
    """Scan with regexes; False when the sheet needs the exact walk (unusual cell tags)."""
    cols = 26
    for number, chunk in enumerate(chunks(archive, info)):
        if _ABNORMAL_CELL.search(chunk):
            return False
        wide = max((column_number(c) for c in set(_WIDE_CELL.findall(chunk))), default=0)
        if wide > cols and number > 0:
            return False  # earlier blocks were checked against a looser row limit
        cols = max(cols, wide)
        _check_rows(chunk, MAX_SHEET_CELLS // cols, label)
    return True


def _check_rows(chunk: bytes, max_row: int, label: str) -> None:
    pattern = rb' r="([A-Za-z]+0*' + greater_than(max_row) + rb')"[^>]*(?<!/)>'
    found = re.search(pattern, chunk)
    if found is not None:
        raise Refused(too_big(label, found[1].decode("ascii")))


def too_big(label: str, ref: str) -> str:
    """The refusal text; `label` names the sheet as shown to the user (its name or number)."""
    return (
        f"has sheet {label} whose cells spread over more than {MAX_SHEET_CELLS:,} cells "
        f"(there is a value as far as {ref}), more than leadtool reads. Delete stray cells far "
        "from the data (or split it), save, and import again"
    )


def _exact_span(chunks: Iterator[bytes]) -> tuple[int, int, str]:
    """(last row, last column, a cell address there) over cells with a value, tag by tag."""
    row = col = max_row = max_col = 0
    for chunk in chunks:
        for name, attrs, closed in _TAG.findall(chunk):
            ref = attributes(attrs).get(b"r", b"")
            letters, digits = split_ref(ref)
            if name == b"row":
                row, col = to_int(digits, row + 1), 0
                continue
            row = to_int(digits, row)
            col = column_number(letters) if letters else col + 1
            if not closed:
                max_row, max_col = max(max_row, row), max(max_col, col)
    return max_row, max_col, f"row {max_row:,}, column {max_col:,}"


def check_span(span: tuple[int, int, str], label: str) -> None:
    rows, cols, where = span
    if rows * cols > MAX_SHEET_CELLS:
        raise Refused(too_big(label, where))
