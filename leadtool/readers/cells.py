"""Cell values to text: the one place that decides how a number, date or list reads as a string.

Workbook cells (python-calamine values) and JSON values both go through `cell_text`, so a phone
stored as the float 4155550134.0 becomes "4155550134" whatever the source, and nothing is ever
turned into a number or a missing value: "Null", "NA" and "02134" stay exactly as written.
"""

from __future__ import annotations

import datetime as dt
import json

LIST_SEPARATOR = "; "


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
