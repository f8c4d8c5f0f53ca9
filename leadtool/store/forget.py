"""The SQL of forgetting a person: erase every row that holds their data, keep only hashes.

Called inside the caller's write transaction, with `secure_delete` on so that erased bytes
are overwritten rather than left in free pages (PITFALLS #9). Needles are the values that
name only this person (their emails, phones and profile, normalised and as their imported
cells held them; see `Needles`); rows of other tables whose JSON text contains one are
erased too (rejects, merges, other people's history and activity details), and so are
saved segments whose --where expression names one. Export records keep their counts but
lose the person and any filter text naming them. Which values are theirs alone is the
service's call (forget.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

Key = tuple[str, str]

# Every table of the store is either erased from (`erase`, and the suppression list by
# `drop_plain_entries`) or named here with the reason it holds nobody's personal data.
# tests/store/test_forget_schema.py fails when a new table is neither.
NOT_PERSONAL = {
    "_migrations": "the names of the schema changes applied",
    "settings": "the store's own settings and secret",
    "sqlite_sequence": "SQLite's own counters of ids never to reuse (AUTOINCREMENT)",
    "batches": "one row per imported file: its name, mapping, options and counts",
    "source_costs": "what a source of lists cost in all (`leadtool source set-cost`)",
}


def person_identity(conn: sqlite3.Connection, pid: int) -> tuple[list[Key], str | None, str]:
    """(identity keys, name key, casefolded last name) of the person."""
    keys = [
        (str(kind), str(value))
        for kind, value in conn.execute(
            "SELECT kind, value FROM person_keys WHERE person_id = ? ORDER BY kind, value", (pid,)
        )
    ]
    row = conn.execute("SELECT name_key, last_name FROM people WHERE id = ?", (pid,)).fetchone()
    name_key, last = (None, None) if row is None else row
    return keys, name_key, (last or "").strip().casefold()


def held_by_others(conn: sqlite3.Connection, pid: int, keys: Iterable[Key]) -> set[str]:
    """The key values that another stored person holds too (a switchboard, an info@)."""
    shared: set[str] = set()
    for kind, value in keys:
        hit = conn.execute(  # the primary key (kind, value, person_id): one look-up each
            "SELECT 1 FROM person_keys WHERE kind = ? AND value = ? AND person_id != ? LIMIT 1",
            (kind, value, pid),
        ).fetchone()
        if hit:
            shared.add(value)
    return shared


def raw_cells(conn: sqlite3.Connection, pid: int) -> set[tuple[str, str]]:
    """(field, cell) of the email and phone cells of every imported row of the person."""
    found: set[tuple[str, str]] = set()
    rows = conn.execute(
        "SELECT b.mapping, r.data FROM import_rows r JOIN batches b ON b.id = r.batch_id "
        "WHERE r.person_id = ?",
        (pid,),
    )
    for mapping, data in rows:
        fields = [field for _, field in json.loads(mapping)]
        cells = json.loads(data)
        found.update(
            (field, cell.strip())
            for field, cell in zip(fields, cells, strict=False)
            if field in ("email", "phone") and _distinctive(cell)
        )
    return found


def _distinctive(cell: str) -> bool:
    """Only a cell that can name one person is searched for ("n/a" would erase everyone)."""
    return "@" in cell or sum(ch.isdigit() for ch in cell) >= 6


@dataclass(frozen=True)
class Needles:
    """What rows of other tables are searched for, to erase the ones that name the person.

    `alone`: values that name only this person; any row whose text holds one goes.
    `paired`: values the person shares with colleagues, each with their last name; only a
    rejected row holding both goes (it may be theirs), never a colleague's record."""

    alone: frozenset[str]
    paired: frozenset[tuple[str, str]] = frozenset()


def erase(conn: sqlite3.Connection, pid: int, needles: Needles) -> dict[str, int]:
    """Delete the person and every row mentioning a needle; rows deleted per table."""
    found = sorted({n.lower() for n in needles.alone if n})
    erased = {
        "people": _delete(conn, "DELETE FROM people WHERE id = ?", (pid,)),
        "person_keys": _delete(conn, "DELETE FROM person_keys WHERE person_id = ?", (pid,)),
        "person_batches": _delete(conn, "DELETE FROM person_batches WHERE person_id = ?", (pid,)),
        "tags": _delete(conn, "DELETE FROM tags WHERE person_id = ?", (pid,)),
        "contacts": _delete(conn, "DELETE FROM contacts WHERE person_id = ?", (pid,)),
        "scores": _delete(conn, "DELETE FROM scores WHERE person_id = ?", (pid,)),
        # A scoring run keeps its rules' text; a rule's where may name the person. The run
        # stays (other people's scores name it) with its text blanked.
        "score_runs": _blank_rules(conn, found),
        "events": _by_text(conn, "events", "detail", "person_id = ?", pid, found),
        # What they did, and any other event whose free-text detail names them.
        "activities": _by_text(conn, "activities", "detail", "person_id = ?", pid, found),
        "import_rows": _by_text(conn, "import_rows", "data", "person_id = ?", pid, found),
        "merges": _by_text(
            conn, "merges", "kept_before || merged_before", "? IN (kept_id, merged_id)", pid, found
        ),
        "rejects": _by_text(conn, "rejects", "data", None, pid, found),
        # A saved filter such as "email = 'jane@...'" names the person: it goes too.
        "segments": _by_text(conn, "segments", "expr", None, pid, found),
        # "Not the same" decisions of `leadtool dedupe` that name the person by id.
        "dedupe_decisions": _delete(
            conn, "DELETE FROM dedupe_decisions WHERE ? IN (a_id, b_id)", (pid,)
        ),
        "export_people": _delete(conn, "DELETE FROM export_people WHERE person_id = ?", (pid,)),
        "exports": _erase_export_filters(conn, found),
    }
    erased["rejects"] += _paired_rejects(conn, needles.paired)
    return erased


