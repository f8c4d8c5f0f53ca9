"""Scoring with weights fitted to the list being deduplicated (model.py), in bounded memory.

`find` (service.py) reads every person once to block them; while it does, a `Sampler`
keeps a reservoir of random people and each person's workplace hash, for the random pairs
that u is counted on. Then, chunk by chunk, each candidate pair's comparison levels are
packed into one integer (levels.encode); the model is fitted over the distinct patterns;
each pair's score is its pattern's log2 odds plus the common-name adjustment, and only the
pairs worth listing are compared again, to say why in words with their fitted points.
At no time is every person in memory: a million people are a few arrays of integers.
"""

from __future__ import annotations

import hashlib
import math
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from random import Random

import numpy as np

from leadtool.dedupe.blocking import PairSet
from leadtool.dedupe.levels import FIELDS, F, decode, encode
from leadtool.dedupe.levels import compared as compare_levels
from leadtool.dedupe.model import Model, estimate, fits, u_from_samples
from leadtool.dedupe.record import Rec
from leadtool.dedupe.score import DEFAULT_THRESHOLD, REVIEW_FLOOR, Scored, common_name

RESERVOIR = 10_000  # random people kept while reading, for pairs of strangers
STRANGER_PAIRS = 30_000
COLLEAGUE_PAIRS = 20_000
MIN_PEOPLE, MIN_PAIRS = 500, 100  # fewer: too little to fit, the hand weights score
CHUNK_PAIRS = 50_000
# The fitted log2 odds at which `--auto-merge` merges by default, and at which the review
# list starts, chosen from the evaluation's curves (BENCHMARKS.md, "Likely duplicates on
# lists leadtool was not tuned on"): one bit above 8, the lowest merge point that kept
# precision >= 0.99 on every list; and a review point below which the queue grew 20-50
# times for a few more true pairs. Scores map these two points onto
# score.DEFAULT_THRESHOLD and score.REVIEW_FLOOR, so `--threshold` and `--min-score` keep
# their meaning whichever weights scored the list.
MERGE_BITS, REVIEW_BITS = 9.0, 0.0

RecsOf = Callable[[set[int]], Mapping[int, Rec]]
AS_WRITTEN = (F["order"], 1)  # names read as written, not swapped


@dataclass
class Sampler:
    """What the first pass keeps for u: a reservoir of people and everyone's workplace."""

    rng: Random
    reservoir: list[Rec] = field(default_factory=list)
    seen: int = 0
    ids: array[int] = field(default_factory=lambda: array("q"))
    workplaces: array[int] = field(default_factory=lambda: array("q"))

    def add(self, rec: Rec) -> None:
        self.seen += 1
        if len(self.reservoir) < RESERVOIR:
            self.reservoir.append(rec)
        elif (i := self.rng.randrange(self.seen)) < RESERVOIR:
            self.reservoir[i] = rec
        place = rec.company or (rec.domains[0] if rec.domains else "")
        if place:
            self.ids.append(rec.id)
            self.workplaces.append(_stable_hash(place))

    def strangers(self) -> list[tuple[Rec, Rec]]:
        people = self.reservoir
        if len(people) < 2:
            return []
        return [tuple(self.rng.sample(people, 2)) for _ in range(STRANGER_PAIRS)]  # type: ignore[misc]

    def colleagues(self) -> list[tuple[int, int]]:
        """Random pairs of people at one workplace (uniform over such pairs)."""
        hashes = np.frombuffer(self.workplaces, dtype=np.int64)
        ids = np.frombuffer(self.ids, dtype=np.int64)
        order = np.argsort(hashes, kind="stable")
        hashes, ids = hashes[order], ids[order]
        starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
        sizes = np.diff(np.r_[starts, len(hashes)])
        many = sizes > 1
        if not many.any():
            return []
        starts, sizes = starts[many], sizes[many]
        ways = sizes.astype(float) * (sizes - 1)
        gen = np.random.default_rng(self.rng.randrange(2**32))
        picked = gen.choice(len(sizes), size=COLLEAGUE_PAIRS, p=ways / ways.sum())
        first = gen.integers(0, sizes[picked])
        second = (first + gen.integers(1, sizes[picked])) % sizes[picked]
        a, b = ids[starts[picked] + first], ids[starts[picked] + second]
        return list(zip(a.tolist(), b.tolist(), strict=True))


def _stable_hash(text: str) -> int:
    """A 64-bit hash that is the same in every process: the colleagues sampled, so u and
    every score, must not depend on Python's per-process string hashing."""
    return int.from_bytes(
        hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True
    )


@dataclass(frozen=True)
class Fitted:
    model: Model
    scores: np.ndarray  # float32, one per candidate pair, 0 for pairs decided "not the same"
    pairs: list[Scored]  # those at or above min_score, with reasons, best first


def fit_and_score(
    sampler: Sampler,
    pairs: PairSet,
    recs_of: RecsOf,
    counts: Mapping[int, int],
    known: set[tuple[int, int]],
    min_score: float,
    blocking: tuple[int, ...] = (),
) -> Fitted | None:
    """Fit the list's model and score its candidate pairs; None when it cannot be fitted.
    `blocking`: the custom slots that are blocking keys (custom.CustomColumns)."""
    if sampler.seen < MIN_PEOPLE or len(pairs) < MIN_PAIRS:
        return None
    codes, common = _levels_of_candidates(pairs, recs_of, counts)
    everyone = sampler.seen * (sampler.seen - 1) / 2
    model = estimate(codes, _u(sampler, recs_of), everyone, blocking)
    if not fits(model):
        return None
    distinct, inverse = np.unique(codes, return_inverse=True)
    odds = model.log2_odds(decode(distinct))[inverse.reshape(-1)] + common
    scores = to_score(odds)
    if known:
        scores[_positions(pairs, known)] = 0.0
    listed = np.flatnonzero(scores >= min_score)
    found = _explained(pairs, listed, scores, model, recs_of, counts)
    return Fitted(model, scores, found)


