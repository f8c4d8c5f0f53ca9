"""The store's default currency: set once, then held to.

The first `--currency` given to `activity add` or `activity import` when the store has none
becomes its default (settings key `currency`); an amount that names no currency is in it.
A later, different `--currency` is refused: amounts in two currencies summed as one would
make every lifetime value wrong. An activity file with a currency column says, row by row,
what its amounts are in; there the option only fills the rows whose cell is empty.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from leadtool.errors import UsageError
from leadtool.normalize.amounts import currency_code
from leadtool.store.activity import first_currency
from leadtool.store.settings import get_setting, set_setting

SETTING = "currency"


@dataclass(frozen=True)
class Currency:
    """What an amount without its own currency is in (`fill`; None: nothing yet), the
    store's currency, and whether this command made it so."""

    fill: str | None
    store: str | None
    newly_set: bool = False


def check_code(raw: str | None) -> str | None:
    """--currency as a code (EUR), or a UsageError; None when not given."""
    if raw is None:
        return None
    code = currency_code(raw)
    if code is None:
        raise UsageError("--currency: give a three-letter ISO 4217 code, such as EUR or USD")
    return code


def settle(conn: sqlite3.Connection, given: str | None, *, per_row: bool = False) -> Currency:
    """The currency of amounts that name none, setting the store's default if it has none.

    `per_row`: the file has a currency column, so a `given` other than the default is
    allowed; it then fills only that file's empty currency cells."""
    stored = get_setting(conn, SETTING)
    if given is None:
        return Currency(stored, stored)
    if stored is None:
        set_setting(conn, SETTING, given)
        return Currency(given, given, newly_set=True)
    if given != stored and not per_row:
        raise UsageError(
            f"--currency {given}: this store's currency is {stored}; amounts in another "
            "currency need a currency column in the file, saying each row's"
        )
    return Currency(given, stored)


def adopt_first(conn: sqlite3.Connection, currency: Currency, batch_id: int) -> Currency:
    """A store with no currency yet takes the first one this import stored (from the file's
    currency column), so its sales count from the start and a second currency is not summed
    with the first. The store's currency left as it is otherwise."""
    if currency.store is not None:
        return currency
    first = first_currency(conn, batch_id)
    if first is None:
        return currency
    set_setting(conn, SETTING, first)
    return Currency(currency.fill, first, newly_set=True)
