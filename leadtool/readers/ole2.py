"""A minimal reader of OLE2 compound files (legacy .xls, and encrypted Office files).

Just enough to list the directory's stream names and read one stream: an encrypted XLSX is an
OLE2 file holding streams named "EncryptionInfo" and "EncryptedPackage" (MS-OFFCRYPTO); a
legacy workbook holds "Workbook" (BIFF8) or "Book" (BIFF5). Follows the FAT and the mini FAT;
every chain is bounded, so a damaged or hostile file raises `Ole2Error` instead of looping.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
END_OF_CHAIN = 0xFFFFFFFE
FREE = 0xFFFFFFFF
HEADER_DIFAT_ENTRIES = 109
ENTRY_SIZE = 128
STREAM, ROOT = 2, 5


class Ole2Error(Exception):
    """The compound file structure is broken."""


@dataclass(frozen=True)
class Entry:
    name: str
    kind: int
    start: int
    size: int


class CompoundFile:
    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(MAGIC):
            raise Ole2Error("not an OLE2 file")
        self.data = data
        try:
            self._read_header()
            self.fat = self._read_fat()
            self.entries = self._read_directory()
        except (struct.error, IndexError, ValueError) as exc:
            raise Ole2Error("damaged OLE2 structure") from exc

    def names(self) -> set[str]:
        return {entry.name for entry in self.entries if entry.kind == STREAM}

    def stream(self, name: str) -> bytes:
        entry = next((e for e in self.entries if e.kind == STREAM and e.name == name), None)
        if entry is None:
            raise Ole2Error(f"no stream {name!r}")
        try:
            if entry.size < self.mini_cutoff:
                return self._mini_stream(entry)
            return self._read_chain(entry.start, self.fat)[: entry.size]
        except (struct.error, IndexError, ValueError) as exc:
            raise Ole2Error("damaged OLE2 stream") from exc

    def _read_header(self) -> None:
        fields = struct.unpack_from("<HH", self.data, 0x1E)
        self.sector_size, self.mini_size = 1 << fields[0], 1 << fields[1]
        if self.sector_size not in (512, 4096) or self.mini_size != 64:
            raise Ole2Error("unusual sector size")
        (self.fat_count, self.first_dir) = struct.unpack_from("<II", self.data, 0x2C)
        (self.mini_cutoff, self.first_minifat) = struct.unpack_from("<II", self.data, 0x38)
        (self.first_difat, self.difat_count) = struct.unpack_from("<II", self.data, 0x44)

    def _sector(self, number: int) -> bytes:
        offset = (number + 1) * self.sector_size
        if number >= END_OF_CHAIN - 3 or offset >= len(self.data):
            raise Ole2Error("sector outside the file")
        return self.data[offset : offset + self.sector_size]

    def _fat_sectors(self) -> list[int]:
        numbers = list(struct.unpack_from(f"<{HEADER_DIFAT_ENTRIES}I", self.data, 0x4C))
        per_sector = self.sector_size // 4 - 1
        sector = self.first_difat
        if self.difat_count > len(self.data) // self.sector_size:
            raise Ole2Error("impossible DIFAT size")
        for _ in range(self.difat_count):
            values = struct.unpack(f"<{per_sector + 1}I", self._sector(sector))
            numbers.extend(values[:per_sector])
            sector = values[per_sector]
        return [n for n in numbers if n < END_OF_CHAIN - 3][: self.fat_count]

    def _read_fat(self) -> list[int]:
        table = b"".join(self._sector(number) for number in self._fat_sectors())
        return list(struct.unpack(f"<{len(table) // 4}I", table))

    def _chain(self, start: int, fat: list[int]) -> list[int]:
        chain: list[int] = []
        sector = start
        while sector != END_OF_CHAIN:
            if sector >= len(fat) or len(chain) > len(fat):
                raise Ole2Error("broken sector chain")
            chain.append(sector)
            sector = fat[sector]
        return chain

    def _read_chain(self, start: int, fat: list[int]) -> bytes:
        return b"".join(self._sector(n) for n in self._chain(start, fat))

    def _read_directory(self) -> list[Entry]:
        raw = self._read_chain(self.first_dir, self.fat)
        wide = self.sector_size == 4096  # version 3 files may leave junk in a size's high half
        step = range(0, len(raw) - ENTRY_SIZE + 1, ENTRY_SIZE)
        entries = [_entry(raw[i : i + ENTRY_SIZE], wide) for i in step]
        if not entries or entries[0].kind != ROOT:
            raise Ole2Error("no root entry")
        return entries

    def _mini_stream(self, entry: Entry) -> bytes:
        root = self.entries[0]
        container = self._read_chain(root.start, self.fat)
        minifat_raw = self._read_chain(self.first_minifat, self.fat)
        minifat = list(struct.unpack(f"<{len(minifat_raw) // 4}I", minifat_raw))
        size = self.mini_size
        parts = [container[n * size : (n + 1) * size] for n in self._chain(entry.start, minifat)]
        return b"".join(parts)[: entry.size]


def _entry(raw: bytes, wide_sizes: bool) -> Entry:
    name_bytes = struct.unpack_from("<H", raw, 64)[0]
    name = raw[: max(name_bytes - 2, 0)].decode("utf-16-le", errors="replace")
    kind = raw[66]
    start, size = struct.unpack_from("<IQ", raw, 116)
    return Entry(name, kind, start, size if wide_sizes else size & 0xFFFFFFFF)