def _positions(pairs: PairSet, known: set[tuple[int, int]]) -> np.ndarray:
    """Where the pairs decided "not the same" are among the candidate pairs."""
    codes = np.array(sorted((a << 32) | b for a, b in known), dtype=np.int64)
    at = np.searchsorted(pairs.pairs, codes)
    inside = at < len(pairs.pairs)
    hit = inside.copy()
    hit[inside] = pairs.pairs[at[inside]] == codes[inside]
    return at[hit]


def to_score(odds: np.ndarray) -> np.ndarray:
    """Scores 0..1 from fitted log2 odds: MERGE_BITS reads as DEFAULT_THRESHOLD and
    REVIEW_BITS as REVIEW_FLOOR (a logistic, so the order of pairs is the odds' order)."""
    at_merge = math.log2(DEFAULT_THRESHOLD / (1 - DEFAULT_THRESHOLD))
    at_review = math.log2(REVIEW_FLOOR / (1 - REVIEW_FLOOR))
    slope = (at_merge - at_review) / (MERGE_BITS - REVIEW_BITS)
    points = at_review + slope * (odds - REVIEW_BITS)
    result: np.ndarray = np.round(1.0 / (1.0 + np.exp2(-points)), 4).astype(np.float32)
    return result


def _levels_of_candidates(
    pairs: PairSet, recs_of: RecsOf, counts: Mapping[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Each candidate pair's packed levels and common-name adjustment, chunk by chunk."""
    codes = np.zeros(len(pairs), dtype=np.int64)
    common = np.zeros(len(pairs), dtype=np.float64)
    n = 0
    for chunk in pairs.chunks(CHUNK_PAIRS):
        recs = recs_of({i for pair in chunk for i in pair})
        for a, b in chunk:
            ra, rb = recs[a], recs[b]
            codes[n] = encode(compare_levels(ra, rb))
            tf = common_name(ra, rb, counts)
            common[n] = tf.points if tf else 0.0
            n += 1
    return codes, common


def _u(sampler: Sampler, recs_of: RecsOf) -> np.ndarray:
    """u from random strangers and random colleagues who do not share a surname (those may
    be one person; leaving them out keeps u of people who are not)."""
    strangers = [encode(compare_levels(a, b)) for a, b in sampler.strangers()]
    pairs = sampler.colleagues()
    recs = recs_of({i for pair in pairs for i in pair})
    colleagues = []
    for a, b in pairs:
        found = compare_levels(recs[a], recs[b])
        if not any(f == F["last"] and level in (1, 2, 3, 4) for f, level, _ in found):
            colleagues.append(encode(found))
    return u_from_samples(_decoded(strangers), _decoded(colleagues))


def _decoded(codes: list[int]) -> np.ndarray:
    return decode(np.array(codes, dtype=np.int64)).reshape(-1, len(FIELDS))


def _explained(
    pairs: PairSet,
    listed: np.ndarray,
    scores: np.ndarray,
    model: Model,
    recs_of: RecsOf,
    counts: Mapping[int, int],
) -> list[Scored]:
    """The listed pairs with their reasons: compare.py's words, ordered by fitted points."""
    weights = model.weights()
    found: list[Scored] = []
    codes = pairs.pairs[listed]
    for start in range(0, len(listed), CHUNK_PAIRS):
        part = [(c >> 32, c & ((1 << 32) - 1)) for c in codes[start : start + CHUNK_PAIRS].tolist()]
        recs = recs_of({i for pair in part for i in pair})
        for (a, b), n in zip(part, listed[start : start + CHUNK_PAIRS].tolist(), strict=True):
            why = reasons(recs[a], recs[b], weights, counts)
            found.append(Scored(a, b, float(scores[n]), why))
    found.sort(key=lambda s: (-s.score, s.a, s.b))
    return found


def score_one(model: Model, a: Rec, b: Rec, counts: Mapping[int, int] | None = None) -> Scored:
    """One pair scored by a fitted model, as `fit_and_score` scores the list's pairs."""
    found = compare_levels(a, b)
    tf = common_name(a, b, counts) if counts else None
    odds = model.log2_odds(decode(np.array([encode(found)])))[0] + (tf.points if tf else 0.0)
    why = reasons(a, b, model.weights(), counts or {})
    return Scored(min(a.id, b.id), max(a.id, b.id), float(to_score(np.array([odds]))[0]), why)


def reasons(a: Rec, b: Rec, weights: np.ndarray, counts: Mapping[int, int]) -> tuple[str, ...]:
    """What was found between the two, strongest first, each with its fitted points."""
    said = [
        (float(weights[f, level]), e.reason)
        for f, level, e in compare_levels(a, b)
        if (f, level) != AS_WRITTEN  # the usual case: saying so adds nothing
    ]
    if tf := common_name(a, b, counts):
        said.append((tf.points, tf.reason))
    said = [(w, why) for w, why in said if abs(w) >= 0.05]
    said.sort(key=lambda item: -abs(item[0]))
    return tuple(f"{why} ({w:+.1f})" for w, why in said)


def describe(model: Model) -> dict[str, object]:
    """The fitted model in plain numbers: the prior and each field's weights, in bits."""
    w = model.weights()
    return {
        "share": round(model.share, 6),
        "prior": round(model.prior, 2),
        "weights": {name: [round(float(x), 2) for x in w[f, 1:]] for f, name in enumerate(FIELDS)},
    }
