"""Dates from spreadsheet cells -> ISO-8601 UTC text ('YYYY-MM-DDTHH:MM:SSZ').

Pure, standard library only. Understands ISO forms (with or without a time, a `T`, an
offset or `Z`), "YYYY-MM-DD HH:MM:SS" as Mailchimp writes it, US "MM/DD/YYYY" and
European "DD.MM.YYYY". A time without an offset is taken as UTC.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%d.%m.%Y", "%d.%m.%Y %H:%M")


def to_iso_utc(raw: str) -> str | None:
    """The cell as 'YYYY-MM-DDTHH:MM:SSZ', or None when it is not a date we understand."""
    text = " ".join(raw.split())
    if not text:
        return None
    parsed = _parse(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except OverflowError:  # an offset that moves year 1 or 9999 out of range
        return None


def to_epoch_utc(raw: str) -> int | None:
    """The cell as whole epoch seconds UTC (the same moment as `to_iso_utc`), or None."""
    text = " ".join(raw.split())
    parsed = _parse(text) if text else None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        # Out of range where `to_iso_utc` is (an offset moving year 1 out of range).
        return math.floor(parsed.astimezone(UTC).timestamp())
    except (OverflowError, ValueError):
        return None


def _parse(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None
