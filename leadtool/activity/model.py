"""What an activity import is asked to do and what it reports: plain data, checked options."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from leadtool.activity.currency import check_code
from leadtool.config import default_region
from leadtool.errors import UsageError
from leadtool.normalize.activity import ACTIVITY_TYPES, parse_activity_type
from leadtool.normalize.activity_columns import parse_activity_map


@dataclass(frozen=True)
class ActivityOptions:
    kind: str | None = None  # --type: the type of rows that name none
    create: bool = False  # unknown people become subscribers instead of rejected rows
    currency: str | None = None  # what amounts that name no currency are in
    mapping: dict[str, str] = field(default_factory=dict)
    region: str = "US"  # phones without a country
    encoding: str | None = None
    sheet: str | None = None
    rejects_path: Path | None = None


def activity_options(
    *,
    kind: str | None = None,
    create: bool = False,
    currency: str | None = None,
    mapping: Sequence[str] = (),
    region: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> ActivityOptions:
    """Options as typed (`--type Webinar`, `--currency eur`, `--map 'When=time'`), checked."""
    parsed = parse_activity_type(kind) if kind is not None else None
    if kind is not None and parsed is None:
        known = ", ".join(ACTIVITY_TYPES)
        raise UsageError(
            f"--type {kind!r}: not an activity type leadtool knows; use one of: {known}"
        )
    code = (region or default_region()).strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise UsageError(f"--region {code!r}: give a two-letter country code such as US or GB")
    return ActivityOptions(
        kind=parsed,
        create=create,
        currency=check_code(currency),
        mapping=parse_activity_map(mapping),
        region=code,
        encoding=encoding,
        sheet=sheet,
    )


@dataclass
class ActivityReport:
    """One file's activity import. `rows` = matched + created + duplicate + rejected:
    matched and created rows each stored one event (created: the row also added its person),
    a duplicate's event was already stored (or came earlier in the file)."""

    file: str
    batch_id: int | None
    format: str
    encoding: str | None
    sheet: str | None
    mapping: list[tuple[str, str]]
    rows: int = 0
    matched: int = 0
    created: int = 0
    duplicate: int = 0
    rejected: int = 0
    reasons: dict[str, int] = field(default_factory=dict)  # rejected rows by reason
    currency: str | None = None  # the store's currency after the import
    currency_set: bool = False  # this import made it the store's currency
    customers: int = 0  # people this file's purchases made customers (their first sale)
    rejects_file: str | None = None
    rejects_error: str | None = None
    seconds: float = 0.0

    def as_json(self) -> dict[str, object]:
        """The stable `--json` shape (documented in the README)."""
        return {
            "file": self.file,
            "batch_id": self.batch_id,
            "format": self.format,
            "encoding": self.encoding,
            "sheet": self.sheet,
            "mapping": [{"column": c, "field": f} for c, f in self.mapping],
            "rows": self.rows,
            "matched": self.matched,
            "created": self.created,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "reasons": dict(sorted(self.reasons.items())),
            "currency": self.currency,
            "currency_set": self.currency_set,
            "customers": self.customers,
            "rejects_file": self.rejects_file,
            "rejects_error": self.rejects_error,
            "seconds": round(self.seconds, 3),
        }
