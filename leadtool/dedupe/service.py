"""The service behind `leadtool dedupe`: find likely duplicates, merge, review, apply a file.

Finding: read the people a --where filter selects, block them (blocking.py), score each
candidate pair once (score.py), drop pairs a person said are "not the same", and keep
pairs scoring at least `min_score`, best first. Merging: pairs at or above the threshold,
best first; the older person (lower id) is kept; when one of the two was merged into a third
earlier in the same run, the pair follows it to the person it now is. A pair whose person
no longer exists (forgotten, or merged since the list was made) is counted as gone.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from random import Random
from typing import Literal

import numpy as np

from leadtool.dedupe.blocking import Blocks, PairSet, candidate_pairs, common_counts
from leadtool.dedupe.candidates_file import FileDecision, read_decisions, write_candidates
from leadtool.dedupe.custom import Column, CustomColumns, choose
from leadtool.dedupe.decisions import Decision
from leadtool.dedupe.fitted import Sampler, fit_and_score
from leadtool.dedupe.model import Model
from leadtool.dedupe.record import Rec, make_rec
from leadtool.dedupe.score import DEFAULT_THRESHOLD, REVIEW_FLOOR, Scored, name_hash, score_pair
from leadtool.errors import UsageError
from leadtool.filters import compile_where
from leadtool.merges import merge_pair
from leadtool.store import dedupe as fsql
from leadtool.store.connection import Store, iso_utc, write_transaction

CHUNK_PAIRS = 50_000
Weights = Literal["fitted", "hand"]
Ask = Callable[[Scored, dict[str, str], dict[str, str]], Decision | Literal["quit"]]


@dataclass
class Found:
    people: int
    compared: int
    skipped_blocks: int
    pairs: list[Scored]
    codes: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))  # compared pairs
    scores: np.ndarray = field(default_factory=lambda: np.empty(0, np.float32))  # their scores
    weights: Weights = "hand"  # what scored them: "fitted" to this list, or "hand"
    model: Model | None = None  # the fitted model, when fitted
    custom: tuple[str, ...] = ()  # the custom columns compared, in slot order

    def score_of(self, a: int, b: int) -> float | None:
        """The score of a compared pair; None when the pair was not compared."""
        code = (min(a, b) << 32) | max(a, b)
        i = int(np.searchsorted(self.codes, code))
        found = i < len(self.codes) and int(self.codes[i]) == code
        return float(self.scores[i]) if found else None


@dataclass
class MergeResult:
    merged: list[tuple[int, int, int, float]] = field(default_factory=list)  # merge, kept, gone
    distinct: int = 0
    skipped: int = 0
    gone: int = 0  # pairs whose person no longer exists


@dataclass
class DedupeReport:
    people: int
    compared: int
    skipped_blocks: int
    threshold: float
    min_score: float
    pairs: list[Scored]
    merges: MergeResult | None
    seconds: float
    exported: str | None = None
    held: list[tuple[int, int]] = field(default_factory=list)  # ambiguous, for review
    merged_pairs: set[tuple[int, int]] = field(default_factory=set)  # by --auto-merge
    weights: Weights = "hand"  # "fitted" to this list, or "hand" (a list too small to fit)


def find(
    store: Store,
    where: str = "",
    *,
    min_score: float = REVIEW_FLOOR,
    weights: Weights = "fitted",
    seed: int = 0,
) -> Found:
    """Pass 1 blocks everyone and keeps only hashed keys (and a sample for fitting); pass 2
    scores the candidate pairs in chunks, reading just the people of each chunk, so memory
    stays flat at 1M people. `weights`: "fitted" to this list (fitted.py; the hand weights
    when the list is too small to fit) or "hand" (score.py)."""
    sql, params = _filter(where)
    columns = custom_columns(store, sql, params) if weights == "fitted" else CustomColumns()
    blocks = Blocks.empty(columns.blocking)
    names = array("q")
    sampler = Sampler(Random(seed))  # noqa: S311 - sampling for estimation, not secrets
    rows = fsql.people_for_matching(store.conn, sql, params, columns.names)
    for pid, fields, emails, phones, custom in rows:
        rec = make_rec(pid, fields, emails, phones, custom)
        blocks.add(rec)
        sampler.add(rec)
        if (key := name_hash(rec)) is not None:
            names.append(key)
    pairs = candidate_pairs(blocks)
    del blocks
    counts = common_counts(names)
    del names
    known = fsql.distinct_pairs(store.conn)

    def recs_of(ids: set[int]) -> dict[int, Rec]:
        return _recs(store, ids, columns.names)

    head = (sampler.seen, len(pairs), pairs.skipped_blocks)
    if weights == "fitted":
        fitted = fit_and_score(sampler, pairs, recs_of, counts, known, min_score, columns.blocking)
        if fitted is not None:
            got = (fitted.pairs, pairs.pairs, fitted.scores, "fitted", fitted.model)
            return Found(*head, *got, columns.names)  # type: ignore[arg-type]
    found, scores = _hand_scored(pairs, recs_of, counts, known, min_score)
    return Found(*head, found, pairs.pairs, scores, "hand")


def custom_columns(store: Store, sql: str, params: tuple[object, ...]) -> CustomColumns:
    """The custom columns of the selected people worth comparing (custom.choose)."""
    spread = [Column(*c) for c in fsql.custom_spread(store.conn, sql, params)]
    return choose(spread, fsql.count_people(store.conn, sql, params)) if spread else CustomColumns()


def _hand_scored(
    pairs: PairSet,
    recs_of: Callable[[set[int]], dict[int, Rec]],
    counts: dict[int, int],
    known: set[tuple[int, int]],
    min_score: float,
) -> tuple[list[Scored], np.ndarray]:
    found: list[Scored] = []
    scores = np.zeros(len(pairs), dtype=np.float32)
    n = 0
    for chunk in pairs.chunks(CHUNK_PAIRS):
        recs = recs_of({i for pair in chunk for i in pair})
        for a, b in chunk:
            s = score_pair(recs[a], recs[b], counts)
            if (a, b) not in known:
                scores[n] = s.score
                if s.score >= min_score:
                    found.append(s)
            n += 1
    found.sort(key=lambda s: (-s.score, s.a, s.b))
    return found, scores


def auto_pairs(found: Found, threshold: float) -> tuple[list[Scored], list[Scored]]:
    """(pairs to merge, pairs held for review) among those at or above the threshold.

    A person who matches two others who are themselves clearly not one person (their pair
    scored below REVIEW_FLOOR) is ambiguous: "J. Smith" and two John Smiths at one company.
    Their pairs are held for a person to decide, never merged by threshold.
    """
    above = [p for p in found.pairs if p.score >= threshold]
    partners: dict[int, list[int]] = {}
    for p in above:
        partners.setdefault(p.a, []).append(p.b)
        partners.setdefault(p.b, []).append(p.a)
    ambiguous = {
        pid
        for pid, others in partners.items()
        if len(others) > 1 and any(_apart(found, q, r) for q, r in combinations(others, 2))
    }
    held = [p for p in above if p.a in ambiguous or p.b in ambiguous]
    return [p for p in above if p.a not in ambiguous and p.b not in ambiguous], held


def _apart(found: Found, a: int, b: int) -> bool:
    score = found.score_of(a, b)
    return score is not None and score < REVIEW_FLOOR


def _recs(store: Store, ids: set[int], custom: tuple[str, ...] = ()) -> dict[int, Rec]:
    rows = fsql.people_by_ids(store.conn, ids, custom)
    return {pid: make_rec(pid, fields, e, p, c) for pid, fields, e, p, c in rows}


def _filter(where: str) -> tuple[str, tuple[object, ...]]:
    if not where.strip():
        return "1", ()
    compiled = compile_where(where, now=datetime.now(UTC))
    return compiled.sql, compiled.params


def dedupe(
    store: Store,
    where: str = "",
    *,
    threshold: float = DEFAULT_THRESHOLD,
    min_score: float = REVIEW_FLOOR,
    auto_merge: bool = False,
    export: Path | None = None,
    weights: Weights = "fitted",
) -> DedupeReport:
    _check_scores(threshold, min_score)
    started = time.perf_counter()
    found = find(store, where, min_score=min(min_score, threshold), weights=weights)
    listed = [p for p in found.pairs if p.score >= min_score]
    to_merge, held = auto_pairs(found, threshold)
    merges = merge_pairs(store, to_merge) if auto_merge else None
    done = {(p.a, p.b) for p in to_merge} if auto_merge else set()
    if export is not None:
        rest = [p for p in listed if (p.a, p.b) not in done]
        write_candidates(export, rest, fsql.people_for_display(store.conn, _ids(rest)))
    return DedupeReport(
        found.people,
        found.compared,
        found.skipped_blocks,
        threshold,
        min_score,
        listed,
        merges,
        time.perf_counter() - started,
        str(export) if export else None,
        held=[(p.a, p.b) for p in held],
        merged_pairs=done,
        weights=found.weights,
    )


def _check_scores(threshold: float, min_score: float) -> None:
    for name, value in (("--threshold", threshold), ("--min-score", min_score)):
        if not 0.0 <= value <= 1.0:
            raise UsageError(f"{name} must be between 0 and 1, not {value}")


def _ids(pairs: Iterable[Scored]) -> set[int]:
    return {i for p in pairs for i in (p.a, p.b)}


def merge_pairs(store: Store, pairs: Sequence[Scored]) -> MergeResult:
    """Merge pairs best first, in one transaction, following people merged earlier on."""
    result = MergeResult()
    now_in: dict[int, int] = {}  # merged id -> the person it is now part of
    with write_transaction(store) as conn:
        present = fsql.existing_ids(conn, _ids(pairs))
        for pair in pairs:
            a, b = _current(now_in, pair.a), _current(now_in, pair.b)
            if a == b:
                continue
            if a not in present or b not in present:
                result.gone += 1
                continue
            kept, other = min(a, b), max(a, b)
            reason = f"dedupe: score {pair.score:.3f}; " + "; ".join(pair.reasons)
            merge_id = merge_pair(conn, kept, other, reason, _now())
            now_in[other] = kept
            present.discard(other)
            result.merged.append((merge_id, kept, other, pair.score))
    return result


def _current(now_in: dict[int, int], pid: int) -> int:
    while pid in now_in:
        pid = now_in[pid]
    return pid


def _now() -> str:
    return iso_utc(datetime.now(UTC))


def decide(store: Store, pair: Scored | FileDecision, decision: Decision) -> MergeResult:
    """Apply one reviewer's decision about a pair, in its own transaction."""
    a, b = pair.a, pair.b
    if decision == "merge":
        return merge_pairs(store, [Scored(min(a, b), max(a, b), _score(pair), _why(pair))])
    result = MergeResult()
    if decision == "distinct":
        with write_transaction(store) as conn:
            fsql.remember_distinct(conn, [(a, b)], _now(), "review")
        result.distinct = 1
    else:
        result.skipped = 1
    return result


