"""Reading a reviewer's decision, as typed or as written in a spreadsheet cell."""

from __future__ import annotations

import pytest

from leadtool.dedupe.decisions import parse_decision


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        ("merge", "merge"),
        ("Merge", "merge"),
        (" M ", "merge"),
        ("yes", "merge"),
        ("not the same", "distinct"),
        ("Not  the  same", "distinct"),
        ("not-the-same", "distinct"),
        ("no", "distinct"),
        ("different", "distinct"),
        ("", "skip"),
        ("  ", "skip"),
        ("skip", "skip"),
        ("'merge", "merge"),
        ("perhaps", None),
        ("=merge", None),
    ],
)
def test_parse_decision(text: str, decision: str | None) -> None:
    assert parse_decision(text) == decision
