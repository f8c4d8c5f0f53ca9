"""Fellegi-Sunter weights estimated from the list being deduplicated: m, u and the prior.

Each comparison level (levels.py) is worth log2(m/u) bits, where

- u, how often a level occurs between two people who are not one, is counted on random
  pairs of the list (as splink does, one pseudo-count per level), and for the levels
  given a shared workplace on random pairs of colleagues (people at one company);
- m, how often it occurs between two records of one person, is fitted by EM over the
  list's own candidate pairs, in training sessions (SESSIONS) that each hold some fields
  fixed, since pairs chosen for agreeing on a field say nothing about it;
- the prior is the chance that two people picked at random are one: the fitted share of
  matches among the candidates, times the candidates' share of all pairs.

Fields are assumed independent given match or not, except that CONDITIONED fields are
distributions of their own within a shared workplace (levels.groups). The signs of the
hand weights hold as rules (levels.signs): fitting says how much, never which way.
Everything works on distinct level patterns with their counts, so a million pairs are a
few thousand rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from leadtool.dedupe.levels import (
    CUSTOM,
    FIELDS,
    LEVELS,
    OWN_LEVELS,
    F,
    decode,
    groups,
    neutral,
    signs,
)

MIN_SHARE = 1e-6
# One pseudo-match per level, as u has one pseudo-pair: a level no fitted match showed
# weighs against a match by the list's size (-7 bits at 150 matches), not by -27 bits.
M_PSEUDO = 1.0
MIN_WEIGHT_SEEN = 5.0  # matches (posterior weight) a session needs to estimate a group's m
# EM over candidates agreeing on some fields, which it then ignores (see SESSIONS).
SESSIONS: tuple[dict[str, tuple[int, ...]], ...] = (
    {"workplace": (1, 2), "last": (1,)},
    {"first": (1,), "last": (1,)},
    {"workplace": (1, 2), "first": (1,)},
)


@dataclass(frozen=True)
class Model:
    """A fitted model: the match share among the candidates, m and u per field and level."""

    share: float
    m: np.ndarray  # (fields, LEVELS); level 0 is 1.0 in both, "nothing to compare"
    u: np.ndarray
    prior: float  # log2 odds that two people of the list picked at random are one

    def weights(self) -> np.ndarray:
        """log2(m/u) per field and level, the hand weights' signs enforced (0 at level 0)."""
        w = np.log2(self.m / self.u)
        rule = signs()
        signed: np.ndarray = np.where(
            rule > 0, np.maximum(w, 0.0), np.where(rule < 0, np.minimum(w, 0.0), w)
        )
        signed[neutral()] = 0.0
        signed[:, 0] = 0.0
        return signed

    def log2_odds(self, patterns: np.ndarray) -> np.ndarray:
        """The prior plus each field's weight, for (pairs, fields) level patterns."""
        w = self.weights()
        result: np.ndarray = self.prior + w[np.arange(patterns.shape[1]), patterns].sum(axis=1)
        return result


def normalised(counts: np.ndarray) -> np.ndarray:
    """Each field's level shares within each of its groups (other levels kept at 1)."""
    out = counts.astype(float).copy()
    group = groups()
    for g in (0, 1):
        mask = group == g
        totals = np.where(mask, out, 0.0).sum(axis=1, keepdims=True)
        out = np.where(mask, out / np.where(totals > 0, totals, 1.0), out)
    out[group < 0] = 1.0
    return out


