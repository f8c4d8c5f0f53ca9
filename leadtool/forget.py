"""Forgetting a person: their personal data erased from the whole store, for good.

What stays is one keyed hash (leadtool.normalize.keyhash) of each of their emails and
phones on the suppression list, so that the next import that brings them back refuses
those rows instead of storing them again. The report counts rows per table, never values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from leadtool.errors import StoreError
from leadtool.normalize.keyhash import keyed_hash
from leadtool.people import find_person_id
from leadtool.store import forget as sql
from leadtool.store.connection import Store, iso_utc, write_transaction


@dataclass(frozen=True)
class ForgetReport:
    person_id: int
    erased: dict[str, int]  # rows deleted per table
    hashes: int  # keyed hashes kept so that imports refuse the person

    def as_json(self) -> dict[str, object]:
        return {"person_id": self.person_id, "erased": self.erased, "hashes": self.hashes}


def find(store: Store, ref: str, region: str) -> int:
    """The id of the person named by id, email or phone (see people.find_person_id)."""
    return find_person_id(store, ref, region)


def forget(store: Store, pid: int, *, now: datetime | None = None) -> ForgetReport:
    """Erase person `pid` everywhere; keep keyed hashes of their emails and phones."""
    secret = store.setting("secret")
    if not secret:
        raise StoreError(f"{store.path}: the store has no secret; cannot forget safely")
    when = iso_utc(now or datetime.now(UTC))
    sql.set_secure_delete(store.conn, True)
    try:
        with write_transaction(store) as conn:
            emails, phones = sql.person_values(conn, pid)
            needles = emails | phones | sql.raw_cells(conn, pid)
            erased = sql.erase(conn, pid, needles)
            erased["suppressions"] = sql.drop_plain_entries(conn, emails, phones)
            digests = [keyed_hash(secret, v) for v in emails | phones]
            hashes = sql.add_hashes(conn, digests, when)
        sql.checkpoint(store.conn)
    finally:
        sql.set_secure_delete(store.conn, False)
    return ForgetReport(pid, erased, hashes)
