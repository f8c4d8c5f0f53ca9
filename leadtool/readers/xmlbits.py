"""Small helpers for reading spreadsheet XML as bytes without an XML parser.

The guards scan untrusted XML with regular expressions (no entity expansion, flat memory); these
helpers pull attributes out of a tag, turn column letters into numbers and build a pattern that
matches integers above a bound.
"""

from __future__ import annotations

import html
import re

_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]*)([0-9]*)")


def attributes(tag_body: bytes) -> dict[bytes, bytes]:
    """Attributes of a tag from the text between its name and '>' (values not unescaped)."""
    return {name: double or single for name, double, single in _ATTRIBUTE.findall(tag_body)}


def text_value(raw: bytes) -> str:
    """An attribute value as text, XML entities resolved."""
    return html.unescape(raw.decode("utf-8", errors="replace"))


def split_ref(ref: bytes) -> tuple[bytes, bytes]:
    """b"XFD1048576" -> (b"XFD", b"1048576"); either part may be empty."""
    found = _REF.match(ref)
    return (found[1], found[2]) if found else (b"", b"")


HUGE = 10**12  # stands for any absurdly long number or column name: beyond every limit


def to_int(digits: bytes, default: int) -> int:
    """A decimal attribute value; `default` when empty or not a number; HUGE when absurd."""
    digits = digits.strip()
    if not digits.isdigit():
        return default
    return int(digits) if len(digits) <= 12 else HUGE


def column_number(letters: bytes) -> int:
    """b"A" -> 1, b"Z" -> 26, b"AA" -> 27, b"XFD" -> 16384 (HUGE past 8 letters)."""
    if len(letters) > 8:
        return HUGE
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number


def greater_than(bound: int) -> bytes:
    """A regex (bytes) matching the decimal form of any integer above `bound` (no sign, no zeros
    in front)."""
    digits = str(bound)
    size = len(digits)
    options = [f"[1-9][0-9]{{{size},}}"]
    for index, digit in enumerate(digits):
        if digit != "9":
            rest = size - index - 1
            options.append(f"{digits[:index]}[{int(digit) + 1}-9][0-9]{{{rest}}}")
    return ("(?:" + "|".join(options) + ")").encode("ascii")
