"""Whose event each activity row is, one chunk at a time, inside the import's transaction.

A row is matched by the people import's normalised keys and identity rules
(identity.exact.possible_people), but never by a guess: where the import would take the
oldest of several people sharing a phone or a role address, or merge the people a row's
email and LinkedIn profile name, an activity row is rejected as ambiguous. A forgotten
person's row is rejected with its cells dropped, and with `--create` is not created; a
suppressed person's activity is not stored. Unknown people are rejected, or with `--create`
created as subscribers by the people import's own ChunkApplier (keys, provenance, links to
this batch), so they are undone as an import's people are.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from leadtool.activity.rows import Event, EventReader
from leadtool.identity import forgotten
from leadtool.identity.exact import STRONG_KINDS, Identity, Key, possible_people
from leadtool.imports.apply import FORGOTTEN, ApplySettings, ChunkApplier
from leadtool.normalize.keyhash import KeyedHasher
from leadtool.normalize.record import PersonRow, RowNormaliser
from leadtool.store import forget as forget_sql
from leadtool.store.activity import (
    NewActivity,
    add_activities,
    suppressed_people,
    suppression_values,
)
from leadtool.store.importing import ChunkWrites, flush, load_people, lookup_keys
from leadtool.store.settings import store_secret

SUPPRESSED = "suppressed"
UNKNOWN = (
    "unknown person: nobody stored has this email, phone or LinkedIn profile (--create adds them)"
)
AMBIGUOUS_STRONG = "ambiguous: the row's email and LinkedIn profile belong to different people"
CREATED_STAGE = "subscriber"
PEOPLE_CACHE = 200_000  # distinct people's rows for matching kept (about 0.5 KB each)
_IDENTITY_FIELDS = ("email", "linkedin", "name_key")
_NO_CELLS: list[str] = []
_NOTHING: dict[str, str] = {}
_WEAK_WORDS = {
    "phone": "phone",
    "role_email": "role address",
    "name_company": "name and company",
    "name_postcode": "name and postal code",
}
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode

# A row read: its number, its cells, who it names (shared by the rows naming the same
# person: read only) and its event.
Pending = tuple[int, list[str], PersonRow, Event]


@dataclass(frozen=True)
class ChunkSettings:
    batch_id: int
    now: str  # ISO-8601 UTC: the events' created_at, the created people's stamps
    create: bool
    file_name: str
    activity_columns: frozenset[int] = frozenset()  # the cells that do not say who


@dataclass
class Counts:
    rows: int = 0
    matched: int = 0
    created: int = 0
    duplicate: int = 0
    rejected: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


class ActivityChunks:
    """Holds one file's running state; `apply(rows)` handles one chunk of (row, cells)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        settings: ChunkSettings,
        reader: EventReader,
        normaliser: RowNormaliser,
    ) -> None:
        self.conn, self.s = conn, settings
        self.reader, self.normaliser = reader, normaliser
        self.counts = Counts()
        self.people: set[int] = set()  # everyone an event of this file was for
        self.forgotten = forgotten.Forgotten(*forget_sql.forgotten_hashes(conn))
        self.hasher = KeyedHasher(store_secret(conn) or "") if self.forgotten else None
        self.suppressed = suppressed_people(conn)
        self.entries = suppression_values(conn) if settings.create else {}
        self.applier: ChunkApplier | None = None  # made on the first person to create
        self.credited: set[int] = set()  # created people whose creating row was counted
        self.width = len(normaliser.header)
        self.person_at = [i for i in range(self.width) if i not in settings.activity_columns]
        self.people_seen: dict[tuple[str, ...], PersonRow] = {}

    def apply(self, rows: list[tuple[int, list[str]]]) -> None:
        self.rejects: list[tuple[int, int, str, str, str]] = []
        pending = [p for number, cells in rows if (p := self._read(number, cells)) is not None]
        found, unknown = self._match(pending)
        created = self._create(unknown) if unknown else []
        events = [self._activity(pid, event) for pid, event in (*found, *created)]
        inserted = add_activities(self.conn, events)
        fresh = self._newly_created([pid for pid, _ in created])
        c = self.counts
        c.created += fresh
        c.matched += inserted - fresh
        c.duplicate += len(events) - inserted
        flush(self.conn, ChunkWrites(rejects=self.rejects))

    def _read(self, number: int, cells: list[str]) -> Pending | None:
        self.counts.rows += 1
        event = self.reader(cells)
        if isinstance(event, str):
            self._reject(number, cells, event)
            return None
        person = self._person(number, cells)
        if person.reject is not None:
            self._reject(number, cells, person.reject)
            return None
        if self.hasher is not None and forgotten.refused(
            self.hasher, self.forgotten, person.keys, person.fields.get("name_key")
        ):
            self._reject(number, [], FORGOTTEN)  # their cells are kept nowhere
            return None
        return number, cells, person, event

    def _person(self, number: int, cells: list[str]) -> PersonRow:
        """Who the row names, normalised once per distinct set of person cells: the same
        people come back row after row, and validating their email is most of the cost."""
        n = len(cells)
        key = (*(cells[i] if i < n else "" for i in self.person_at), *cells[self.width :])
        found = self.people_seen.get(key)
        if found is None:
            if len(self.people_seen) >= PEOPLE_CACHE:
                self.people_seen.clear()
            found = self.people_seen[key] = _for_matching(self.normaliser(number, cells))
        return found

    def _reject(self, number: int, cells: list[str], reason: str) -> None:
        self.counts.rejected += 1
        self.counts.reasons[reason] = self.counts.reasons.get(reason, 0) + 1
        self.rejects.append((self.s.batch_id, number, reason, _ENCODE(cells), self.s.now))

    def _match(self, pending: list[Pending]) -> tuple[list[tuple[int, Event]], list[Pending]]:
        """(person id, event) for each matched row; the rows of people nobody stored is."""
        identify = self._identify([p for _, _, p, _ in pending])
        found: list[tuple[int, Event]] = []
        unknown: list[Pending] = []
        for number, cells, person, event in pending:
            ids, reason = identify(person)
            if reason is None and not ids:
                if not self.s.create:
                    reason = UNKNOWN
                elif self._suppressed_values(person):
                    reason = SUPPRESSED
                else:
                    unknown.append((number, cells, person, event))
                    continue
            elif reason is None and ids[0] in self.suppressed:
                reason = SUPPRESSED
            if reason is not None:
                self._reject(number, cells, reason)
            else:
                found.append((ids[0], event))
        return found, unknown

    def _identify(
        self, rows: list[PersonRow]
    ) -> Callable[[PersonRow], tuple[list[int], str | None]]:
        """A function: a row -> (its stored person's id, or none; or the reason it is
        ambiguous), with every key of `rows` looked up at once."""
        matches = lookup_keys(self.conn, {k for r in rows for k in r.keys})
        weak = {
            pid for (kind, _), ids in matches.items() if kind not in STRONG_KINDS for pid in ids
        }
        stored = load_people(self.conn, weak) if weak else {}

        def identity(pid: int) -> Identity:
            return Identity.of(stored.get(pid, {}))

        def identify(row: PersonRow) -> tuple[list[int], str | None]:
            ids = possible_people(row, matches, identity)
            if len(ids) <= 1:
                return ids, None
            return ids, _ambiguous(row.keys, matches)

        return identify

    def _suppressed_values(self, row: PersonRow) -> bool:
        e = self.entries
        domains = {email.rpartition("@")[2] for email in row.emails}
        return bool(
            e["email"].intersection(row.emails)
            or e["phone"].intersection(row.phones)
            or e["domain"].intersection(domains)
        )

    def _create(self, unknown: list[Pending]) -> list[tuple[int, Event]]:
        """Create the unknown people as the people import would, then find them again."""
        if self.applier is None:
            settings = ApplySettings(
                self.s.batch_id, self.s.now, "fill", CREATED_STAGE, (), self.s.file_name
            )
            self.applier = ChunkApplier(self.conn, settings)
        # Whole rows of their own, as the import has them (their fields, number and cells).
        own = [(n, c, self.normaliser(n, c), e) for n, c, _, e in unknown]
        self.applier.apply([person for _, _, person, _ in own])
        found, lost = self._match(own)
        for number, cells, _, _ in lost:  # cannot happen: each was just stored with its keys
            self._reject(number, cells, UNKNOWN)
        return found

    def _newly_created(self, pids: list[int]) -> int:
        """How many of these people this file created and has not counted yet: the first
        row of each created person counts as created, the rest as any other row."""
        if self.applier is None:
            return 0
        first = self.applier.first_new_id
        fresh = {pid for pid in pids if pid >= first} - self.credited
        self.credited |= fresh
        return len(fresh)

    def _activity(self, pid: int, event: Event) -> NewActivity:
        self.people.add(pid)
        s = self.s
        return NewActivity(
            pid, event.type, event.ts, event.detail, event.amount, event.currency, s.batch_id, s.now
        )


def _for_matching(row: PersonRow) -> PersonRow:
    """What matching needs of a row (its keys, what identity.exact compares, the reason it
    is no one), kept for every distinct person of a big file, so kept small. Its empty
    parts are shared: such a row is only read."""
    fields = {name: row.fields[name] for name in _IDENTITY_FIELDS if name in row.fields}
    return PersonRow(
        row_number=0,
        cells=_NO_CELLS,
        fields=fields,
        emails=row.emails,
        phones=row.phones,
        custom=_NOTHING,
        invalid=_NOTHING,
        flags=_NO_CELLS,
        tags=_NO_CELLS,
        keys=row.keys,
        reject=row.reject,
    )


def _ambiguous(keys: list[Key], matches: dict[Key, list[int]]) -> str:
    if any(key[0] in STRONG_KINDS and key in matches for key in keys):
        return AMBIGUOUS_STRONG
    kind = next((k for k, v in keys if len(matches.get((k, v), ())) > 1), "phone")
    word = _WEAK_WORDS.get(kind, kind)
    return (
        f"ambiguous: several people share this {word}; add a personal email or a LinkedIn profile"
    )
