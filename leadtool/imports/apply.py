"""Applying normalised rows to the store, one chunk at a time, inside the import transaction.

For each chunk: look up every identity key at once, load the people they point to, decide
per row (identity.exact) whether it is someone new, someone already stored, or proof that two
stored people are one; merge (identity.merge); then flush all writes of the chunk together.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from typing import Any

from leadtool.identity import forgotten
from leadtool.identity.exact import Identity, find_person
from leadtool.identity.merge import merge_row
from leadtool.imports.wire import restore
from leadtool.normalize.keyhash import KeyedHasher
from leadtool.normalize.record import PersonRow
from leadtool.normalize.stages import DEFAULT_STAGE, stage_rank
from leadtool.store import forget as forget_sql
from leadtool.store import importing as sql
from leadtool.store import suppression as suppressions
from leadtool.store.migrations import NORM_VERSION
from leadtool.store.people_table import INSERT_COLUMNS, ROW_COLUMNS
from leadtool.store.settings import store_secret

FORGOTTEN = "forgotten: this person asked to be erased"
OPT_OUT_REASON = "do-not-contact"
_NAME_KEY = ROW_COLUMNS.index("name_key")


@dataclass
class RowCounts:
    rows: int = 0
    merged: int = 0  # rows folded into a person an earlier row of this file created
    matched: int = 0  # rows that matched a person stored before this import
    rejected: int = 0
    flagged: int = 0
    people_merged: int = 0  # stored people found to be one person and merged
    flags: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ApplySettings:
    batch_id: int
    now: str
    policy: str
    stage: str | None
    tags: tuple[str, ...]
    file_name: str = ""


class ChunkApplier:
    """Holds the import's running state; `apply(rows)` handles one chunk."""

    def __init__(self, conn: sqlite3.Connection, settings: ApplySettings) -> None:
        self.conn = conn
        self.s = settings
        self.first_new_id = sql.next_person_id(conn)
        self.next_id = self.first_new_id
        self.counts = RowCounts()
        self.seconds_apply = 0.0
        self.seconds_write = 0.0
        self.forgotten = forgotten.Forgotten(*forget_sql.forgotten_hashes(conn))
        self.hasher = KeyedHasher(store_secret(conn) or "") if self.forgotten else None

    def timings(self) -> dict[str, float]:
        """Seconds spent deciding who each row is (dedupe) and writing, for `make bench`."""
        return {"dedupe": self.seconds_apply - self.seconds_write, "write": self.seconds_write}

    def apply(self, rows: list[PersonRow]) -> None:
        started = time.perf_counter()
        self._apply(rows)
        self.seconds_apply += time.perf_counter() - started

    def _flush(self) -> None:
        started = time.perf_counter()
        self.w.new_people = [self._insert_values(pid) for pid in self.unflushed]
        sql.flush(self.conn, self.w)
        if self.w.new_people:
            sql.remember_last_person_id(self.conn, self.next_id - 1)
        self.seconds_write += time.perf_counter() - started

    def _apply(self, rows: list[PersonRow]) -> None:
        if self.forgotten:
            self._refuse_forgotten(rows)
        good = [r for r in rows if r.reject is None]
        self.w = sql.ChunkWrites()
        self.unflushed: dict[int, None] = {}  # people created in this chunk, not yet inserted
        self.opt_outs: list[tuple[int, PersonRow]] = []
        self.matches = sql.lookup_keys(self.conn, {k for r in good for k in r.keys})
        self.owners: dict[int, list[sql.Key]] | None = None  # pid -> its keys in matches
        self.people = sql.load_people(self.conn, {p for ids in self.matches.values() for p in ids})
        # People created in this chunk, as the values to insert; most are never looked at
        # again, so a person's dict is only built when a later row of the chunk needs it.
        self.fresh: dict[int, tuple[Any, ...]] = {}
        for row in rows:
            self._count(row)
            if row.reject is None:
                self._apply_row(row)
            else:
                self.w.rejects.append(
                    (self.s.batch_id, row.row_number, row.reject, _cells(row), self.s.now)
                )
        self._flush()
        self._suppress_opt_outs()

    def _refuse_forgotten(self, rows: list[PersonRow]) -> None:
        """A forgotten person's row is rejected and its cells are not kept anywhere."""
        for row in rows:
            if row.reject is not None:
                continue
            name_key = (row.values[_NAME_KEY] if row.slim else row.fields.get("name_key")) or None
            if self.hasher and forgotten.refused(self.hasher, self.forgotten, row.keys, name_key):
                row.reject, row.raw, row.cells, row.flags = FORGOTTEN, "", [], []

    def _count(self, row: PersonRow) -> None:
        c = self.counts
        c.rows += 1
        c.rejected += row.reject is not None
        if row.flags and row.reject is None:
            c.flagged += 1
            for flag in row.flags:
                c.flags[flag] = c.flags.get(flag, 0) + 1

    def _apply_row(self, row: PersonRow) -> None:
        if row.opt_out or any(key in self.matches for key in row.keys):
            restore(row)  # someone already known, or an opt-out: the whole row is needed
        targets = find_person(row, self.matches, self._identity)
        if len(targets) > 1:
            self._merge_stored(targets)
        if not targets:
            pid, role = self._create(row), "created"
        else:
            pid = targets[0]
            role = self._update(pid, row)
            if pid >= self.first_new_id:
                self.counts.merged += 1
            else:
                self.counts.matched += 1
        self._attach(pid, row, role)
        if row.opt_out:
            self.opt_outs.append((pid, row))

    def _suppress_opt_outs(self) -> None:
        """Rows whose opt-out column says yes: their emails and phones are suppressed.

        Kept when the import is undone: a person's opt-out is never silently dropped."""
        for pid, row in self.opt_outs:
            note = f"opt-out column '{row.opt_out}' in {self.s.file_name}"
            values = [("email", e) for e in row.emails] + [("phone", p) for p in row.phones]
            added = [
                kind
                for kind, value in values
                if suppressions.add_entry(self.conn, kind, value, OPT_OUT_REASON, note, self.s.now)
            ]
            if added and (pid in self.people or pid in self.fresh):  # not merged away since
                detail = {"action": "suppressed", "by": added[0], "reason": OPT_OUT_REASON}
                suppressions.record_events(self.conn, [pid], {**detail, "note": note}, self.s.now)
        self.opt_outs = []

    def _create(self, row: PersonRow) -> int:
        pid, self.next_id = self.next_id, self.next_id + 1
        s = self.s
        stage = s.stage or row.fields.get("stage") or DEFAULT_STAGE
        # In INSERT_COLUMNS order: id, the row's columns, then the import's stamps.
        stamps = (stage, s.now, s.batch_id, s.now, s.now, NORM_VERSION)
        self.fresh[pid] = (pid, *(row.values or _row_values(row)), *stamps)
        self.unflushed[pid] = None
        return pid

    def _person(self, pid: int) -> dict[str, Any]:
        """A person of this chunk as a people-table dict, built from its values if new."""
        person = self.people.get(pid)
        if person is None:
            person = self.people[pid] = dict(zip(INSERT_COLUMNS, self.fresh[pid], strict=True))
        return person

    def _insert_values(self, pid: int) -> tuple[Any, ...]:
        person = self.people.get(pid)
        return self.fresh[pid] if person is None else tuple(map(person.get, INSERT_COLUMNS))

    def _update(self, pid: int, row: PersonRow) -> str:
        person = self._person(pid)
        change = merge_row(person, restore(row), self.s.policy)
        moved = self._stage_forward(person, self.s.stage or row.fields.get("stage"))
        if change.conflicts:
            self._event(pid, "conflict", change.conflicts)
        if not change.changed and not moved:
            return "matched"
        if change.changed:
            self._event(pid, "updated", change.changed)
        person["updated_at"] = self.s.now
        if pid not in self.unflushed:
            self.w.changed_people[pid] = person
        return "updated"

    def _stage_forward(self, person: dict[str, Any], stage: str | None) -> bool:
        """Imports only move people forward; moving back is a deliberate `stage set`."""
        old = person["stage"]
        if not stage or stage == old or stage_rank(stage) <= stage_rank(old):
            return False
        person["stage"], person["stage_changed_at"] = stage, self.s.now
        self._event(person["id"], "stage", {"from": old, "to": stage, "reason": "import"})
        return True

    def _attach(self, pid: int, row: PersonRow, role: str) -> None:
        b = self.s.batch_id
        for key in row.keys:
            ids = self.matches.setdefault(key, [])
            if pid not in ids:
                ids.append(pid)
                self.w.keys.append((key[0], key[1], pid, b))
                if self.owners is not None:
                    self.owners.setdefault(pid, []).append(key)
        self.w.links.append((pid, b, role))
        self.w.rows.append((b, row.row_number, pid, _cells(row)))
        for tag in (*self.s.tags, *row.tags):
            self.w.tags.append((pid, tag, b, self.s.now))

    def _identity(self, pid: int) -> Identity:
        return Identity.of(self._person(pid))

    def _event(self, pid: int, kind: str, detail: dict[str, Any]) -> None:
        self.w.events.append((pid, self.s.batch_id, self.s.now, kind, _json(detail) or "{}"))

    def _merge_stored(self, targets: list[int]) -> None:
        """One row names several stored people: they are one person. Keep the oldest."""
        self._flush()
        self.w = sql.ChunkWrites()
        self.unflushed = {}
        kept, others = targets[0], targets[1:]
        for other in others:
            self._merge_pair(kept, other)
        targets[1:] = []

    def _owners(self) -> dict[int, list[sql.Key]]:
        """For each person, the chunk's keys that point to them. Built on a chunk's first
        merge, so that a merge rewrites its own keys, not every key of the chunk."""
        if self.owners is None:
            self.owners = {}
            for key, ids in self.matches.items():
                for i in ids:
                    self.owners.setdefault(i, []).append(key)
        return self.owners

    def _merge_pair(self, kept: int, other: int) -> None:
        before_kept = sql.snapshot(self.conn, kept)
        before_other = sql.snapshot(self.conn, other)
        sql.record_merge(
            self.conn,
            at=self.s.now,
            batch_id=self.s.batch_id,
            kept=before_kept,
            merged=before_other,
            reason="a row shares an email or LinkedIn profile with both",
        )
        person = self._person(kept)
        merge_row(person, _as_row(self._person(other)), "fill")
        sql.move_person(self.conn, other, kept)
        sql.save_person(self.conn, person)
        self.people.pop(other, None)
        self.fresh.pop(other, None)
        owners = self._owners()
        for key in owners.pop(other, []):
            ids = self.matches[key]
            if other in ids:
                ids[:] = sorted({kept if i == other else i for i in ids})
                owners.setdefault(kept, []).append(key)
        self.counts.people_merged += 1


