"""Time for the reports: the zone buckets are made in, the report's clock, and date ranges.

Dates are stored in UTC; a report counts them in one zone (`--tz`, default the system's),
which decides which day, week or month an event falls in, and every report says which zone
it used. A date typed without a time means the whole of that day in that zone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from leadtool.errors import UsageError

_ZONEINFO_DIRS = ("/usr/share/zoneinfo/", "/usr/lib/zoneinfo/", "/usr/share/lib/zoneinfo/")


@dataclass(frozen=True)
class Clock:
    """The zone, the report's `now`, and the [since, until) range, as epoch seconds."""

    zone: ZoneInfo
    zone_name: str
    now: datetime
    since: int | None
    until: int | None

    @property
    def now_epoch(self) -> int:
        return int(self.now.timestamp())

    def range(self) -> tuple[int | None, int | None]:
        """[since, until); None is an open end (nothing after `now` is read anyway)."""
        high = None if self.until is None else min(self.until, self.now_epoch + 1)
        return self.since, high


def make_clock(
    tz: str | None, now: str | None, since: str | None, until: str | None, *, wall: datetime
) -> Clock:
    name = tz or system_zone()
    zone = zone_named(name)
    # A date alone as --now is that whole day: its last second.
    moment = _moment(now, zone, "--now", end_of_day=True) if now else wall
    if now and len(now.strip()) == 10:
        moment -= timedelta(seconds=1)
    low = _epoch(since, zone, "--since", end_of_day=False)
    high = _epoch(until, zone, "--until", end_of_day=True)
    if low is not None and high is not None and high <= low:
        raise UsageError("--until: give a date after --since")
    return Clock(zone, name, moment.astimezone(UTC), low, high)


def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"--tz: no time zone named {name!r}; give one such as UTC or Europe/Paris"
        ) from None


def system_zone() -> str:
    """This machine's zone name (TZ, /etc/localtime, /etc/timezone), else UTC."""
    env = os.environ.get("TZ", "").lstrip(":")
    if env and _exists(env):
        return env
    link = Path("/etc/localtime")
    if link.is_symlink():
        target = str(link.resolve())
        for base in _ZONEINFO_DIRS:
            if target.startswith(base) and _exists(target.removeprefix(base)):
                return target.removeprefix(base)
    try:
        named = Path("/etc/timezone").read_text(encoding="utf-8").strip()
    except OSError:
        named = ""
    return named if named and _exists(named) else "UTC"


def _exists(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _moment(text: str, zone: ZoneInfo, option: str, *, end_of_day: bool) -> datetime:
    """A date or time the user typed; without an offset it is in `zone`. A date alone is
    that day's start, or with `end_of_day` the start of the next day (the range's end)."""
    raw = text.strip()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            start = datetime.combine(day, time(), zone)
            return start + timedelta(days=1) if end_of_day else start
        moment = datetime.fromisoformat(raw.replace(" ", "T", 1))
    except ValueError:
        raise UsageError(
            f"{option}: {text!r} is not a date; give one such as 2026-01-31 "
            "or 2026-01-31T18:00 (in --tz) or 2026-01-31T17:00Z"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _epoch(text: str | None, zone: ZoneInfo, option: str, *, end_of_day: bool) -> int | None:
    if text is None:
        return None
    return int(_moment(text, zone, option, end_of_day=end_of_day).timestamp())


def local_label(epoch: int, zone: ZoneInfo) -> str:
    """A range's bound as the user reads it: the local date and time, with its offset."""
    return datetime.fromtimestamp(epoch, zone).isoformat()
