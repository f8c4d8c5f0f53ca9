"""Prototype: Fellegi-Sunter weights estimated from the list being deduplicated, by EM.

Not leadtool's scoring (that is leadtool/dedupe/score.py, hand weights); this is the
alternative the dedupe evaluation measures side by side with it. Everything leadtool
computes about a pair is kept: the comparison levels are the verdicts of
leadtool/dedupe/compare.py (nicknames, legal suffixes dropped, free-mail is no company
evidence, swapped names, "two different addresses at one company" for same-name
colleagues), and the common-name adjustment, the ambiguity rule of `auto_pairs` and the
remembered "not the same" decisions apply as before. Only the points change: instead of
hand-set log2 odds, each level is worth log2(m/u), where

- u (how often a level occurs between two people who are not one) is counted on random
  pairs of the same store's people, as splink does (with one pseudo-count per level);
- m (how often it occurs between two rows of one person) is fitted by EM over the store's
  own candidate pairs in training sessions (SESSIONS), assuming the fields independent
  given match or not (the Fellegi-Sunter model); then the share of candidate pairs that
  are one person, and from it the prior: the chance that two people picked at random are
  one, since u is of random pairs too (a prior over the candidates alone, with u of
  random pairs, made precision 0.91 on the tuned-on list).

A second variant ("EM, u fitted too") fits m, u and the share together on the candidate
pairs, u started from the random pairs': its u is of the candidates' non-matches
(colleagues, namesakes), so its prior is the candidates'.

Level 0 of every field means "nothing to compare" and counts for neither side.
"""

from __future__ import annotations

import dataclasses
import math
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from random import Random
from typing import TYPE_CHECKING

import numpy as np

from leadtool.dedupe import compare as c
from leadtool.dedupe.blocking import common_counts
from leadtool.dedupe.record import Rec, make_rec
from leadtool.dedupe.score import Scored, _common_name, name_hash

if TYPE_CHECKING:
    from leadtool.dedupe.service import Found
    from leadtool.store.connection import Store

FIELDS = ("first", "last", "order", "workplace", "email", "phone", "city", "country", "title")
LEVELS = 6  # the most levels of a field, its "nothing to compare" 0 included
_FIRST = {c.FIRST_SAME: 1, c.FIRST_NICK: 2, c.FIRST_INITIAL: 3, c.FIRST_TYPO: 4, c.FIRST_DIFF: 5}
_LAST = {c.LAST_SAME: 1, c.LAST_TYPO: 2, c.LAST_PART: 3, c.LAST_SOUND: 4, c.LAST_DIFF: 5}
_EMAIL = {c.LOCAL_SAME: 1, c.OTHER_WORK_EMAIL: 2, c.LOCALS_FIT: 3}


def levels(a: Rec, b: Rec) -> tuple[int, ...]:
    """The pair's comparison level in each field of FIELDS, from compare.py's verdicts."""
    first, last, order = _names(a, b)
    return (
        first,
        last,
        order,
        _workplace(a, b),
        _EMAIL[found[0].points] if (found := c.emails(a, b)) else 0,
        _two_way(c.phones(a, b), c.PHONE_SAME),
        _two_way(next((e for e in c.place(a, b) if "cit" in e.reason), None), c.CITY_SAME),
        _two_way(next((e for e in c.place(a, b) if "countr" in e.reason), None), c.COUNTRY_SAME),
        1 if c.titles(a, b) else 0,
    )


def _names(a: Rec, b: Rec) -> tuple[int, int, int]:
    """(first, last, order): order 1 as written, 2 swapped (as compare.names decides)."""
    straight = (c.first_names(a.first, b.first), c.last_names(a.last, b.last))
    both = a.first and a.last and b.first and b.last
    if both and (a.first, a.last) != (b.first, b.last):
        swapped = (c.first_names(a.first, b.last), c.last_names(a.last, b.first))
        if _points(swapped) + c.SWAPPED > _points(straight):
            return _level(_FIRST, swapped[0]), _level(_LAST, swapped[1]), 2
    return _level(_FIRST, straight[0]), _level(_LAST, straight[1]), 1 if both else 0


def _points(found: Sequence[c.Evidence | None]) -> float:
    return sum(e.points for e in found if e)


def _level(table: dict[float, int], found: c.Evidence | None) -> int:
    return table[found.points] if found else 0


def _workplace(a: Rec, b: Rec) -> int:
    """1 same company domain, 2 same company name, 3 a like name, 4 different, 0 unknown."""
    name, domain = c._company(a, b), c._domains(a, b)
    if domain and domain.points == c.DOMAIN_SAME:
        return 1
    if name and name.points == c.COMPANY_SAME:
        return 2
    if name and name.points == c.COMPANY_LIKE:
        return 3
    return 4 if name or domain else 0


