"""Reading --where values by field kind: stages, numbers, dates and countries.

Owns the step from a value as typed to the parameter SQL compares with, and the errors for
values a field cannot take. Dates are read against `now` (passed in; the clock is never read
here): `today`, `2026-01-31`, `2026-01-31T10:00:00Z` (an offset is converted to UTC; no offset
means UTC) and `N days|weeks|months|years ago` (a month is 30 days, a year 365). They become
ISO-8601 UTC text in the store's own format, so comparing text compares time.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from leadtool.filters.fields import Field
from leadtool.filters.parser import Value
from leadtool.filters.tokens import where_error
from leadtool.normalize.country import to_iso2
from leadtool.normalize.stages import STAGES, parse_stage

UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
MAX_INTEGER = 2**63 - 1  # SQLite's INTEGER range
MAX_DIGITS = 40  # longer numbers are out of range anyway; int() refuses over 4,300 digits
DATE_HINT = "use a date like 2026-01-31, 2026-01-31T10:00:00Z, today or 30 days ago"
_RELATIVE = re.compile(r"([0-9]+) (day|week|month|year)s? ago")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True)
class When:
    """A date value: an instant (`end` is None) or a whole UTC day, `start` <= t < `end`."""

    start: str
    end: str | None = None


def read_date(value: Value, field: Field, now: datetime, *, as_day: bool) -> When:
    """`value` as a time; `as_day` widens `N days ago` to its whole day (for = and in)."""
    try:
        moment, kind = _moment(value.text, now)
        if kind == "day" or (kind == "relative" and as_day):
            start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
            return When(_iso(start), _iso(start + timedelta(days=1)))
        return When(_iso(moment))
    except (ValueError, OverflowError):
        problem = f"{field.name} needs a date, found {value.text!r}"
        raise where_error(problem, value.column, DATE_HINT) from None


def read_number(value: Value, field: Field) -> int | float:
    """`value` as a number within SQLite's range."""
    if not NUMBER.fullmatch(value.text):
        raise where_error(f"{field.name} needs a number, found {value.text!r}", value.column)
    if len(value.text) > MAX_DIGITS:
        raise where_error("number out of range", value.column)
    number = float(value.text) if "." in value.text else int(value.text)
    if not math.isfinite(number) or abs(number) > MAX_INTEGER:
        raise where_error("number out of range", value.column)
    return number


def read_stage(value: Value, *, ordered: bool) -> str:
    """The stage `value` names (aliases such as MQL or "Marketing Qualified Lead" work)."""
    stage = parse_stage(value.text)
    if stage is None:
        hint = "stages are: " + ", ".join(STAGES)
        raise where_error(f"unknown stage {value.text!r}", value.column, hint)
    if ordered and stage == "other":
        hint = "'other' has no place in the funnel order; use =, !=, in or not in"
        raise where_error("cannot order by stage 'other'", value.column, hint)
    return stage


def country_code(text: str) -> str:
    """ "us", "Germany", "DEU" -> "US", "DE", "DE"; an unknown name is only upper-cased."""
    return to_iso2(text) or text.upper()


def _moment(text: str, now: datetime) -> tuple[datetime, str]:
    """The time `text` names in UTC, and whether it is a `day`, `relative` or `instant`."""
    folded = text.casefold()
    if folded == "today":
        return now.astimezone(UTC), "day"
    relative = _RELATIVE.fullmatch(folded)
    if relative:
        days = int(relative.group(1)) * UNIT_DAYS[relative.group(2)]
        return now.astimezone(UTC) - timedelta(days=days), "relative"
    if _DAY.fullmatch(text):
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC), "day"
    if "t" not in folded:
        raise ValueError(text)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC), "instant"


def _iso(moment: datetime) -> str:
    """The store's time format; isoformat() keeps four-digit years that strftime may not."""
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"
