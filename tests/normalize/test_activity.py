"""The activity types, declared once, and the spellings other tools export for them."""

from __future__ import annotations

import pytest

from leadtool.normalize.activity import ACTIVITY_TYPES, parse_activity_type


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("demo_request", "demo_request"),
        ("Demo Request", "demo_request"),
        (" pricing-page ", "pricing_page"),
        ("EMAIL CLICK", "email_click"),
        ("webinar", "webinar"),
        ("purchase", "purchase"),
        ("webinr", None),
        ("", None),
        ("demo request!", "demo_request"),
    ],
)
def test_parse_activity_type(raw: str, expected: str | None) -> None:
    assert parse_activity_type(raw) == expected


def test_the_seed_activities_are_known_and_every_type_reads_as_itself() -> None:
    assert {"download", "webinar", "pricing_page", "demo_request", "form"} <= set(ACTIVITY_TYPES)
    assert all(parse_activity_type(name) == name for name in ACTIVITY_TYPES)
    assert all(ACTIVITY_TYPES.values())
