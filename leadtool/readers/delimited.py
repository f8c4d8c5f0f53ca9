"""Delimited text files (CSV, TSV, semicolon and pipe separated): delimiter, header and rows.

The delimiter is chosen among `DELIMITERS` from the first `SNIFF_LINES` non-blank records: for
each candidate, the csv module splits the sample and the candidate whose most common column
count (2 or more) is shared by the most records wins; csv.Sniffer's guess breaks ties, then the
order of `DELIMITERS`. Counting alone is the judge because a preamble (LinkedIn's "Notes:") or
decimal commas in a semicolon file can mislead the Sniffer. Rows are read with the csv module
as they are consumed (quoted line breaks and ragged rows are fine); each row's number is the
physical line where its record starts. A record spanning `MAX_RECORD_LINES` lines is an
unclosed quote, reported with the row where it opens, never rows silently lost.
A cell that leadtool's own CSV export protected with an apostrophe (`'=1+1`) reads back
as it was (`=1+1`): an import reads what an export wrote (cells.restore_neutralised).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from leadtool.errors import InputFileError
from leadtool.readers.cells import restore_row
from leadtool.readers.encoding import TextEncoding
from leadtool.readers.header import (
    DATA_SAMPLE_ROWS,
    HEADER_SEARCH_ROWS,
    Record,
    find_header,
    header_width,
    name_columns,
    shape_row,
)
from leadtool.readers.table import Row, Table

DELIMITERS = (",", ";", "\t", "|")
SNIFF_LINES = 50
SAMPLE_CHARS = 64 * 1024
FIELD_LIMIT = 16 * 1024 * 1024  # one cell; Excel itself stops at 32,767 characters
# A quoted cell may hold line breaks (an address, a note), but not this many: more means a
# quote was never closed and the rows after it would vanish into one cell.
MAX_RECORD_LINES = 100
PROBE_RECORDS = HEADER_SEARCH_ROWS + DATA_SAMPLE_ROWS + 1
NO_HEADER = (
    "has no header row: add a first row naming the columns (e.g. Email, First Name, Company)"
)


def read_delimited(path: Path, encoding: TextEncoding) -> Table:
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    delimiter = sniff_delimiter(_sample(path, encoding.name))
    probe = _probe(path, encoding.name, delimiter)
    index = find_header(probe)
    if index is None:
        raise InputFileError(path, NO_HEADER if probe else "is empty")
    header_line, header_cells = probe[index]
    below = [cells for _, cells in probe[index + 1 :]]
    if not below:
        raise InputFileError(path, "has a header but no data rows")
    count = header_width(header_cells, below[:DATA_SAMPLE_ROWS])
    header = name_columns([cell.lstrip("\ufeff") for cell in header_cells], count)
    rows = _rows(path, encoding.name, delimiter, header_line, count)
    total = max(encoding.lines - header_line, len(below))
    return Table(path, "csv", encoding.name, delimiter, None, header, header_line, rows, total)


def sniff_delimiter(sample: str) -> str:
    scores = {delimiter: _consistency(sample, delimiter) for delimiter in DELIMITERS}
    best = max(scores.values())
    if best == (0, 0):
        return DELIMITERS[0]
    tied = [delimiter for delimiter, score in scores.items() if score == best]
    guess = _sniffer_guess(sample)
    return guess if guess in tied else tied[0]


def _consistency(sample: str, delimiter: str) -> tuple[int, int]:
    """(how many records share the most common column count, that count); counts of 1 ignored."""
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter, skipinitialspace=True)
    try:
        filled = (row for row in reader if any(cell.strip() for cell in row))
        counts = [len(row) for row in itertools.islice(filled, SNIFF_LINES) if len(row) > 1]
    except csv.Error:
        return (0, 0)
    if not counts:
        return (0, 0)
    width, shared = Counter(counts).most_common(1)[0]
    return (shared, width)


def _sniffer_guess(sample: str) -> str | None:
    head = "\n".join(sample.splitlines()[:SNIFF_LINES])
    try:
        return csv.Sniffer().sniff(head, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return None


def _sample(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(SAMPLE_CHARS)
    cut = sample.rfind("\n")
    if len(sample) == SAMPLE_CHARS and cut > 0:
        sample = sample[:cut]  # drop the last line, cut in the middle
    return sample


def _probe(path: Path, encoding: str, delimiter: str) -> list[Record]:
    """The first non-blank records, cells stripped: enough to find the header and see below it."""
    with path.open(encoding=encoding, newline="") as handle:
        records = _records(path, handle, delimiter)
        filled = (
            (line, [cell.strip() for cell in cells])
            for line, cells in records
            if any(cell.strip() for cell in cells)
        )
        return list(itertools.islice(filled, PROBE_RECORDS))


def _records(path: Path, handle: TextIO, delimiter: str) -> Iterator[Row]:
    reader = csv.reader(handle, delimiter=delimiter, skipinitialspace=True)
    start = 1
    try:
        for cells in reader:
            if reader.line_num - start >= MAX_RECORD_LINES:
                raise InputFileError(path, _swallowed(reader.line_num - start + 1), row=start)
            yield start, restore_row(cells)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputFileError(path, _csv_problem(exc), row=start) from None
    except UnicodeDecodeError:
        raise InputFileError(path, "changed while it was being read: import it again") from None


def _swallowed(lines: int) -> str:
    return (
        f'opens a quote (") that runs over the next {lines - 1:,} lines, which would be '
        "read as one cell (a quote never closed): fix the quoting in the file and import again"
    )


def _csv_problem(exc: csv.Error) -> str:
    if "field limit" in str(exc):
        megabytes = FIELD_LIMIT // (1024 * 1024)
        return (
            f'has a cell longer than {megabytes} MB, usually a quote (") that is never '
            "closed: fix the quoting in the file and import again"
        )
    return f"is not valid CSV ({exc}): fix the file or export it again"


def _rows(path: Path, encoding: str, delimiter: str, header_line: int, count: int) -> Iterator[Row]:
    with path.open(encoding=encoding, newline="") as handle:
        for line, cells in _records(path, handle, delimiter):
            if line > header_line:
                row = shape_row(cells, count)
                if row is not None:
                    yield line, row
