"""Choosing the text encoding of a file, by reading all of it once before the first row is used.

Order: a byte-order mark decides (utf-8-sig, utf-16); UTF-16 without a BOM is recognised when
every other byte is NUL; otherwise the whole file must decode as strict UTF-8, else cp1252 (no
byte among its five undefined ones), else latin-1 (which accepts every byte). A forced encoding
is checked over the whole file too, and a failure names the line. The same pass counts lines
(for a progress estimate) and refuses NUL bytes in 8-bit text. It reads `BLOCK_BYTES` at a time,
so memory stays flat whatever the file size.
"""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from leadtool.errors import InputFileError, UsageError
from leadtool.readers.sniff import NOT_READABLE, bom_encoding, utf16_without_bom

BLOCK_BYTES = 1024 * 1024
CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_CANONICAL = {"iso8859-1": "latin-1", "utf-8": "utf-8", "utf-16": "utf-16"}


@dataclass(frozen=True)
class TextEncoding:
    name: str  # the codec used to read the file
    lines: int  # physical lines in the file (an estimate of rows for a progress bar)


def choose_encoding(path: Path, head: bytes, forced: str | None) -> TextEncoding:
    if forced is not None:
        return _check_forced(path, head, forced)
    announced = bom_encoding(head) or utf16_without_bom(head)
    if announced is not None:
        return _check(path, announced, None)
    return _guess_8bit(path)


def canonical_name(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise UsageError(
            f"unknown encoding {encoding!r}: try utf-8, cp1252, latin-1 or utf-16"
        ) from None
    return _CANONICAL.get(name, name)


def _check_forced(path: Path, head: bytes, forced: str) -> TextEncoding:
    name = canonical_name(forced)
    if name == "utf-8" and head.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"  # the mark is not part of the first column's name
    return _check(path, name, forced)


def _blocks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while block := handle.read(BLOCK_BYTES):
            yield block


def _check(path: Path, name: str, forced: str | None) -> TextEncoding:
    """Decode the whole file with `name`; count lines; refuse NULs in 8-bit text."""
    decoder = codecs.getincrementaldecoder(name)(errors="strict")
    wide = name.startswith(("utf-16", "utf-32"))
    lines, last = 0, ""
    for block in itertools.chain(_blocks(path), [b""]):
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            line = lines + _line_offset(block, exc.start, name)
            raise InputFileError(path, _undecodable(name, forced), row=line) from None
        if not wide:
            _refuse_nul(path, block, lines, _undecodable(name, forced) if forced else None)
        lines += max(text.count("\n"), text.count("\r"))
        last = text[-1:] or last
    return TextEncoding(name, lines + (1 if last not in ("\n", "\r", "") else 0))


def _guess_8bit(path: Path) -> TextEncoding:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    utf8_ok, cp1252_ok = True, True
    lines, last = 0, b""
    for block in _blocks(path):
        _refuse_nul(path, block, lines, None)
        utf8_ok = utf8_ok and _decodes(decoder, block)
        cp1252_ok = cp1252_ok and not any(byte in block for byte in CP1252_UNDEFINED)
        lines += max(block.count(b"\n"), block.count(b"\r"))
        last = block[-1:]
    utf8_ok = utf8_ok and _decodes(decoder, b"", final=True)
    name = "utf-8" if utf8_ok else "cp1252" if cp1252_ok else "latin-1"
    return TextEncoding(name, lines + (1 if last not in (b"\n", b"\r") else 0))


def _decodes(decoder: codecs.IncrementalDecoder, block: bytes, *, final: bool = False) -> bool:
    try:
        decoder.decode(block, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _refuse_nul(path: Path, block: bytes, lines_before: int, problem: str | None) -> None:
    at = block.find(b"\x00")
    if at >= 0:
        line = lines_before + block.count(b"\n", 0, at) + 1
        raise InputFileError(path, problem or f"{NOT_READABLE}: it contains NUL bytes", row=line)


def _line_offset(block: bytes, end: int, name: str) -> int:
    """1-based line, within `block`, of byte `end` (decoding the part before it leniently)."""
    prefix = block[: max(end, 0)]
    return prefix.decode(name, errors="replace").count("\n") + 1


def _undecodable(name: str, forced: str | None) -> str:
    if forced is None:  # a byte-order mark announced `name`
        return (
            f"cannot be read as {name}: the file is marked as {name} but this line is not. "
            "Save it again as 'CSV UTF-8' and import again, or name its encoding with --encoding"
        )
    return (
        f"cannot be read as {forced}: the line holds bytes that are not {forced} text. "
        "Import again without --encoding to let leadtool detect it, or name the right one"
    )