def _two_way(found: c.Evidence | None, same: float) -> int:
    if found is None:
        return 0
    return 1 if found.points == same else 2


@dataclass(frozen=True)
class Model:
    """A fitted Fellegi-Sunter model: the match share among candidates, m and u per level."""

    share: float
    m: np.ndarray  # (fields, LEVELS); column 0 unused
    u: np.ndarray
    iterations: int

    def weights(self) -> np.ndarray:
        """log2(m/u) per field and level (0 for level 0)."""
        w = np.log2(self.m / self.u)
        w[:, 0] = 0.0
        return w

    def prior(self) -> float:
        return math.log2(self.share / (1.0 - self.share))


def u_from_random_pairs(recs: Sequence[Rec], pairs: int, seed: int = 0) -> np.ndarray:
    """How often each level occurs between random people: u, with one pseudo-count each."""
    rng = Random(seed)
    counts = np.ones((len(FIELDS), LEVELS))
    for _ in range(pairs):
        a, b = rng.sample(range(len(recs)), 2)
        for f, level in enumerate(levels(recs[a], recs[b])):
            counts[f, level] += 1
    return _normalised(counts)


def _normalised(counts: np.ndarray) -> np.ndarray:
    """Each field's level shares over the levels 1.. (level 0 kept at 1, ignored)."""
    out = counts.astype(float).copy()
    out[:, 0] = 0.0
    out /= out.sum(axis=1, keepdims=True)
    out[:, 0] = 1.0
    return out


def fit(
    patterns: np.ndarray,
    counts: np.ndarray,
    u: np.ndarray | None = None,
    *,
    fix_u: bool = True,
    m: np.ndarray | None = None,
    share: float = 0.1,
    max_iterations: int = 200,
    tolerance: float = 1e-9,
) -> Model:
    """EM over the distinct level patterns (rows of `patterns`) seen `counts` times.

    With `u` given and `fix_u`, only the match share and m are fitted; otherwise u too,
    started at `u` or flat. With `m` given, m is held (only the share, and u unless
    fixed, are fitted). m starts at 0.9 on each field's level 1 (agreement), so
    "match" is the agreeing class.
    """
    fields = patterns.shape[1]
    fixed_m = m is not None
    if m is None:
        start = np.where(np.arange(LEVELS) == 1, 9.0 * (LEVELS - 2), 1.0)
        m = _normalised(start * np.ones((fields, 1)))
    fixed_u = u is not None and fix_u
    u = u.copy() if u is not None else _normalised(np.ones((fields, LEVELS)))
    onehot = [patterns[:, f][:, None] == np.arange(LEVELS) for f in range(fields)]
    iterations = 0
    while iterations < max_iterations:
        iterations += 1
        g = _posterior(patterns, m, u, share)
        # kept off 0 and 1, where the log odds of the prior are infinite
        new_share = min(max(float((counts * g).sum() / counts.sum()), 1e-6), 1 - 1e-6)
        new_m = m if fixed_m else _m_step(onehot, counts * g)
        new_u = u if fixed_u else _m_step(onehot, counts * (1.0 - g))
        change = max(abs(new_share - share), float(np.abs(new_m - m).max()))
        change = max(change, float(np.abs(new_u - u).max()))
        share, m, u = new_share, new_m, new_u
        if change < tolerance:
            break
    return Model(share, m, u, iterations)


def _posterior(patterns: np.ndarray, m: np.ndarray, u: np.ndarray, share: float) -> np.ndarray:
    rows = np.arange(patterns.shape[1])
    log_m = np.log(m[rows, patterns]).sum(axis=1) + math.log(share)
    log_u = np.log(u[rows, patterns]).sum(axis=1) + math.log(1.0 - share)
    result: np.ndarray = 1.0 / (1.0 + np.exp(log_u - log_m))
    return result


def _m_step(onehot: list[np.ndarray], weight: np.ndarray) -> np.ndarray:
    counts = np.stack([(hot * weight[:, None]).sum(axis=0) for hot in onehot])
    return _normalised(counts + 1e-6)


