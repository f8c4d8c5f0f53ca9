"""A pair's score from 0 to 1 and its reasons, from the evidence of compare.py.

The score is a logistic of the summed log2-odds points plus a prior: with nothing in
common a pair scores near 0; same name at the same company near 0.95; add a shared phone
or email name and it passes 0.99. Same name at different companies with different work
emails falls near 0 and says why. The weights were set by hand and checked against the
labelled benchmark (bench/dedupe_bench.py). `dedupe` scores with weights fitted to the list
(fitted.py) and falls back to these on a list too small to fit (under 500 people).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from leadtool.dedupe import compare as c
from leadtool.dedupe.compare import Evidence
from leadtool.dedupe.record import Rec

PRIOR = -6.0
DEFAULT_THRESHOLD = 0.88
REVIEW_FLOOR = 0.5


@dataclass(frozen=True, slots=True)
class Scored:
    a: int
    b: int
    score: float
    reasons: tuple[str, ...]


def evidence(a: Rec, b: Rec) -> list[c.Evidence]:
    found = [*c.names(a, b), *c.workplace(a, b), *c.emails(a, b), *c.place(a, b)]
    found.extend(e for e in (c.phones(a, b), c.titles(a, b)) if e)
    return found


def score_pair(a: Rec, b: Rec, name_counts: Mapping[int, int] | None = None) -> Scored:
    """The pair's score and reasons; `name_counts` (see `name_hash`) says how many people
    of the list carry each common full name: agreeing on a common name is weaker evidence."""
    found = evidence(a, b)
    common = common_name(a, b, name_counts) if name_counts else None
    if common:
        found.append(common)
    total = PRIOR + sum(e.points for e in found)
    ordered = sorted(found, key=lambda e: -abs(e.points))
    return Scored(
        min(a.id, b.id), max(a.id, b.id), logistic(total), tuple(e.reason for e in ordered)
    )


def name_hash(rec: Rec) -> int | None:
    """A key for the person's full name, for counting how common it is."""
    if not rec.first or not rec.last:
        return None
    return hash(" ".join(sorted((rec.first, rec.last))))  # swapped names count as one


def common_name(a: Rec, b: Rec, counts: Mapping[int, int]) -> Evidence | None:
    """Term-frequency adjustment (as in Fellegi-Sunter record linkage): when N people share
    the full name two of them agree on, the agreement is worth log2(N/2) bits less."""
    key = name_hash(a)
    if key is None or key != name_hash(b):
        return None
    n = counts.get(key, 0)
    if n <= 2:
        return None
    return Evidence(-math.log2(n / 2), f"a common name ({n} people in the list)")


def logistic(points: float) -> float:
    return round(1.0 / (1.0 + float(2.0 ** (-points))), 4)
