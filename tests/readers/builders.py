"""Tiny handcrafted fixture files: XLSX and ODS parts, OLE2 compound files, BIFF8 workbooks.

Hostile files are built byte by byte here so that tests never need a real one (and never hand
one to python-calamine: a hostile sheet aborts the process).
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

XLSX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def number(ref: str, value: float) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


def sheet_xml(rows: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{rows}</sheetData></worksheet>"
    )


HEADER_ROW = '<row r="1">' + inline("A1", "Email") + inline("B1", "Name") + "</row>"
DATA_ROW = '<row r="2">' + inline("A2", "ana@x.com") + inline("B2", "Ana") + "</row>"


def write_xlsx(
    path: Path,
    sheet: str,
    *,
    macro: bool = False,
    fake_sizes: dict[str, int] | None = None,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """A minimal one-sheet XLSX ("Leads"); `fake_sizes` overwrites declared uncompressed sizes."""
    parts = {
        "[Content_Types].xml": XLSX_CONTENT_TYPES.format(main=XLSM_MAIN if macro else XLSX_MAIN),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        for name, size in (fake_sizes or {}).items():
            archive.getinfo(name).file_size = size  # the central directory is written on close
    return path


ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_cell(text: str, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{rep}><text:p>{text}</text:p>'
        "</table:table-cell>"
    )


def ods_row(cells: str, repeat: int = 1) -> str:
    rep = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{rep}>{cells}</table:table-row>"


def write_ods(path: Path, tables: dict[str, str]) -> Path:
    body = "".join(
        f'<table:table table:name="{name}">{rows}</table:table>' for name, rows in tables.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


# --- OLE2 compound files (version 3, 512-byte sectors) -------------------------------------

END, FREE, FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
SECTOR, MINI, CUTOFF = 512, 64, 4096


def _dir_entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", FREE, right, child)
        + b"\0" * 36
        + struct.pack("<IQ", start, size)
    )


class _Sectors:
    def __init__(self) -> None:
        self.data: list[bytes] = []
        self.fat: list[int] = [FAT_SECTOR]  # sector 0 holds the FAT

    def chain(self, payload: bytes) -> int:
        """Store `payload` in new sectors; return the first sector number."""
        payload = payload.ljust(-(-len(payload) // SECTOR) * SECTOR or SECTOR, b"\0")
        first = len(self.fat)
        count = len(payload) // SECTOR
        for index in range(count):
            self.data.append(payload[index * SECTOR : (index + 1) * SECTOR])
            self.fat.append(first + index + 1 if index < count - 1 else END)
        return first


def build_ole2(streams: dict[str, bytes]) -> bytes:
    """A compound file holding `streams` (small ones in the mini stream, as Office does)."""
    sectors = _Sectors()
    mini_data, minifat, placed = b"", [], []
    for name, payload in streams.items():
        if len(payload) < CUTOFF:
            start = len(mini_data) // MINI
            count = max(-(-len(payload) // MINI), 1)
            mini_data += payload.ljust(count * MINI, b"\0")
            minifat += [start + i + 1 if i < count - 1 else END for i in range(count)]
        else:
            start = sectors.chain(payload)
        placed.append((name, start, len(payload)))
    root_start = sectors.chain(mini_data) if mini_data else END
    minifat_start = sectors.chain(struct.pack(f"<{len(minifat)}I", *minifat)) if minifat else END
    entries = [_dir_entry("Root Entry", 5, root_start, len(mini_data), 1 if placed else FREE, FREE)]
    for index, (name, start, size) in enumerate(placed):
        right = index + 2 if index + 1 < len(placed) else FREE
        entries.append(_dir_entry(name, 2, start, size, FREE, right))
    dir_start = sectors.chain(b"".join(entries))
    assert len(sectors.fat) <= SECTOR // 4
    fat = struct.pack(f"<{len(sectors.fat)}I", *sectors.fat).ljust(SECTOR, b"\xff")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<9I", 0, 1, dir_start, 0, CUTOFF, minifat_start, 1 if minifat else 0, END, 0)
        + struct.pack("<I", 0)
        + b"\xff" * 4 * 108
    )
    return header + fat + b"".join(sectors.data)


# --- BIFF8 workbooks ------------------------------------------------------------------------


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def _cell(row: int, col: int, value: str | float) -> bytes:
    if isinstance(value, str):
        text = value.encode("latin-1")
        return _record(0x0204, struct.pack("<HHHHB", row, col, 0, len(text), 0) + text)
    return _record(0x0203, struct.pack("<HHHd", row, col, 0, value))


def build_xls(cells: list[tuple[int, int, str | float]], name: str = "Leads") -> bytes:
    """A BIFF8 workbook with one sheet holding `cells` as (row, col, value), 0-based."""
    encoded = name.encode("latin-1")

    def globals_(offset: int) -> bytes:
        sheet = struct.pack("<IBBBB", offset, 0, 0, len(encoded), 0) + encoded
        return (
            _bof(0x0005)
            + _record(0x0042, struct.pack("<H", 1200))
            + _record(0x0085, sheet)
            + _record(0x000A, b"")
        )

    body = _bof(0x0010) + b"".join(_cell(*cell) for cell in cells) + _record(0x000A, b"")
    return build_ole2({"Workbook": globals_(len(globals_(0))) + body})
