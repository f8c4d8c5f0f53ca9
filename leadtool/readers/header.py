"""Finding the header row among the first rows of a file, naming its columns, shaping data rows.

The heuristic (shared by text files and workbooks), applied to the first `HEADER_SEARCH_ROWS`
non-blank rows, top to bottom; the first row that passes is the header:
- at least 2 non-empty cells (1 when the rows below it are a single column);
- at least `LABEL_SHARE` of its non-empty cells look like labels: they contain a letter, no '@',
  are not a URL, hold no line break and are at most `LABEL_MAX_LEN` characters. A cell that
  starts like a formula ('=' or '@': "=1+1", "@SUM(1)") is a column name of no kind, neither
  a label nor data (an email or a number never starts so): it counts for the width only, and
  a row needs at least one label;
- it has roughly as many non-empty cells as the data below is wide: at least `WIDTH_SHARE` of
  the median width (position of the last non-empty cell) of the next `DATA_SAMPLE_ROWS` rows.
This skips title rows ("Conference attendees 2026"), blank rows and the "Notes:" preamble of a
LinkedIn Connections.csv. A file whose first row is already data (no header at all) is not
supported: such a row usually holds an email, a number or a URL, so it is not taken as a header.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

HEADER_SEARCH_ROWS = 30
DATA_SAMPLE_ROWS = 20
LABEL_SHARE = 0.8
WIDTH_SHARE = 0.6
LABEL_MAX_LEN = 60

_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)

Record = tuple[int, list[str]]


def width(cells: Sequence[str]) -> int:
    """Position of the last non-empty cell (0 for a blank row)."""
    for index in range(len(cells) - 1, -1, -1):
        if cells[index]:
            return index + 1
    return 0


def looks_like_label(cell: str) -> bool:
    if not cell or len(cell) > LABEL_MAX_LEN or "@" in cell or "\n" in cell:
        return False
    return not _URL.match(cell) and any(ch.isalpha() for ch in cell)


def _looks_like_formula(cell: str) -> bool:
    return len(cell) > 1 and cell[0] in "=@"


def find_header(records: Sequence[Record]) -> int | None:
    """Index in `records` (non-blank rows, cells stripped) of the header row, or None."""
    for index, (_, cells) in enumerate(records[:HEADER_SEARCH_ROWS]):
        below = [c for _, c in records[index + 1 : index + 1 + DATA_SAMPLE_ROWS]]
        if _is_header(cells, below):
            return index
    return None


def _is_header(cells: Sequence[str], below: Sequence[Sequence[str]]) -> bool:
    filled = [cell for cell in cells if cell]
    data_width = statistics.median_low([width(row) for row in below]) if below else len(filled)
    if len(filled) < min(2, max(data_width, 1)):
        return False
    named = [cell for cell in filled if not _looks_like_formula(cell)]
    labels = sum(1 for cell in named if looks_like_label(cell))
    if not labels or labels < LABEL_SHARE * len(named):
        return False
    return len(filled) >= WIDTH_SHARE * data_width


def header_width(header_cells: Sequence[str], below: Sequence[Sequence[str]]) -> int:
    """Columns of the table: the header's, widened to data seen in the sampled rows below it."""
    return max([width(header_cells), *(width(row) for row in below)])


def name_columns(cells: Sequence[str], count: int) -> list[str]:
    """Header names: stripped, blank ones "column_<n>", repeats "<name> (2)", "<name> (3)"...

    Repeats are found ignoring case ("Email" and "email" are the same column to a person).
    """
    names: list[str] = []
    seen: set[str] = set()
    for index in range(count):
        cell = cells[index].strip() if index < len(cells) else ""
        name = _unique(cell or f"column_{index + 1}", seen)
        seen.add(name.casefold())
        names.append(name)
    return names


def _unique(name: str, seen: set[str]) -> str:
    if name.casefold() not in seen:
        return name
    number = 2
    while f"{name} ({number})".casefold() in seen:
        number += 1
    return f"{name} ({number})"


def shape_row(cells: list[str], count: int) -> list[str] | None:
    """Strip cells and pad to `count`; keep extra non-empty cells; None for a blank row."""
    cells = [cell.strip() for cell in cells]
    if not any(cells):
        return None
    if len(cells) < count:
        cells.extend([""] * (count - len(cells)))
    elif len(cells) > count:
        del cells[max(count, width(cells)) :]
    return cells
