"""One activity row's event: what was done, when, for how much. Pure: no store, no I/O.

`EventReader(header, columns, ...)` turns a row's cells into an `Event`, or the reason the
row is rejected. Reasons name the column, never a cell's value (which may be personal).
Who did it is not read here: the people import's RowNormaliser reads those columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leadtool.normalize.activity import parse_activity_type
from leadtool.normalize.activity_columns import ActivityColumns
from leadtool.normalize.amounts import DOLLAR_CURRENCIES, currency_code, parse_amount
from leadtool.normalize.dates import to_epoch_utc

NO_CURRENCY = "an amount without a currency, and the store has no currency yet: give --currency"


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    ts: int  # epoch seconds, UTC
    detail: str
    amount: float | None
    currency: str | None  # filled in whenever there is an amount


class EventReader:
    """Reads the event of each row of one file."""

    def __init__(
        self,
        header: list[str],
        columns: ActivityColumns,
        *,
        kind: str | None,
        currency: str | None,
        now: datetime,
    ) -> None:
        self.header = header
        self.at = {f: columns.column(f) for f in ("type", "time", "detail", "amount", "currency")}
        self.kind = kind  # --type: for rows whose type cell is empty, or files without one
        self.currency = currency  # for amounts that say no currency themselves
        self.now = int(now.timestamp())
        self.types: dict[str, str | None] = {}

    def __call__(self, cells: list[str]) -> Event | str:
        """The row's event, or the reason it is rejected."""
        kind = self._type(cells)
        if kind is None:
            column = self._name("type")
            if not self._cell(cells, "type"):
                return f"no activity type in column '{column}' (--type gives one to such rows)"
            return f"unknown activity type in column '{column}'"
        ts = self._time(cells)
        if isinstance(ts, str):
            return ts
        money = self._money(cells)
        if isinstance(money, str):
            return money
        detail = " ".join(self._cell(cells, "detail").split())
        return Event(kind, ts, detail, *money)

    def _cell(self, cells: list[str], field: str) -> str:
        i = self.at[field]
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def _name(self, field: str) -> str:
        i = self.at[field]
        return self.header[i] if i is not None else field

    def _type(self, cells: list[str]) -> str | None:
        raw = self._cell(cells, "type")
        if not raw:
            return self.kind
        if raw not in self.types:  # a file spells its few types again and again
            self.types[raw] = parse_activity_type(raw)
        return self.types[raw]

    def _time(self, cells: list[str]) -> int | str:
        column = self._name("time")
        ts = to_epoch_utc(self._cell(cells, "time"))
        if ts is None:
            return f"no readable time in column '{column}'"
        if ts > self.now:
            return f"a time in the future in column '{column}'"
        return ts

    def _money(self, cells: list[str]) -> tuple[float | None, str | None] | str:
        raw = self._cell(cells, "amount")
        if not raw:
            return None, None
        amount = parse_amount(raw)
        if amount is None:
            return f"not an amount in column '{self._name('amount')}'"
        said = self._cell(cells, "currency")
        code = currency_code(said) if said else None
        if said and code is None:
            return f"not a three-letter currency code in column '{self._name('currency')}'"
        code = code or amount.currency or self.currency
        if code is None:
            return NO_CURRENCY
        if amount.dollar and code not in DOLLAR_CURRENCIES:
            return (
                f"an amount in $ in column '{self._name('amount')}', and the currency it "
                f"would be stored in is {code}: give each row's currency in a column"
            )
        return amount.value, code
