"""What a file is, from its first bytes: a zip container, an OLE2 container or text.

Also owns the checks on text that can be made from the first block alone: the byte-order mark,
UTF-16 without a BOM, binary garbage, and whether text is JSON. File names are never used.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Literal

from leadtool.errors import InputFileError

HEAD_BYTES = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
CONTROL_SHARE = 0.05  # more control characters than this in the first block: not text
NOT_READABLE = (
    "is not a spreadsheet or a text file leadtool can read "
    "(supported: CSV/TSV, XLSX, XLS, ODS, JSON)"
)
ENCRYPTED_WORKBOOK = (
    "is password-protected: open it in Excel, remove the password "
    "(File > Info > Protect Workbook), save, and import again"
)

Container = Literal["zip", "ole2", "text"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROLS = re.compile("[\x01-\x08\x0e-\x1f\x7f]")  # not tab, line breaks or form feed


def check_path(path: Path) -> None:
    """The file exists and is not a folder; otherwise the error every command gives."""
    if not path.exists():
        raise InputFileError(path, "does not exist: check the file name and folder")
    if path.is_dir():
        raise InputFileError(path, "is a folder, not a file: give the path of a spreadsheet")


def read_head(path: Path) -> bytes:
    """The first block of the file, after the checks every file gets (exists, a file, not empty)."""
    check_path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise InputFileError(path, f"cannot be opened ({exc.strerror or 'read error'})") from None
    if not head.strip():
        raise InputFileError(path, "is empty")
    return head


def container(head: bytes) -> Container:
    if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return "zip"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    return "text"


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark announces (UTF-32 marks are not supported)."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a BOM ("utf-16-le" or "utf-16-be"): every other byte is NUL."""
    sample = head[: 4096 - (len(head[:4096]) % 2)]
    if len(sample) < 8:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) // 2)
    odd_nul = sample[1::2].count(0) / (len(sample) // 2)
    if odd_nul > 0.9 and even_nul < 0.1:
        return "utf-16-le"
    if even_nul > 0.9 and odd_nul < 0.1:
        return "utf-16-be"
    return None


def looks_binary(text: str) -> bool:
    """NUL characters, or more than `CONTROL_SHARE` control characters: not a text file."""
    if "\x00" in text:
        return True
    return len(_CONTROLS.findall(text)) > CONTROL_SHARE * len(text)


def starts_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith(("[", "{"))
