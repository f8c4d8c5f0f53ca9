"""The fitted weights: EM on pairs with a known answer, u of colleagues, the rules kept.

The known answer: 100,000 matches and 900,000 non-matches over three yes/no fields (first
name, last name, workplace), counted exactly as the Fellegi-Sunter model says: matches
agree on each with m = 0.9, 0.8, 0.7, non-matches with u = 0.1, 0.2, 0.3, independently.
The counts are the model's expectations, so the maximum-likelihood fit is the truth
itself (up to the one pseudo-match per level): EM must find it.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest

from leadtool.dedupe import levels as lv
from leadtool.dedupe.levels import FIELDS, LEVELS, F
from leadtool.dedupe.model import Model, estimate, fit, normalised, u_from_samples
from leadtool.dedupe.record import make_rec

M, U, MATCHES, OTHERS = (0.9, 0.8, 0.7), (0.1, 0.2, 0.3), 100_000, 900_000
USED = (F["first"], F["last"], F["workplace"])
DIFF = {F["first"]: 5, F["last"]: 5, F["workplace"]: 4}  # each field's "different" level


def _known() -> tuple[np.ndarray, np.ndarray]:
    patterns, counts = [], []
    for agree in product((True, False), repeat=3):
        pm = np.prod([m if a else 1 - m for m, a in zip(M, agree, strict=True)])
        pu = np.prod([u if a else 1 - u for u, a in zip(U, agree, strict=True)])
        row = np.zeros(len(FIELDS), dtype=np.int64)
        for f, a in zip(USED, agree, strict=True):
            row[f] = 1 if a else DIFF[f]
        patterns.append(row)
        counts.append(MATCHES * pm + OTHERS * pu)
    return np.array(patterns), np.array(counts)


def _true_u() -> np.ndarray:
    counts = np.zeros((len(FIELDS), LEVELS))
    for f, u in zip(USED, U, strict=True):
        counts[f, 1], counts[f, DIFF[f]] = u, 1 - u
    return normalised(counts)


def test_em_with_u_given_finds_m_and_the_match_share() -> None:
    patterns, counts = _known()
    share, m, _ = fit(patterns, counts, _true_u(), max_iterations=2000, tolerance=1e-12)
    assert share == pytest.approx(0.1, abs=1e-3)
    assert [m[f, 1] for f in USED] == pytest.approx(M, abs=1e-3)


def test_the_prior_is_the_share_of_matches_over_all_pairs() -> None:
    patterns, counts = _known()
    codes = np.repeat([lv.encode([(f, int(r[f]), None) for f in USED]) for r in patterns], 1)
    model = estimate(np.repeat(codes, np.round(counts / 1000).astype(int)), _true_u(), 1e9)
    over_all = model.share * 1000 / 1e9  # 1,000 candidate pairs among 1e9
    assert model.prior == pytest.approx(np.log2(over_all / (1 - over_all)), abs=1e-6)


def _model(m_first_diff: float, m_other_work: float) -> Model:
    """A model whose fitted m would make a rule's level count the wrong way."""
    u = normalised(np.ones((len(FIELDS), LEVELS)))
    m = u.copy()
    m[F["first"], 5] = m_first_diff
    m[F["email"], 2 + 3] = m_other_work  # two addresses at one company, given the workplace
    m[F["email"], 3 + 3] = 0.9  # email names that fit one name, given the workplace
    return Model(0.1, m, u, -10.0)


def test_fitting_never_turns_a_rule_around() -> None:
    w = _model(m_first_diff=0.9, m_other_work=0.9).weights()
    assert w[F["first"], 5] == 0.0  # a different first name never counts for a match
    assert w[F["email"], 5] == 0.0  # nor two different addresses at one company
    assert w[F["email"], 6] == 0.0  # local parts made of the names only repeat the names


def test_level_zero_weighs_nothing() -> None:
    assert (_model(0.01, 0.01).weights()[:, 0] == 0.0).all()


def test_u_given_a_workplace_comes_from_colleagues() -> None:
    strangers = np.zeros((4, len(FIELDS)), dtype=np.int64)
    strangers[:, F["city"]] = [1, 2, 2, 2]  # strangers: one in four share a city
    colleagues = np.zeros((4, len(FIELDS)), dtype=np.int64)
    colleagues[:, F["city"]] = [3, 3, 3, 4]  # colleagues: three in four
    u = u_from_samples(strangers, colleagues)
    city = F["city"]
    assert u[city, 1] == pytest.approx(2 / 6)  # one pseudo-count per level
    assert u[city, 3] == pytest.approx(4 / 6)
    assert u[city, 1] + u[city, 2] == pytest.approx(1.0)
    assert u[city, 3] + u[city, 4] == pytest.approx(1.0)


def _rec(pid: int, **fields: str) -> object:
    emails = [fields["email"]] if fields.get("email") else []
    return make_rec(pid, dict(fields), emails)


