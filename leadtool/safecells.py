"""Cells that are safe to open in a spreadsheet (PITFALLS #7: formula injection).

A cell starting with = + - @ tab, carriage return or line feed is run as a formula by Excel,
LibreOffice or Google Sheets. Prefixing an apostrophe makes all three show it as text.

One exception, on purpose: a signed run of digits such as a phone in E.164 (`+14155550134`)
is written as it is. It cannot run anything (a spreadsheet reads it as a number), and the
tools a CSV export is made for (HubSpot, Mailchimp, Salesforce) must receive the `+`, not
`'+`. To see such a phone as text in a spreadsheet, export XLSX: its cells are typed text.

`store/exports.py` applies the same rule in SQL for fast exports; a test holds the two equal.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(cell: str) -> str:
    if not cell.startswith(FORMULA_STARTS) or is_signed_digits(cell):
        return cell
    return "'" + cell


def is_signed_digits(cell: str) -> bool:
    """`+` or `-` followed by ASCII digits only: a number, never a formula."""
    rest = cell[1:]
    return cell[:1] in ("+", "-") and rest.isascii() and rest.isdigit()