def _paired_rejects(conn: sqlite3.Connection, pairs: Iterable[tuple[str, str]]) -> int:
    n = 0
    for value, last in sorted(pairs):
        n += _delete(
            conn,
            "DELETE FROM rejects WHERE instr(lower(data), ?) AND lt_mentions(data, ?) "
            "AND lt_mentions(data, ?)",
            (value.lower(), value, last),
        )
    return n


def _erase_export_filters(conn: sqlite3.Connection, needles: list[str]) -> int:
    """An export's filter or file name that names the person loses its text; the export
    stays, with its counts. Any containing text counts ("jane@x.com.csv"): blanking the
    text of a record loses nobody's data."""
    n = 0
    for needle in needles:
        for column in ("expr", "file_name"):
            n += _delete(
                conn,
                f"UPDATE exports SET {column} = '(erased: it named a forgotten person)' "
                f"WHERE instr(lower({column}), ?)",
                (needle,),
            )
    return n


def _by_text(
    conn: sqlite3.Connection,
    table: str,
    text: str,
    own: str | None,
    pid: int,
    needles: list[str],
) -> int:
    """Delete rows that belong to the person or whose JSON text mentions any needle as a
    whole value (lt_mentions; `instr` first, in C, picks the few rows worth looking at)."""
    n = 0 if own is None else _delete(conn, f"DELETE FROM {table} WHERE {own}", (pid,))
    for needle in needles:
        quoted = json.dumps(needle, ensure_ascii=False)[1:-1]
        n += _delete(
            conn,
            f"DELETE FROM {table} WHERE (instr(lower({text}), ?) AND lt_mentions({text}, ?)) "
            f"OR (instr(lower({text}), ?) AND lt_mentions({text}, ?))",
            (needle, needle, quoted, quoted),
        )
    return n


def _blank_rules(conn: sqlite3.Connection, needles: list[str]) -> int:
    """Blank the rules text of every scoring run that mentions a needle as a whole value."""
    n = 0
    for needle in needles:
        quoted = json.dumps(needle, ensure_ascii=False)[1:-1]
        for value in {needle, quoted}:
            n += conn.execute(
                "UPDATE score_runs SET rules_text = '' WHERE rules_text != '' "
                "AND instr(lower(rules_text), ?) AND lt_mentions(rules_text, ?)",
                (value, value),
            ).rowcount
    return n


def _delete(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> int:
    return conn.execute(sql, params).rowcount


def drop_plain_entries(conn: sqlite3.Connection, emails: set[str], phones: set[str]) -> int:
    """Suppression entries that spell out the person's values: replaced by hashes."""
    n = 0
    for kind, values in (("email", emails), ("phone", phones)):
        for value in values:
            n += _delete(
                conn, "DELETE FROM suppressions WHERE kind = ? AND value = ?", (kind, value)
            )
    return n


# The note on the hashes made by the identity rule (identity/forgotten.py); a hash entry
# without it was made before that rule, of a bare email or phone.
IDENTITY_NOTE = "keyed by identity rule"


def add_hashes(conn: sqlite3.Connection, digests: Iterable[str], now: str) -> int:
    cur = conn.executemany(
        "INSERT OR IGNORE INTO suppressions (kind, value, reason, note, created_at) "
        "VALUES ('hash', ?, 'forgotten', ?, ?)",
        [(d, IDENTITY_NOTE, now) for d in sorted(set(digests))],
    )
    return cur.rowcount


def forgotten_hashes(conn: sqlite3.Connection) -> tuple[frozenset[str], frozenset[str]]:
    """Every active keyed hash: (made by the identity rule, made before it: legacy)."""
    current: set[str] = set()
    legacy: set[str] = set()
    rows = conn.execute(
        "SELECT value, note FROM suppressions WHERE kind = 'hash' AND removed_at IS NULL"
    )
    for value, note in rows:
        (current if note == IDENTITY_NOTE else legacy).add(str(value))
    return frozenset(current), frozenset(legacy)


def identity_keys(conn: sqlite3.Connection) -> Iterator[tuple[int, list[Key], str | None]]:
    """(person id, identity keys, name key) of every stored person who has keys."""
    cur = conn.execute(
        "SELECT k.person_id, k.kind, k.value, p.name_key FROM person_keys k "
        "JOIN people p ON p.id = k.person_id ORDER BY k.person_id"
    )
    pid, name_key = -1, None
    keys: list[Key] = []
    for person, kind, value, key in cur:
        if person != pid:
            if keys:
                yield pid, keys, name_key
            pid, keys, name_key = int(person), [], key
        keys.append((str(kind), str(value)))
    if keys:
        yield pid, keys, name_key
