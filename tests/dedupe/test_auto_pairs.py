"""What --auto-merge may merge: ambiguous matches are held, common names count for less."""

from __future__ import annotations

import numpy as np

from leadtool.dedupe.record import make_rec
from leadtool.dedupe.score import Scored, name_hash, score_pair
from leadtool.dedupe.service import Found, auto_pairs


def found(*pairs: tuple[int, int, float]) -> Found:
    ordered = sorted(pairs)
    codes = np.array([(a << 32) | b for a, b, _ in ordered], dtype=np.int64)
    scores = np.array([s for _, _, s in ordered], dtype=np.float32)
    listed = [Scored(a, b, s, ()) for a, b, s in pairs if s >= 0.5]
    return Found(3, len(pairs), 0, listed, codes, scores)


def test_one_person_matching_two_who_differ_is_held() -> None:
    merge, held = auto_pairs(found((1, 2, 0.95), (1, 3, 0.93), (2, 3, 0.1)), 0.9)
    assert merge == [] and {(p.a, p.b) for p in held} == {(1, 2), (1, 3)}


def test_a_group_of_three_is_merged() -> None:
    merge, held = auto_pairs(found((1, 2, 0.95), (1, 3, 0.93), (2, 3, 0.7)), 0.9)
    assert {(p.a, p.b) for p in merge} == {(1, 2), (1, 3)} and held == []


def test_a_pair_never_compared_is_no_evidence_against() -> None:
    merge, _ = auto_pairs(found((1, 2, 0.95), (1, 3, 0.93)), 0.9)
    assert len(merge) == 2


def test_a_common_name_counts_for_less() -> None:
    a = make_rec(1, {"first_name": "John", "last_name": "Smith", "company": "Acme"})
    b = make_rec(2, {"first_name": "John", "last_name": "Smith", "company": "Acme Inc"})
    key = name_hash(a)
    assert key is not None and key == name_hash(b)
    alone = score_pair(a, b, {key: 2})
    common = score_pair(a, b, {key: 32})
    assert common.score < alone.score
    assert "a common name (32 people in the list)" in common.reasons