def _as_row(person: dict[str, Any]) -> PersonRow:
    fields = {k: v for k, v in person.items() if isinstance(v, str) and v and k != "stage"}
    custom = json.loads(person["custom"]) if person.get("custom") else {}
    return PersonRow(row_number=0, cells=[], fields=fields, custom=custom)


# Built once: json.dumps with options builds a new encoder on every call.
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _json(value: dict[str, Any]) -> str | None:
    return _ENCODE(value) if value else None


_CUSTOM_AT, _INVALID_AT = ROW_COLUMNS.index("custom"), ROW_COLUMNS.index("invalid")


def _row_values(row: PersonRow) -> tuple[Any, ...]:
    values = list(map(row.fields.get, ROW_COLUMNS))
    values[_CUSTOM_AT], values[_INVALID_AT] = _json(row.custom), _json(row.invalid)
    return tuple(values)


def with_values(row: PersonRow) -> PersonRow:
    """The row with its people-table values (ROW_COLUMNS) set, when it is a person.

    Done where the row is normalised, in a worker process on big files, so that the
    process writing the store only adds the import's stamps to a new person."""
    if row.reject is None:
        row.values = _row_values(row)
    return row


def _cells(row: PersonRow) -> str:
    return row.raw or _ENCODE(row.cells)