def _score(pair: Scored | FileDecision) -> float:
    return pair.score if isinstance(pair, Scored) else 1.0


def _why(pair: Scored | FileDecision) -> tuple[str, ...]:
    if isinstance(pair, Scored):
        return ("reviewed", *pair.reasons)
    return (f"reviewed in a file, row {pair.row}",)


def apply_file(store: Store, path: Path) -> MergeResult:
    """Apply a reviewed candidates file: merges and "not the same" decisions, in one go."""
    decisions = read_decisions(path)
    merges = [
        Scored(min(d.a, d.b), max(d.a, d.b), 1.0, (f"reviewed in {path.name}, row {d.row}",))
        for d in decisions
        if d.decision == "merge"
    ]
    distinct = [(d.a, d.b) for d in decisions if d.decision == "distinct"]
    result = merge_pairs(store, merges)
    with write_transaction(store) as conn:
        present = fsql.existing_ids(conn, _ids_of(distinct))
        kept = [(a, b) for a, b in distinct if a in present and b in present]
        fsql.remember_distinct(conn, kept, _now(), "file")
    result.distinct = len(kept)
    result.gone += len(distinct) - len(kept)
    result.skipped = sum(1 for d in decisions if d.decision == "skip")
    return result


def _ids_of(pairs: Iterable[tuple[int, int]]) -> set[int]:
    return {i for p in pairs for i in p}


def review(store: Store, pairs: Sequence[Scored], ask: Ask) -> MergeResult:
    """Walk the pairs, asking for each: merge, not the same, skip or quit."""
    total = MergeResult()
    people = fsql.people_for_display(store.conn, _ids(pairs))
    merged: set[int] = set()
    for pair in pairs:
        if pair.a in merged or pair.b in merged:
            total.gone += 1
            continue
        answer = ask(pair, people.get(pair.a, {}), people.get(pair.b, {}))
        if answer == "quit":
            break
        step = decide(store, pair, answer)
        merged.update(other for _, _, other, _ in step.merged)
        total.merged += step.merged
        total.distinct += step.distinct
        total.skipped += step.skipped
        total.gone += step.gone
    return total