def distinct_patterns(rows: Iterable[tuple[int, ...]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distinct patterns, how often each occurs, the pattern index of each row)."""
    matrix = np.array(list(rows), dtype=np.int64).reshape(-1, len(FIELDS))
    patterns, inverse, counts = np.unique(matrix, axis=0, return_inverse=True, return_counts=True)
    return patterns, counts.astype(float), inverse.reshape(-1)


# Training sessions, as splink runs them: EM over the candidate pairs that agree on some
# fields, which says nothing about those fields (every pair agrees on them), so their m is
# estimated in another session. Each field's m is the mean over the sessions that
# estimate it; the match share among all candidate pairs is fitted last, m and u held.
SESSIONS: tuple[dict[str, tuple[int, ...]], ...] = (
    {"workplace": (1, 2), "last": (1,)},
    {"first": (1,), "last": (1,)},
    {"workplace": (1, 2), "first": (1,)},
)


def fit_sessions(patterns: np.ndarray, counts: np.ndarray, u: np.ndarray) -> Model:
    """m per field from the SESSIONS, then the share over every candidate pair."""
    sums, seen = np.zeros_like(u), np.zeros(len(FIELDS))
    for rule in SESSIONS:
        ignored = [FIELDS.index(name) for name in rule]
        keep = np.ones(len(patterns), dtype=bool)
        for name, wanted in rule.items():
            keep &= np.isin(patterns[:, FIELDS.index(name)], wanted)
        if not keep.any():
            continue
        part = patterns[keep].copy()
        part[:, ignored] = 0
        model = fit(part, counts[keep], u)
        estimated = np.setdiff1d(np.arange(len(FIELDS)), ignored)
        sums[estimated] += model.m[estimated]
        seen[estimated] += 1
    m = np.where(seen[:, None] > 0, sums / np.maximum(seen, 1)[:, None], u)
    m[:, 0] = 1.0
    return fit(patterns, counts, u, m=m)


def log2_odds(model: Model, patterns: np.ndarray) -> np.ndarray:
    """The match weight of each pattern: the prior plus each field's log2(m/u)."""
    w = model.weights()
    result: np.ndarray = model.prior() + w[np.arange(patterns.shape[1]), patterns].sum(axis=1)
    return result


VARIANTS = {
    "EM, u from random pairs": "random",  # splink's way: u counted, m fitted by sessions
    "EM, u fitted too": "fitted",  # m and u fitted on all candidate pairs, u started random
}


def find_em(store: Store, *, min_score: float, random_pairs: int = 50_000) -> dict[str, Found]:
    """What `leadtool.dedupe.service.find` finds, scored by models fitted to this store, one
    per VARIANTS.

    The same people, blocking, candidate pairs, common-name adjustment and remembered
    "not the same" decisions; every person is held in memory (a prototype for the
    evaluation's lists, not for a million people).
    """
    from leadtool.dedupe.blocking import Blocks, candidate_pairs
    from leadtool.dedupe.service import Found
    from leadtool.store import dedupe as fsql

    recs = {
        pid: make_rec(pid, fields, emails, phones)
        for pid, fields, emails, phones in fsql.people_for_matching(store.conn, "1", ())
    }
    blocks = Blocks.empty()
    for rec in recs.values():
        blocks.add(rec)
    pairs = candidate_pairs(blocks)
    found = list(pairs)
    patterns, seen, index = distinct_patterns(levels(recs[a], recs[b]) for a, b in found)
    u = u_from_random_pairs(list(recs.values()), random_pairs)
    everyone = len(recs) * (len(recs) - 1) / 2
    models = {
        # u is of random pairs, so the prior is too: the chance that any two people are one
        # (every match is taken to be among the candidates)
        "random": lambda: _over(fit_sessions(patterns, seen, u), len(found) / everyone),
        "fitted": lambda: fit(patterns, seen, u, fix_u=False, share=0.3),
    }
    known = fsql.distinct_pairs(store.conn)
    result = {}
    for name, how in VARIANTS.items():
        odds = log2_odds(models[how](), patterns)[index] if found else np.empty(0)
        kept, scores = _scored(recs, found, odds, known, min_score)
        result[name] = Found(len(recs), len(pairs), pairs.skipped_blocks, kept, pairs.pairs, scores)
    return result


def _over(model: Model, candidates_share: float) -> Model:
    """The model with its match share taken over all pairs, not just the candidates."""
    return dataclasses.replace(model, share=model.share * candidates_share)


def _scored(
    recs: dict[int, Rec],
    found: list[tuple[int, int]],
    odds: np.ndarray,
    known: set[tuple[int, int]],
    min_score: float,
) -> tuple[list[Scored], np.ndarray]:
    """The pairs at or above `min_score`, best first, and every compared pair's score."""
    named = [h for rec in recs.values() if (h := name_hash(rec)) is not None]
    counts = common_counts(array("q", named))
    scores = np.zeros(len(found), dtype=np.float32)
    kept: list[Scored] = []
    for n, (a, b) in enumerate(found):
        if (a, b) in known:
            continue
        common = _common_name(recs[a], recs[b], counts)
        points = float(odds[n]) + (common.points if common else 0.0)
        scores[n] = score = round(1.0 / (1.0 + 2.0 ** (-points)), 4)
        if score >= min_score:
            kept.append(Scored(a, b, score, ("fitted weights",)))
    kept.sort(key=lambda s: (-s.score, s.a, s.b))
    return kept, scores
