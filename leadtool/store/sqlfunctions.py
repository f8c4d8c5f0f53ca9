"""The SQL functions leadtool adds to every store connection.

Owns `register(conn)` and the Python behind each function:
- `lt_fold(x)`: Unicode case folding (`str.casefold`). SQLite's `lower()` and `LIKE` fold ASCII
  only, so "ÉRIC" would not match "éric" (PITFALLS #8); the --where compiler folds both sides.
- `lt_number(x)`: a cell's text read as a finite number, or NULL when it is not one, so that
  `custom.Employees > 50` compares numbers without `CAST('abc' AS REAL)` turning into 0.
- `lt_mentions(text, needle)`: 1 when `text` holds `needle` as a whole value, casefolded:
  not inside a longer address or number ("jo@acme.com" is not in "bjo@acme.com" nor in
  "jo@acme.com.au"; "+14155550134" is not in "+141555501345"). Forgetting uses it so that
  one person's address never erases another's records.

All are deterministic and NULL-safe, and never raise: an exception inside a user function would
surface as an opaque sqlite3 error in the middle of a query.
"""

from __future__ import annotations

import math
import sqlite3


def fold(value: object) -> str | None:
    """`value` casefolded as text; NULL stays NULL, numbers fold as their text."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace").casefold()
    return str(value).casefold()


def number(value: object) -> float | None:
    """`value` as a finite float, or None when it does not read as a plain number."""
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str) or "_" in value:
        return None  # float() would accept "1_000"; a cell with underscores is not a number
    try:
        parsed = float(value.strip())
    except ValueError:
        return None
    return parsed if math.isfinite(parsed) else None


# Characters that continue an address, a number or a word: a mention must not touch one.
_CONTINUES = frozenset("._%+-@")


def mentions(text: object, needle: object) -> int:
    """1 when `text` holds `needle` with no address, number or word character either side."""
    if text is None or not needle:
        return 0
    haystack, word = fold(text) or "", str(needle).casefold()
    at = haystack.find(word)
    while at >= 0:
        end = at + len(word)
        if not _continues(haystack[at - 1 : at]) and not _continues(haystack[end : end + 1]):
            return 1
        at = haystack.find(word, at + 1)
    return 0


def _continues(ch: str) -> bool:
    return bool(ch) and (ch.isalnum() or ch in _CONTINUES)


def register(conn: sqlite3.Connection) -> None:
    """Add leadtool's SQL functions to `conn` (needed by every compiled --where filter)."""
    conn.create_function("lt_fold", 1, fold, deterministic=True)
    conn.create_function("lt_number", 1, number, deterministic=True)
    conn.create_function("lt_mentions", 2, mentions, deterministic=True)