@pytest.mark.parametrize(
    ("a", "b", "field", "level"),
    [
        # colleagues: the city and phone are compared given the workplace
        (
            {"company": "Acme", "city": "Boston"},
            {"company": "ACME Inc", "city": "Boston"},
            "city",
            3,
        ),
        ({"company": "Acme", "city": "Boston"}, {"company": "Acme", "city": "Austin"}, "city", 4),
        (
            {"company": "Acme", "phone": "+14155550134"},
            {"company": "Acme", "phone": "+14155550134"},
            "phone",
            3,
        ),
        # strangers: as they are
        ({"company": "Acme", "city": "Boston"}, {"company": "Globex", "city": "Boston"}, "city", 1),
        ({"city": "Boston"}, {"city": "Austin"}, "city", 2),
        # free mail is no workplace: two gmail.com addresses do not condition anything
        (
            {"email": "a.b@gmail.com", "city": "Boston"},
            {"email": "ab@gmail.com", "city": "Boston"},
            "city",
            1,
        ),
        # two addresses at one company
        (
            {"first_name": "Wei", "last_name": "Tan", "email": "wei.tan@atlas.example.com"},
            {"first_name": "Wei", "last_name": "Tan", "email": "wtan@atlas.example.com"},
            "email",
            2 + 3,
        ),
    ],
)
def test_conditioned_levels(a: dict[str, str], b: dict[str, str], field: str, level: int) -> None:
    found = {f: lvl for f, lvl, _ in lv.compared(_rec(1, **a), _rec(2, **b))}  # type: ignore[arg-type]
    assert found[F[field]] == level


def test_levels_pack_into_one_integer_and_back() -> None:
    a = _rec(1, first_name="Bob", last_name="Smith", company="Acme", city="Boston")
    b = _rec(2, first_name="Robert", last_name="Smith", company="Acme Inc", city="Boston")
    found = lv.compared(a, b)  # type: ignore[arg-type]
    row = lv.decode(np.array([lv.encode(found)]))[0]
    assert {f: int(row[f]) for f, _, _ in found} == {f: level for f, level, _ in found}
    assert row[F["first"]] == 2  # nickname


CUSTOM = F["custom_1"]


def test_em_finds_m_of_a_custom_column_too() -> None:
    """A date of birth: one person's records agree on it 95% of the time, strangers 0.1%."""
    used, m_true, u_true = (F["first"], F["last"], CUSTOM), (0.9, 0.8, 0.95), (0.1, 0.2, 0.001)
    diff = {F["first"]: 5, F["last"]: 5, CUSTOM: 3}
    patterns, counts = [], []
    u = np.zeros((len(FIELDS), LEVELS))
    for f, share in zip(used, u_true, strict=True):
        u[f, 1], u[f, diff[f]] = share, 1 - share
    for agree in product((True, False), repeat=3):
        pm = np.prod([m if a else 1 - m for m, a in zip(m_true, agree, strict=True)])
        pu = np.prod([x if a else 1 - x for x, a in zip(u_true, agree, strict=True)])
        row = np.zeros(len(FIELDS), dtype=np.int64)
        for f, a in zip(used, agree, strict=True):
            row[f] = 1 if a else diff[f]
        patterns.append(row)
        counts.append(MATCHES * pm + OTHERS * pu)
    share, m, _ = fit(np.array(patterns), np.array(counts), normalised(u), max_iterations=2000)
    assert share == pytest.approx(0.1, abs=1e-3)
    assert [m[f, 1] for f in used] == pytest.approx(m_true, abs=2e-3)


def test_a_different_custom_value_never_counts_for_a_match() -> None:
    u = normalised(np.ones((len(FIELDS), LEVELS)))
    m = u.copy()
    m[CUSTOM, 3] = m[CUSTOM, 6] = 0.99  # a fit that would make "different" a match's sign
    w = Model(0.1, m, u, -10.0).weights()
    assert w[CUSTOM, 3] == 0.0 and w[CUSTOM, 6] == 0.0


def _custom(pid: int, company: str, dob: str) -> object:
    return make_rec(pid, {"company": company}, custom=[("date_of_birth", dob)])


@pytest.mark.parametrize(
    ("a", "b", "level", "reason"),
    [
        (("", "19610527"), ("", " 19610527 "), 1, "same date_of_birth"),
        (("", "19610527"), ("", "19610572"), 2, "date_of_birth one character apart"),
        (("", "19610527"), ("", "19710528"), 3, "different date_of_birth"),
        (("", "Retail"), ("", "RETAIL"), 1, "same date_of_birth"),  # casefolded
        (("", "123"), ("", "124"), 3, "different date_of_birth"),  # too short for a typo
        (("Acme", "19610527"), ("Acme", "19610527"), 1 + 3, "same date_of_birth"),  # colleagues
        (("Acme", "19610527"), ("Acme", "19610572"), 2 + 3, "date_of_birth one character apart"),
        (("", "19610527"), ("", ""), None, None),  # nothing to compare
    ],
)
def test_custom_column_levels(
    a: tuple[str, str], b: tuple[str, str], level: int | None, reason: str | None
) -> None:
    found = {f: (lvl, e.reason) for f, lvl, e in lv.compared(_custom(1, *a), _custom(2, *b))}  # type: ignore[arg-type]
    assert found.get(CUSTOM) == ((level, reason) if level else None)
