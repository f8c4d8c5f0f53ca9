"""Cell values to text: the one place that decides how a number, date or list reads as a string.

Workbook cells (python-calamine values) and JSON values both go through `cell_text`, so a phone
stored as the float 4155550134.0 becomes "4155550134" whatever the source, and nothing is ever
turned into a number or a missing value: "Null", "NA" and "02134" stay exactly as written.
It also owns `restore_neutralised`: a CSV that leadtool wrote reads back as it was exported.
"""

from __future__ import annotations

import datetime as dt
import json

from leadtool.safecells import FORMULA_STARTS

LIST_SEPARATOR = "; "
_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def cell_text(value: object) -> str:
    """Return the text of one cell value. None is "", text is stripped of surrounding spaces."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    return _other_text(value)


def _float_text(value: float) -> str:
    # Spreadsheets store every number as a float: an exact integer (a phone, a zip) loses the ".0".
    if value.is_integer():
        return str(int(value))
    return str(value)


def _other_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, list | tuple):
        parts = (cell_text(item) for item in value)
        return LIST_SEPARATOR.join(part for part in parts if part)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else ""
    return str(value).strip()


def restore_neutralised(cell: str) -> str:
    """A cell as it was before leadtool's CSV export protected it (safecells.neutralise).

    Exactly that is undone: an apostrophe followed by = + - @ tab, carriage return or line
    feed. Any other apostrophe ("'Jane", "O'Neil") is data and stays.
    """
    if cell[:1] == "'" and cell[1:2] in _FORMULA_FIRST:
        return cell[1:]
    return cell


def restore_row(cells: list[str]) -> list[str]:
    """`restore_neutralised` on each cell, in place; most rows hold no apostrophe at all."""
    if "'" in "".join(cells):  # one C-speed scan decides for the whole row
        cells[:] = [restore_neutralised(cell) for cell in cells]
    return cells
