"""The EM estimation of the Fellegi-Sunter prototype, on pairs with a known answer.

1,000 matches and 9,000 non-matches over three yes/no fields, counted exactly as the model
says: matches agree on each field with m = 0.9, 0.8, 0.7, non-matches with u = 0.1, 0.2,
0.3, independently. The counts are the model's expectations, so the maximum-likelihood
fit is the truth itself: EM must find it.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest

from bench.fs_em import FIELDS, Model, fit, levels, log2_odds, u_from_random_pairs
from leadtool.dedupe.record import Rec, make_rec

M, U, MATCHES, OTHERS = (0.9, 0.8, 0.7), (0.1, 0.2, 0.3), 1000, 9000


def _known() -> tuple[np.ndarray, np.ndarray]:
    patterns, counts = [], []
    for agree in product((True, False), repeat=3):
        pm = np.prod([m if a else 1 - m for m, a in zip(M, agree, strict=True)])
        pu = np.prod([u if a else 1 - u for u, a in zip(U, agree, strict=True)])
        patterns.append([1 if a else 2 for a in agree])
        counts.append(MATCHES * pm + OTHERS * pu)
    return np.array(patterns), np.array(counts)


def _agree(model: Model, which: str) -> list[float]:
    table = model.m if which == "m" else model.u
    return [float(table[f, 1]) for f in range(3)]


def test_em_with_u_given_finds_m_and_the_match_share() -> None:
    patterns, counts = _known()
    u = np.ones((3, 6))
    u[:, 1], u[:, 2], u[:, 3:] = U, [1 - x for x in U], 0.0
    model = fit(patterns, counts, u)
    assert model.share == pytest.approx(0.1, abs=1e-4)
    assert _agree(model, "m") == pytest.approx(M, abs=1e-4)


def test_em_alone_finds_m_u_and_the_share() -> None:
    patterns, counts = _known()
    model = fit(patterns, counts, share=0.3, max_iterations=5000, tolerance=1e-12)
    assert model.share == pytest.approx(0.1, abs=1e-3)
    assert _agree(model, "m") == pytest.approx(M, abs=1e-3)
    assert _agree(model, "u") == pytest.approx(U, abs=1e-3)


def test_the_weight_of_agreeing_everywhere_is_the_sum_of_the_log_ratios() -> None:
    patterns, counts = _known()
    model = fit(patterns, counts, share=0.3, max_iterations=5000, tolerance=1e-12)
    expected = np.log2(0.1 / 0.9) + sum(np.log2(m / u) for m, u in zip(M, U, strict=True))
    assert log2_odds(model, np.array([[1, 1, 1]]))[0] == pytest.approx(expected, abs=1e-2)


def _rec(pid: int, first: str, last: str, company: str, email: str = "", **more: str) -> Rec:
    fields = {"first_name": first, "last_name": last, "company": company, "email": email, **more}
    return make_rec(pid, fields, [email] if email else [])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # nickname, same last name, as written, one company once suffixes are dropped
        (
            ("Bob", "Smith", "ACME Inc.", "bob.smith77@gmail.com"),
            ("Robert", "Smith", "Acme Incorporated", "rsmith@acme.example.com"),
            {"first": 2, "last": 1, "order": 1, "workplace": 2},
        ),
        # swapped names, the same domain
        (
            ("Smith", "Jane", "Initech", "jane.smith@initech.example.com"),
            ("Jane", "Smith", "Initech SA", "jsmith@initech.example.com"),
            {"first": 1, "last": 1, "order": 2, "workplace": 1, "email": 2},
        ),
        # namesakes at two employers: different domains, nothing to say about the emails
        (
            ("Ann", "Lee", "Globex", "ann.lee@globex.example.com"),
            ("Ann", "Lee", "Hooli", "ann.lee@hooli.example.com"),
            {"first": 1, "last": 1, "workplace": 4, "email": 0},
        ),
    ],
)
def test_levels_follow_compare(
    a: tuple[str, ...], b: tuple[str, ...], expected: dict[str, int]
) -> None:
    found = dict(zip(FIELDS, levels(_rec(1, *a), _rec(2, *b)), strict=True))
    assert {k: found[k] for k in expected} == expected


def test_u_from_random_pairs_is_a_share_per_field() -> None:
    recs = [_rec(i, f"N{i % 7}", f"L{i % 5}", f"C{i % 3}") for i in range(50)]
    u = u_from_random_pairs(recs, 500)
    assert np.allclose(u[:, 1:].sum(axis=1), 1.0)


def test_the_prior_over_all_pairs_scales_the_candidates_share() -> None:
    from bench.fs_em import _over

    patterns, counts = _known()
    model = fit(patterns, counts, share=0.3, max_iterations=5000, tolerance=1e-12)
    wider = _over(model, 0.01)  # the candidates are 1% of all pairs
    assert wider.share == pytest.approx(model.share * 0.01)
    assert wider.prior() < model.prior() - 6  # log2(1/100) is about -6.6
