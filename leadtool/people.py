"""Finding and describing people: the service behind `people show`, `people list`, `stats`."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from leadtool.addresses import primary_first, with_addresses
from leadtool.errors import NotFoundError, UsageError
from leadtool.filters import compile_where
from leadtool.normalize.email import normalize_email
from leadtool.normalize.phone import normalize_phone
from leadtool.scoring import explain
from leadtool.store import queries as q
from leadtool.store.activity import person_activities
from leadtool.store.connection import Store
from leadtool.store.people_table import CONTACT_FIELDS, PEOPLE_COLUMNS, QUALIFICATION_FIELDS
from leadtool.store.suppression import person_suppression

# What `people show` prints, in store order; the rest is bookkeeping shown only in --json.
INTERNAL_FIELDS = frozenset(
    {"custom", "invalid", "name_key", "first_batch_id", "norm_version", "stage_changed_at"}
)
SHOWN_FIELDS = (
    *(c for c in PEOPLE_COLUMNS if c not in INTERNAL_FIELDS),
    *CONTACT_FIELDS,
    *QUALIFICATION_FIELDS,
)


@dataclass
class PersonDetail:
    person: dict[str, Any]
    custom: dict[str, str]
    invalid: dict[str, str]
    emails: list[str]
    phones: list[str]
    tags: list[str]
    sources: list[dict[str, Any]]
    history: list[dict[str, Any]]
    suppressed: dict[str, Any] | None = None
    activity: list[dict[str, Any]] = field(default_factory=list)  # latest first
    scoring: dict[str, Any] | None = None  # how the score adds up; None: never scored

    def activity_counts(self) -> dict[str, int]:
        """Events per activity type, most first (then by name)."""
        counts: dict[str, int] = {}
        for event in self.activity:
            counts[event["type"]] = counts.get(event["type"], 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def as_json(self) -> dict[str, Any]:
        person = {k: v for k, v in self.person.items() if k not in ("custom", "invalid")}
        return {
            **person,
            "custom": self.custom,
            "invalid": self.invalid,
            "emails": self.emails,
            "phones": self.phones,
            "tags": self.tags,
            "sources": self.sources,
            "history": self.history,
            "suppressed": self.suppressed,
            "activity": self.activity,
            "scoring": self.scoring,
        }


@dataclass
class Stats:
    people: int
    by_stage: dict[str, int]
    by_source: list[dict[str, Any]]
    flags: dict[str, int]
    rejected_rows: int
    imports: int
    cost_per_lead: dict[str, float | None] = field(default_factory=dict)
    where: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "people": self.people,
            "by_stage": self.by_stage,
            "by_source": self.by_source,
            "flags": self.flags,
            "rejected_rows": self.rejected_rows,
            "imports": self.imports,
            "cost_per_lead": self.cost_per_lead,
        }


def find_person_id(store: Store, ref: str, region: str) -> int:
    """A person named by id, email or phone. An ambiguous phone is an error listing ids."""
    ref = ref.strip()
    if ref.isdigit() and q.person_exists(store.conn, int(ref)):
        return int(ref)
    if "@" in ref:
        value = normalize_email(ref).value
        ids = q.person_by_key(store.conn, ("email", "role_email"), value) if value else []
    else:
        phone = normalize_phone(ref, region).value
        ids = q.person_by_key(store.conn, ("phone",), phone) if phone else []
    if not ids:
        raise NotFoundError(f"no person matches {_kind(ref)} given")
    if len(ids) > 1:
        listed = ", ".join(str(i) for i in ids[:10])
        raise UsageError(f"that phone belongs to {len(ids)} people (ids {listed}); give an id")
    return ids[0]


def _kind(ref: str) -> str:
    return "the email" if "@" in ref else "the id or phone"


def person_detail(store: Store, pid: int) -> PersonDetail:
    conn = store.conn
    person = q.person_row(conn, pid)
    others = q.other_addresses(conn, pid)
    history = [{**e, "detail": json.loads(e["detail"] or "{}")} for e in q.person_events(conn, pid)]
    return PersonDetail(
        person=person,
        custom=json.loads(person.get("custom") or "{}"),
        invalid=json.loads(person.get("invalid") or "{}"),
        emails=primary_first(person.get("email"), others["other_emails"]),
        phones=primary_first(person.get("phone"), others["other_phones"]),
        tags=q.person_tags(conn, pid),
        sources=q.person_sources(conn, pid),
        history=history,
        suppressed=person_suppression(conn, pid),
        activity=person_activities(conn, pid),
        scoring=None if (why := explain(store, pid)) is None else why.as_json(),
    )


@dataclass
class PeopleList:
    people: list[dict[str, Any]]
    matching: int  # how many match the filter; `people` holds at most the limit


def list_people(
    store: Store, limit: int, where: str = "", *, now: datetime | None = None
) -> PeopleList:
    """The first `limit` people matching a --where expression, and how many match in all."""
    compiled = compile_where(where, now=now or datetime.now(UTC))
    matching = q.count_people(store.conn, compiled.sql, compiled.params)
    rows = q.list_people(store.conn, limit, compiled.sql, compiled.params, matching=matching)
    return PeopleList([with_addresses(r) for r in rows], matching)


# The flag normalize/record.py gives a field it could not read, for the fields kept only as
# a raw value in `invalid`; email and phone have flags columns (email:role, phone:invalid).
RAW_VALUE_FLAGS = {"country": "unknown", "stage": "unknown", "consent_at": "unparsed"}


def _flags(conn: sqlite3.Connection, chosen: tuple[str, tuple[object, ...]]) -> dict[str, int]:
    """Every flag an import can give, counted in people: from the flags columns and from the
    raw values kept in `invalid` (country:unknown, consent_at:unparsed, linkedin:invalid ...)."""
    counts = q.flag_counts(conn, *chosen)
    for name, n in q.raw_value_counts(conn, *chosen).items():
        flag = f"{name}:{RAW_VALUE_FLAGS.get(name, 'invalid')}"
        counts[flag] = counts.get(flag, 0) + n
    return dict(sorted(counts.items()))


def stats(store: Store, where: str = "", *, now: datetime | None = None) -> Stats:
    """Counts by stage, source and flag, of everyone or of the people --where selects.

    With a filter, a source's cost per lead divides its cost by the people it brought who
    match: `--where 'stage >= mql'` gives the cost per MQL. Imports and rejected rows are
    counted for the whole store.
    """
    conn = store.conn
    compiled = compile_where(where, now=now or datetime.now(UTC))
    chosen = (compiled.sql, compiled.params)
    by_source = q.people_by_source(conn, *chosen)
    costs = q.source_costs(conn)
    per_lead = {
        s["source"]: round(costs[s["source"]] / s["new"], 2) if s["new"] else None
        for s in by_source
        if s["source"] in costs
    }
    return Stats(
        people=q.count_people(conn, *chosen),
        by_stage=q.people_by_stage(conn, *chosen),
        by_source=by_source,
        flags=_flags(conn, chosen),
        rejected_rows=q.count_rows(conn, "rejects"),
        imports=q.count_rows(conn, "batches"),
        cost_per_lead=per_lead,
        where=where.strip(),
    )
