"""Forgetting a person: their personal data erased from the whole store, for good.

What stays is one keyed hash of each of their identity keys on the suppression list
(identity.forgotten: a shared phone or role address is hashed with their name), so that the
next import that brings them back refuses those rows instead of storing them again, and
the nightly cleanup erases them again should they come back another way. The erasure is
written once, here (`erase_person`), for `leadtool forget` and for cleanup.

What they share with colleagues (a switchboard, info@) names their colleagues too: it is
never searched for in the others' records, and its plain suppression entry stays.
The report counts rows per table, never values.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from leadtool.errors import StoreError
from leadtool.identity import forgotten
from leadtool.normalize.keyhash import KeyedHasher
from leadtool.people import find_person_id
from leadtool.store import forget as sql
from leadtool.store import upkeep
from leadtool.store.connection import Store, iso_utc, write_transaction
from leadtool.store.settings import store_secret

_VALUE_KINDS = frozenset({"email", "role_email", "phone", "linkedin"})


@dataclass(frozen=True)
class ForgetReport:
    person_id: int
    erased: dict[str, int]  # rows deleted per table
    hashes: int  # keyed hashes kept so that imports refuse the person
    wal_emptied: bool = True  # False: a reader kept the WAL, which still holds old pages

    def as_json(self) -> dict[str, object]:
        return {
            "person_id": self.person_id,
            "erased": self.erased,
            "hashes": self.hashes,
            "wal_emptied": self.wal_emptied,
        }


def find(store: Store, ref: str, region: str) -> int:
    """The id of the person named by id, email or phone (see people.find_person_id)."""
    return find_person_id(store, ref, region)


def forget(store: Store, pid: int, *, now: datetime | None = None) -> ForgetReport:
    """Erase person `pid` everywhere; keep keyed hashes of their identity keys."""
    secret = store_secret(store.conn)
    if not secret:
        raise StoreError(f"{store.path}: the store has no secret; cannot forget safely")
    when = iso_utc(now or datetime.now(UTC))
    emptied: list[bool] = []
    with erasing(store, emptied), write_transaction(store) as conn:
        erased, hashes = erase_person(conn, pid, secret, when)
    return ForgetReport(pid, erased, hashes, all(emptied))


@contextmanager
def erasing(store: Store, emptied: list[bool] | None = None) -> Iterator[None]:
    """Erased bytes are overwritten, and the WAL emptied after (PITFALLS #9); whether it
    could be (a reader may hold it) is appended to `emptied`."""
    upkeep.set_secure_delete(store.conn, True)
    try:
        yield
        done = upkeep.wal_checkpoint(store.conn)
        if emptied is not None:
            emptied.append(done)
    finally:
        upkeep.set_secure_delete(store.conn, False)


def erase_person(
    conn: sqlite3.Connection, pid: int, secret: str, when: str
) -> tuple[dict[str, int], int]:
    """Inside a write transaction: erase `pid` and keep their hashes. (rows per table, hashes)"""
    keys, name_key, last = sql.person_identity(conn, pid)
    values = {v for kind, v in keys if kind in _VALUE_KINDS}
    shared = sql.held_by_others(conn, pid, [(k, v) for k, v in keys if k in _VALUE_KINDS])
    needles = _needles(values - shared, shared, sql.raw_cells(conn, pid), last)
    erased = sql.erase(conn, pid, needles)
    emails = {v for kind, v in keys if kind in ("email", "role_email")} - shared
    phones = {v for kind, v in keys if kind == "phone"} - shared
    erased["suppressions"] = sql.drop_plain_entries(conn, emails, phones)
    hashes = sql.add_hashes(conn, forgotten.digests(KeyedHasher(secret), keys, name_key), when)
    return erased, hashes


def _needles(own: set[str], shared: set[str], raw: set[tuple[str, str]], last: str) -> sql.Needles:
    """The person's own values and raw cells; a raw cell of a shared value is paired."""
    alone, paired = set(own), {(v, last) for v in shared if last}
    for field, cell in raw:
        if _is_shared(field, cell, shared):
            if last:
                paired.add((cell, last))
        else:
            alone.add(cell)
    return sql.Needles(frozenset(alone), frozenset(paired))


def _is_shared(field: str, cell: str, shared: set[str]) -> bool:
    """Whether a raw cell may be a value the person shares: then it is never searched for
    alone. Erring towards "shared" only keeps a row that could have gone."""
    if field == "email":
        text = cell.casefold()
        return any(v.casefold() in text for v in shared)
    digits = "".join(ch for ch in cell if ch.isdigit())
    # The last 7 digits of a shared number, however the cell wrote the rest (a trunk 0,
    # 00 and a country code, an extension after it).
    return any(_digits(v)[-7:] in digits for v in shared if len(_digits(v)) >= 7)


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())
