"""How a recorded two-process export splits its rows."""

from __future__ import annotations

import pytest

from leadtool.exporting.parallel import recording_share


@pytest.mark.parametrize(
    ("fields", "low", "high"),
    [(31, 0.40, 0.42), (12, 0.26, 0.28), (5, 0.1, 0.1), (1, 0.1, 0.1), (1000, 0.49, 0.5)],
)
def test_the_recording_process_takes_less_of_narrow_rows(
    fields: int, low: float, high: float
) -> None:
    assert low <= recording_share(fields) <= high
