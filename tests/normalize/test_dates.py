"""Consent dates from cells -> ISO-8601 UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from leadtool.normalize.dates import to_epoch_utc, to_iso_utc


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-01 10:20:30", "2026-03-01T10:20:30Z"),  # Mailchimp OPTIN_TIME
        ("2026-03-01", "2026-03-01T00:00:00Z"),
        ("2026-03-01T10:20:30Z", "2026-03-01T10:20:30Z"),
        ("2026-03-01T10:20:30+02:00", "2026-03-01T08:20:30Z"),
        (" 03/15/2026 ", "2026-03-15T00:00:00Z"),  # US
        ("15.03.2026", "2026-03-15T00:00:00Z"),  # German, Swiss...
        ("yesterday", None),
        ("2026-13-01", None),
        ("31/12/2026", None),  # neither US nor dotted: not guessed
        ("0001-01-01T00:00:00+01:00", None),
        ("", None),
    ],
)
def test_to_iso_utc(raw: str, expected: str | None) -> None:
    assert to_iso_utc(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "2026-03-01 10:20:30",
        "2026-03-01T10:20:30.999+02:00",
        "03/15/2026 10:00",
        "1969-12-31T23:59:59.5Z",
        "0001-01-01T00:00:00+01:00",
        "yesterday",
        "",
    ],
)
def test_to_epoch_utc_is_the_same_moment_as_to_iso_utc(raw: str) -> None:
    iso = to_iso_utc(raw)
    epoch = to_epoch_utc(raw)
    if iso is None:
        assert epoch is None
    else:
        assert epoch is not None
        assert datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ") == iso
