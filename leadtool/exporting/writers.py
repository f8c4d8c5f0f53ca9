"""Writing exported rows as CSV, XLSX, JSON or JSON Lines, streaming: memory stays flat.

Rows arrive as tuples in header order. CSV cells were made formula-safe by the query
(store/exports.py); XLSX cells are written as typed text through xlsxwriter with every
automatic conversion off, so a phone keeps its `+` and `=...` is text, never a formula;
JSON is data for programs and is written as it is, with null for an empty field and a list
field (other_emails ...) as an array.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
from collections.abc import Iterable, Sequence
from typing import IO, Any

FORMATS = ("csv", "xlsx", "json", "jsonl")
XLSX_MAX_ROWS = 1_048_576 - 1  # Excel's sheet height, less the header row
CSV_BATCH = 5_000  # rows encoded per write


def format_for(name: str) -> str:
    """The format a file name asks for by its suffix; CSV when it says nothing."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    return {"xlsx": "xlsx", "json": "json", "jsonl": "jsonl", "ndjson": "jsonl"}.get(suffix, "csv")


def write(
    fmt: str,
    out: IO[bytes],
    headers: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    bom: bool,
    header: bool = True,
) -> int:
    """Write a header and the rows to a binary stream; the number of rows written.

    `header=False` writes CSV rows alone: a part of a file whose start another writer made.
    """
    if fmt == "xlsx":
        return _xlsx(out, headers, rows)
    if fmt == "csv":
        if bom and header:
            out.write(codecs.BOM_UTF8)
        return csv_rows(out, [headers] if header else [], rows)
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if bom else "utf-8", newline="")
    try:
        return _json(text, headers, rows, lines=fmt == "jsonl")
    finally:
        text.flush()
        text.detach()  # the caller owns `out` (it may be stdout)


def csv_rows(out: IO[bytes], head: Sequence[Sequence[str]], rows: Iterable[tuple[Any, ...]]) -> int:
    """CSV (RFC 4180: commas, quotes when needed, CRLF) in UTF-8, encoded a batch at a time."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerows(head)
    n = 0
    it = iter(rows)
    while batch := list(itertools.islice(it, CSV_BATCH)):
        writer.writerows(batch)
        n += len(batch)
        out.write(buf.getvalue().encode("utf-8"))
        buf.seek(0)
        buf.truncate()
    out.write(buf.getvalue().encode("utf-8"))
    return n


def _json(
    text: IO[str], headers: Sequence[str], rows: Iterable[tuple[Any, ...]], *, lines: bool
) -> int:
    n = 0
    sep = "\n" if lines else ",\n"
    if not lines:
        text.write("[\n")
    for row in rows:
        record = {h: (None if v == "" else v) for h, v in zip(headers, row, strict=True)}
        text.write((sep if n and not lines else "") + json.dumps(record, ensure_ascii=False))
        if lines:
            text.write("\n")
        n += 1
    if not lines:
        text.write("\n]\n" if n else "]\n")
    return n


def _xlsx(out: IO[bytes], headers: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    import xlsxwriter  # only XLSX exports pay for the import

    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "in_memory": False,
        },
    )
    sheet = book.add_worksheet("People")
    bold = book.add_format({"bold": True})
    for c, header in enumerate(headers):
        sheet.write_string(0, c, header, bold)
    n = 0
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            elif value is not None and value != "":
                sheet.write_string(r, c, str(value))
        n = r
    book.close()
    return n
