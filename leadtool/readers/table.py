"""The `Table` every reader returns: where the data came from, its header, and its rows (lazily)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

Row = tuple[int, list[str]]


@dataclass
class Table:
    """One table of text cells read from a file.

    `rows` yields `(row_number, cells)` lazily, data rows only, fully blank rows skipped.
    `row_number` is the 1-based physical line (text files: the line where the record starts) or
    sheet row (workbooks) in the file, or the 1-based record number (JSON array) / line (JSONL).
    Every `cells` list has at least `len(header)` items. A row with more non-empty cells than the
    header is NOT cut: the list is longer than the header, up to its last non-empty cell. Name
    those extra cells with `extra_column_name(index)` ("column_<index+1>"). Empty trailing cells
    beyond the header are dropped, so a list longer than the header always ends with a value.

    `header_row` is the 1-based row of the header in the file; 0 for JSON, whose header is made
    from the object keys. `total_rows` is an estimate for a progress bar, None when unknown.
    """

    path: Path
    format: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    header: list[str]
    header_row: int
    rows: Iterator[Row] = field(repr=False)
    total_rows: int | None


def extra_column_name(index: int) -> str:
    """Name of the cell at 0-based `index` of a row when the header has no name for it."""
    return f"column_{index + 1}"
