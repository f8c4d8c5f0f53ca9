"""How a two-process export splits its rows."""

from __future__ import annotations

import pytest

from leadtool.exporting.parallel import first_share


@pytest.mark.parametrize(
    ("fields", "people", "recording", "low", "high"),
    [
        (31, 1_000_000, True, 0.49, 0.51),  # recording costs about what the worker's start does
        (31, 1_000_000, False, 0.5, 0.53),  # the worker starts late: this process takes more
        (31, 200_000, True, 0.57, 0.59),
        (12, 1_000_000, True, 0.48, 0.5),
        (1, 200_000, False, 0.9, 0.9),  # bounded: the worker always gets a part
        (5, 1_000_000, True, 0.45, 0.5),
    ],
)
def test_both_processes_finish_together(
    fields: int, people: int, recording: bool, low: float, high: float
) -> None:
    assert low <= first_share(fields, people, recording=recording) <= high
