"""The small pure pieces of the reports: rounding that adds up, medians from histograms."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtool.reports.service import _median
from leadtool.reports.sources import apportion


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1 / 3, 1 / 3, 1 / 3], [0.34, 0.33, 0.33]),  # one person split three ways
        ([0.5, 0.5], [0.5, 0.5]),
        ([1400.0, 0.0, 0.0], [1400.0, 0.0, 0.0]),
        ([2 / 3, 1 / 3], [0.67, 0.33]),
        ([-200 / 3, -200 / 3, -200 / 3], [-66.66, -66.67, -66.67]),  # a refund split three ways
        ([], []),
    ],
)
def test_apportion_rounds_to_cents_that_add_up(values: list[float], expected: list[float]) -> None:
    assert apportion(values) == expected


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), max_size=12))
def test_apportioned_values_add_up_to_the_rounded_sum(values: list[float]) -> None:
    cents = [round(v * 100) for v in apportion(values)]
    assert sum(cents) == round(sum(values) * 100)
    assert all(abs(c - v * 100) < 1 + 1e-6 for c, v in zip(cents, values, strict=True))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([(5.0, 1), (5.04, 1), (7.0, 1), (10.0, 1)], 6.02),  # even count: the middle two
        ([(1.0, 2), (9.0, 1)], 1.0),
        ([(1.0, 1), (2.0, 1), (9.0, 1)], 2.0),
        ([(3.0, 4)], 3.0),
        ([], None),
    ],
)
def test_median_of_a_histogram(rows: list[tuple[float, int]], expected: float | None) -> None:
    hist = pd.DataFrame(rows, columns=["days", "n"])
    assert _median(hist) == expected