def count_levels(patterns: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """(fields, LEVELS) weighted counts of each level over the patterns' rows."""
    if weight is None:
        weight = np.ones(len(patterns))
    out = np.zeros((patterns.shape[1], LEVELS))
    for f in range(patterns.shape[1]):
        out[f] = np.bincount(patterns[:, f], weights=weight, minlength=LEVELS)[:LEVELS]
    return out


def u_from_samples(strangers: np.ndarray, colleagues: np.ndarray) -> np.ndarray:
    """u: levels between random people, and (group 1 levels) between random colleagues."""
    counts = count_levels(strangers) + 1.0
    if len(colleagues):
        at_work = groups() == 1
        counts = np.where(at_work, count_levels(colleagues) + 1.0, counts)
    return normalised(counts)


def _start_m(fields: int) -> np.ndarray:
    """m started at 0.9 on each group's first level (agreement), so "match" agrees."""
    start = np.ones((fields, LEVELS))
    group = groups()
    for g in (0, 1):
        first = np.argmax(group == g, axis=1)
        has = (group == g).any(axis=1)
        start[np.arange(fields)[has], first[has]] = 9.0 * LEVELS
    return normalised(start)


def fit(
    patterns: np.ndarray,
    counts: np.ndarray,
    u: np.ndarray,
    *,
    m: np.ndarray | None = None,
    share: float = 0.1,
    max_iterations: int = 200,
    tolerance: float = 1e-9,
) -> tuple[float, np.ndarray, np.ndarray]:
    """EM over distinct level patterns seen `counts` times, u held: (share, m, matches per
    field and level). With `m` given it is held too, and only the share is fitted."""
    fixed_m = m is not None
    m = _start_m(patterns.shape[1]) if m is None else m
    matched = np.zeros_like(m)
    for _ in range(max_iterations):
        g = _posterior(patterns, m, u, share)
        new_share = min(max(float((counts * g).sum() / counts.sum()), MIN_SHARE), 1 - MIN_SHARE)
        matched = count_levels(patterns, counts * g)
        new_m = m if fixed_m else normalised(matched + M_PSEUDO)
        change = max(abs(new_share - share), float(np.abs(new_m - m).max()))
        share, m = new_share, new_m
        if change < tolerance:
            break
    return share, m, matched


def _posterior(patterns: np.ndarray, m: np.ndarray, u: np.ndarray, share: float) -> np.ndarray:
    rows = np.arange(patterns.shape[1])
    log_m = np.log(m[rows, patterns]).sum(axis=1) + math.log(share)
    log_u = np.log(u[rows, patterns]).sum(axis=1) + math.log(1.0 - share)
    result: np.ndarray = 1.0 / (1.0 + np.exp(np.clip(log_u - log_m, -700, 700)))
    return result


Session = dict[str, tuple[int, ...]]


def custom_sessions(slots: tuple[int, ...]) -> tuple[Session, ...]:
    """A session per custom column that blocks (custom.py): candidates sharing a date of
    birth or an id say how often one person's records agree on the rest, names included
    (a list of names and ids may hold no pair agreeing on both names)."""
    own = OWN_LEVELS[CUSTOM[0]]
    return tuple({CUSTOM[slot]: (1, 1 + own)} for slot in slots)


def fit_sessions(
    patterns: np.ndarray,
    counts: np.ndarray,
    u: np.ndarray,
    sessions: tuple[Session, ...] = SESSIONS,
) -> np.ndarray:
    """m per field and group: the mean over the sessions that could estimate it (enough
    matches in that group); u where no session could, so the level weighs nothing."""
    sums, seen = np.zeros_like(u), np.zeros_like(u)
    group = groups()
    for rule in sessions:
        keep = np.ones(len(patterns), dtype=bool)
        for name, wanted in rule.items():
            keep &= np.isin(patterns[:, F[name]], wanted)
        if not keep.any():
            continue
        part = patterns[keep].copy()
        ignored = [F[name] for name in rule]
        part[:, ignored] = 0
        _, m, matched = fit(part, counts[keep], u)
        for g in (0, 1):
            mask = group == g
            enough = np.where(mask, matched, 0.0).sum(axis=1, keepdims=True) >= MIN_WEIGHT_SEEN
            use = mask & enough
            use[ignored] = False
            sums += np.where(use, m, 0.0)
            seen += use
    m = np.where(seen > 0, sums / np.maximum(seen, 1), np.nan)
    m = _shared_across_the_condition(m)
    m = np.where(np.isnan(m), u, m)
    m[groups() < 0] = 1.0
    return m


def _shared_across_the_condition(m: np.ndarray) -> np.ndarray:
    """A conditioned field's m, where one group could not be estimated, from the other.

    How often one person's two records share a phone hardly depends on whether they name
    one employer; what a shared workplace changes is u (colleagues share switchboards).
    A short list has few matches outside a shared workplace: they borrow its m.
    """
    out = m.copy()
    for name, own in OWN_LEVELS.items():
        f = F[name]
        plain, at_work = slice(1, 1 + own), slice(1 + own, 1 + 2 * own)
        if np.isnan(out[f, plain]).all() and not np.isnan(out[f, at_work]).any():
            out[f, plain] = out[f, at_work]
        elif np.isnan(out[f, at_work]).all() and not np.isnan(out[f, plain]).any():
            out[f, at_work] = out[f, plain]
    return out


def estimate(
    codes: np.ndarray, u: np.ndarray, everyone: float, blocking: tuple[int, ...] = ()
) -> Model:
    """The model of a list from its candidate pairs' packed level codes (levels.encode), u
    from its samples and the number of all pairs of its people; `blocking`: the custom
    slots that block, each a training session of its own."""
    distinct, counts = np.unique(codes, return_counts=True)
    patterns = decode(distinct)
    weights = counts.astype(float)
    m = fit_sessions(patterns, weights, u, SESSIONS + custom_sessions(blocking))
    share, _, _ = fit(patterns, weights, u, m=m)
    # u is of random pairs, so the prior is too: every match is taken to be a candidate
    over_all = min(share * len(codes) / max(everyone, 1.0), 1 - MIN_SHARE)
    return Model(share, m, u, math.log2(over_all / (1.0 - over_all)))


def fits(model: Model) -> bool:
    """A usable fit: finite weights, some matches among the candidates (all of them may
    be: on FEBRL nearly every candidate pair is one person), and some field that no
    session left unestimated (with every weight at 0 every pair would score alike)."""
    finite = bool(np.isfinite(model.m).all() and np.isfinite(model.u).all())
    said = bool(finite and np.any(model.weights() != 0.0))
    return said and model.share > MIN_SHARE and math.isfinite(model.prior)


__all__ = ["FIELDS", "Model", "estimate", "fit", "fit_sessions", "fits", "u_from_samples"]
