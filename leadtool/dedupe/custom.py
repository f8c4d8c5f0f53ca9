"""The list's own extra columns (custom fields) as evidence: which to compare, and how.

A purchased list brings columns leadtool has no field for: a date of birth, a customer
number, an industry. Which of them say anything about two rows being one person is the
list's business, so nothing is decided by name: every custom column filled on at least
MIN_FILLED of the people is compared (up to SLOTS of them, the most varied first), and
its weights are fitted with the others (model.py). u is counted on random pairs, so a
column of few values ("industry") agrees between strangers often and weighs little, and
between colleagues (the conditioned levels) a company attribute weighs nothing. A column
whose values are nearly one per person (at most MAX_MEAN_BLOCK people a value on average:
a date of birth, an id) is also a blocking key, so two rows that share it are compared
even when their names were written apart; blocks keep blocking.MAX_BLOCK as every key does.

Values are compared after trimming and casefolding; two values of four or more characters
one edit apart (a typo, two digits swapped: "19610527"/"19610572") are a level of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from leadtool.dedupe.compare import Evidence

SLOTS = 5  # custom columns compared at most (levels.FIELDS has a field for each)
MIN_FILLED = 0.1  # share of the people with a value, for a column to be compared
MAX_MEAN_BLOCK = 3.0  # people per distinct value, at most, for a column to be a blocking key
MIN_CLOSE = 4  # characters both values need for "one edit apart" to mean a typo
SAME, CLOSE, OTHER = 1, 2, 3


@dataclass(frozen=True)
class Column:
    """A custom column of the store: its key and how its values spread."""

    name: str
    filled: int  # people with a value
    distinct: int  # distinct values (trimmed, casefolded)


@dataclass(frozen=True)
class CustomColumns:
    """The custom columns compared, in slot order, and which of them block."""

    names: tuple[str, ...] = ()
    blocking: tuple[int, ...] = ()  # slots that are also blocking keys


def choose(columns: Sequence[Column], people: int) -> CustomColumns:
    """The columns worth comparing: filled often enough, most distinct values first."""
    useful = [c for c in columns if c.distinct >= 2 and c.filled >= MIN_FILLED * people]
    useful.sort(key=lambda c: (-c.distinct, c.name))
    chosen = useful[:SLOTS]
    blocking = tuple(i for i, c in enumerate(chosen) if c.filled <= MAX_MEAN_BLOCK * c.distinct)
    return CustomColumns(tuple(c.name for c in chosen), blocking)


def compare_values(name: str, a: str, b: str) -> tuple[int, Evidence] | None:
    """The level of two values of column `name` and what it says (None: one is empty)."""
    if not a or not b:
        return None
    if a == b:
        return SAME, Evidence(0.0, f"same {name}")
    if min(len(a), len(b)) >= MIN_CLOSE and OSA.distance(a, b, score_cutoff=1) <= 1:
        return CLOSE, Evidence(0.0, f"{name} one character apart")
    return OTHER, Evidence(0.0, f"different {name}")
