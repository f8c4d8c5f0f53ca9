"""Recording one activity event: `leadtool activity add`.

`parse_event` checks what the user typed (a known type, a time leadtool's date reader
understands and that is not in the future, a finite amount, a three-letter currency) before
the store is touched; `add_activity` then finds the person, refuses a suppressed one (not
being contacted or tracked is the person's choice) and stores the event, in one write
transaction. The same event (person, type, time, detail) is stored once: adding it again
changes nothing and the report says so. Time is passed in (`now`), so this is testable.
An amount is stored with its currency: the one given (the store's currency once set,
activity/currency.py), else the store's.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from leadtool.activity.currency import Currency, check_code, settle
from leadtool.errors import LeadtoolError, UsageError
from leadtool.normalize.activity import ACTIVITY_TYPES, parse_activity_type
from leadtool.normalize.dates import to_iso_utc
from leadtool.people import find_person_id
from leadtool.store.activity import NewActivity
from leadtool.store.activity import add_activity as insert_activity
from leadtool.store.connection import Store, iso_utc, write_transaction
from leadtool.store.purchases import apply_purchases
from leadtool.store.suppression import person_suppression

_ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class NewEvent:
    """An event as the user gave it, checked: the person is not looked up yet."""

    type: str
    ts: int  # epoch seconds, UTC
    detail: str
    amount: float | None
    currency: str | None


@dataclass(frozen=True)
class AddReport:
    person_id: int
    type: str
    at: str  # ISO-8601 UTC
    detail: str
    amount: float | None
    currency: str | None
    added: bool  # False: the same event was already stored, nothing changed
    currency_set: bool = False  # its --currency became the store's currency

    def as_json(self) -> dict[str, object]:
        return {
            "person_id": self.person_id,
            "type": self.type,
            "at": self.at,
            "detail": self.detail,
            "amount": self.amount,
            "currency": self.currency,
            "added": self.added,
            "currency_set": self.currency_set,
        }


def parse_event(
    kind: str,
    *,
    at: str | None,
    detail: str | None,
    amount: float | None,
    currency: str | None,
    now: datetime,
) -> NewEvent:
    """The event the options describe, or a UsageError naming the option that is wrong."""
    found = parse_activity_type(kind)
    if found is None:
        known = ", ".join(ACTIVITY_TYPES)
        raise UsageError(f"TYPE: not an activity type leadtool knows; use one of: {known}")
    if amount is not None and not math.isfinite(amount):
        raise UsageError("--amount: give a number, such as 49.90 or -20 for a refund")
    if currency is not None and amount is None:
        raise UsageError("--currency: says what --amount is in; give --amount too")
    return NewEvent(found, _epoch(at, now), (detail or "").strip(), amount, _currency(currency))


def _epoch(at: str | None, now: datetime) -> int:
    """--at as epoch seconds UTC (a time without an offset is UTC); now when not given."""
    moment = int(now.timestamp())
    if at is None:
        return moment
    iso = to_iso_utc(at)
    if iso is None:
        raise UsageError(
            "--at: not a time leadtool reads; give e.g. 2026-03-01, 2026-03-01 14:30 "
            "or 2026-03-01T14:30:00+01:00"
        )
    ts = int(datetime.strptime(iso, _ISO_FORMAT).replace(tzinfo=UTC).timestamp())
    if ts > moment:
        raise UsageError(f"--at: {iso} is in the future; an activity is something that happened")
    return ts


def _currency(raw: str | None) -> str | None:
    return check_code(raw)  # one check for add and import: an ISO 4217 code


def _amount_currency(conn: sqlite3.Connection, event: NewEvent) -> Currency:
    """The currency the event's amount is in: the store's, set by this --currency if new."""
    if event.amount is None:
        return Currency(None, None)
    currency = settle(conn, event.currency)
    if currency.fill is None:
        raise UsageError("--currency: the store has no currency yet; say what --amount is in")
    return currency


def add_activity(
    store: Store, who: str, event: NewEvent, *, region: str, now: datetime | None = None
) -> AddReport:
    """Record `event` for the person named by id, email or phone (one write transaction)."""
    created = iso_utc(now or datetime.now(UTC))
    with write_transaction(store) as conn:
        pid = find_person_id(store, who, region)
        if person_suppression(conn, pid) is not None:
            raise LeadtoolError(
                f"person {pid} is suppressed: their activity is not recorded "
                "(it is the person's choice)"
            )
        currency = _amount_currency(conn, event)
        row = NewActivity(
            pid, event.type, event.ts, event.detail, event.amount, currency.fill, None, created
        )
        added = insert_activity(conn, row) is not None
        if added and event.type == "purchase":  # a first sale makes a customer
            apply_purchases(conn, [pid], created)
    at = datetime.fromtimestamp(event.ts, UTC).strftime(_ISO_FORMAT)
    return AddReport(
        pid, event.type, at, event.detail, event.amount, currency.fill, added, currency.newly_set
    )
