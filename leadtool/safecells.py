"""Cells that are safe to open in a spreadsheet (PITFALLS #7: formula injection).

A cell starting with = + - @ tab or carriage return is run as a formula by Excel,
LibreOffice or Google Sheets. Prefixing an apostrophe makes all three show it as text.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
