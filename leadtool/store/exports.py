"""The SQL of `leadtool export`: who is exported, who is held back, and the export record.

Every query selects from `people` with the same three conditions, in this order of meaning:
the user's compiled --where (parameters bound), NOT suppressed (store/suppression.py), and
the preset's requirements (a valid email ...). Columns are named by field (`COLUMN_SQL` or a
people column), never by user text. Formula-safety for CSV is applied here, in SQL, by the
rule of leadtool/safecells.py, so a million rows stream straight from the cursor to the file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from leadtool.store.purchases import PURCHASE_SQL
from leadtool.store.queries import in_id_order, other_addresses_sql
from leadtool.store.rows import row_dicts
from leadtool.store.scores import SCORE_SQL
from leadtool.store.suppression import SUPPRESSED_IDS, materialise_suppressed

# Stages as HubSpot's import expects them (its internal lifecycle stage values).
_HUBSPOT_STAGE = (
    "CASE people.stage WHEN 'mql' THEN 'marketingqualifiedlead' "
    "WHEN 'sql' THEN 'salesqualifiedlead' ELSE people.stage END"
)

# Fields an export can name besides the people columns. A field that reads a row of another
# table by key reads it through a LEFT JOIN (JOINS, added when a field names its alias),
# which costs SQLite less per person than a correlated sub-query.
JOINS: dict[str, str] = {
    "lt_fb": "LEFT JOIN batches lt_fb ON lt_fb.id = people.first_batch_id",
    "lt_c": "LEFT JOIN contacts lt_c ON lt_c.person_id = people.id",
    "lt_s": "LEFT JOIN scores lt_s ON lt_s.person_id = people.id",
    # Who has any purchase, found once (one covering scan of the activities index): see
    # BUYERS_ONLY_SQL.
    "lt_buy": (
        "LEFT JOIN (SELECT DISTINCT a.person_id AS pid FROM activities a "
        "WHERE a.type = 'purchase') lt_buy ON lt_buy.pid = people.id"
    ),
}
_ALL_SOURCES = (
    "(SELECT group_concat(source, '; ') FROM (SELECT b.source FROM person_batches pb "
    "JOIN batches b ON b.id = pb.batch_id WHERE pb.person_id = people.id "
    "AND b.source IS NOT NULL GROUP BY b.source ORDER BY min(b.id)))"
)


# Fields that are lists: a JSON export writes them as arrays (LIST_SQL), the others as text.
LIST_SQL: dict[str, str] = {
    "other_emails": other_addresses_sql("email", as_list=True),
    "other_phones": other_addresses_sql("phone", as_list=True),
}
COLUMN_SQL: dict[str, str] = {
    "other_emails": other_addresses_sql("email", as_list=False),
    "other_phones": other_addresses_sql("phone", as_list=False),
    "tags": (
        "(SELECT group_concat(tag, ', ') FROM "
        "(SELECT tag FROM tags WHERE tags.person_id = people.id ORDER BY tag))"
    ),
    # Most people came from one import: then the list is its source (a third of the cost).
    "sources": (
        "CASE WHEN NOT EXISTS (SELECT 1 FROM person_batches pb WHERE pb.person_id = people.id "
        f"AND pb.batch_id <> people.first_batch_id) THEN lt_fb.source ELSE {_ALL_SOURCES} END"
    ),
    "first_source": "lt_fb.source",
    "hubspot_stage": _HUBSPOT_STAGE,
    "full_name": "trim(coalesce(people.first_name, '') || ' ' || coalesce(people.last_name, ''))",
    "contacted_count": "coalesce(lt_c.count, 0)",
    "last_contacted": "lt_c.last_at",
    "fit": "coalesce(lt_s.fit, 0)",
    "engagement": "coalesce(lt_s.engagement, 0)",
    "score": "coalesce(lt_s.score, 0)",
    "status": "coalesce(lt_s.status, 'active')",
    "last_activity": SCORE_SQL["last_activity"],
    **PURCHASE_SQL,
}
# The purchase fields of an export that reads much of the store (`Selection.scan`): each is
# NULL for a person with no purchase, so the guard changes no value (a test holds them to
# PURCHASE_SQL's) and saves three look-ups per non-buyer, for one scan of the index.
BUYERS_ONLY_SQL: dict[str, str] = {
    f: f"CASE WHEN lt_buy.pid IS NOT NULL THEN {sql} END" for f, sql in PURCHASE_SQL.items()
}

_FLAGGED_INVALID = "',' || coalesce(people.email_flags, '') || ',' LIKE '%,invalid,%'"


@dataclass(frozen=True)
class Requirement:
    reason: str  # why a person is left out, in words
    sql: str  # true for the people who meet it


# What a preset can require of a person; each first unmet one is the reason counted.
REQUIREMENTS: dict[str, tuple[Requirement, ...]] = {
    "valid_email": (  # an invalid address is kept aside, so people.email is empty then
        Requirement("invalid email", f"NOT ({_FLAGGED_INVALID})"),
        Requirement("no email", "coalesce(people.email, '') <> ''"),
    ),
    "last_name_company": (
        Requirement("no last name", "coalesce(people.last_name, '') <> ''"),
        Requirement("no company", "coalesce(people.company, '') <> ''"),
    ),
    "email_or_name": (
        Requirement(
            "no valid email and no first and last name",
            f"(coalesce(people.email, '') <> '' AND NOT ({_FLAGGED_INVALID})) "
            "OR (coalesce(people.first_name, '') <> '' AND coalesce(people.last_name, '') <> '')",
        ),
    ),
}


@dataclass(frozen=True)
class Selection:
    """Who an export selects: a compiled --where and the preset's requirement names."""

    where: str
    params: tuple[object, ...]
    requires: tuple[str, ...] = ()
    limit: int | None = None
    # The store has active suppression entries: the connection must have run `prepare`.
    held: bool = False
    # It matches a large share of the people: read them in id order, not through an index.
    scan: bool = False
    # How many people the --where matches, counted once by `prepare`.
    matching: int | None = None

    def people(self) -> str:
        """The `people` table as the export's row queries read it (see `prepare`)."""
        return "people NOT INDEXED" if self.scan else "people"

    def _met(self) -> str:
        conds = [r.sql for name in self.requires for r in REQUIREMENTS[name]]
        return " AND ".join(f"({c})" for c in conds) or "1"

    def suppressed(self) -> str:
        return SUPPRESSED if self.held else "0"

    def exported_where(self) -> str:
        held = f" AND NOT ({SUPPRESSED})" if self.held else ""
        return f"({self.where}){held} AND {self._met()}"

    def tail(self) -> tuple[str, tuple[object, ...]]:
        if self.limit is None:
            return " ORDER BY people.id", ()
        return " ORDER BY people.id LIMIT ?", (self.limit,)


SUPPRESSED = f"people.id IN (SELECT person_id FROM {SUPPRESSED_IDS})"


def has_suppressions(conn: sqlite3.Connection) -> bool:
    """Any active entry at all: with none, nobody needs looking up."""
    sql = "SELECT 1 FROM suppressions WHERE removed_at IS NULL LIMIT 1"
    return conn.execute(sql).fetchone() is not None


def prepare(conn: sqlite3.Connection, sel: Selection) -> Selection:
    """Ready `conn` for the export's queries: the suppressed people, found once; and the
    way to read the rows, chosen from how many people the filter matches."""
    held = has_suppressions(conn)
    if held:
        materialise_suppressed(conn)
    matching = count_matching(conn, sel)
    return replace(sel, held=held, scan=in_id_order(conn, matching), matching=matching)


def count_matching(conn: sqlite3.Connection, sel: Selection) -> int:
    """People the --where matches. Counted once (`prepare`): a filter that no index serves
    reads the whole table to count."""
    if sel.matching is not None:
        return sel.matching
    row = conn.execute(f"SELECT count(*) FROM people WHERE {sel.where}", sel.params).fetchone()
    return int(row[0])


def count_held_back(conn: sqlite3.Connection, sel: Selection) -> int:
    """People the filter matches who are suppressed: never exported."""
    if not sel.held:
        return 0
    sql = f"SELECT count(*) FROM people WHERE ({sel.where}) AND ({sel.suppressed()})"
    return int(conn.execute(sql, sel.params).fetchone()[0])


def count_left_out(conn: sqlite3.Connection, sel: Selection) -> dict[str, int]:
    """Matched, not suppressed, but missing what the preset needs: count per first reason."""
    reqs = [r for name in sel.requires for r in REQUIREMENTS[name]]
    if not reqs:
        return {}
    held = f" AND NOT ({sel.suppressed()})" if sel.held else ""
    why = " ".join(f"WHEN NOT ({r.sql}) THEN ?" for r in reqs)
    sql = (
        f"SELECT CASE {why} END AS why, count(*) FROM people "
        f"WHERE ({sel.where}){held} AND NOT ({sel._met()}) GROUP BY why"
    )
    params = (*(r.reason for r in reqs), *sel.params)
    counts = {str(w): int(n) for w, n in conn.execute(sql, params) if w is not None}
    return {r.reason: counts[r.reason] for r in reqs if counts.get(r.reason)}


# Fields whose values cannot start with a formula character (numbers, times, fixed
# vocabularies): written as they are, without the formula-safety test.
_NEVER_FORMULAS = frozenset(
    {
        "id",
        "stage",
        "hubspot_stage",
        "country",
        "email_flags",
        "phone_flags",
        "created_at",
        "updated_at",
        "stage_changed_at",
        "last_contacted",
        "contacted_count",
        "norm_version",
        "first_batch_id",
    }
)
# With more custom keys than this, SQLite would parse each person's JSON once per key: the
# caller spreads the JSON in Python instead (one parse per person).
MAX_SQL_CUSTOM_KEYS = 4


def safe_sql(expr: str) -> str:
    """`expr` made formula-safe for a spreadsheet, by the rule of leadtool/safecells.py."""
    starts = "61, 43, 45, 64, 9, 13, 10"  # = + - @ tab CR LF
    # GLOB stops at a NUL character: the byte length proves there is none (digits are ASCII).
    digits = (
        f"({expr} GLOB '[+-][0-9]*' AND substr({expr}, 2) NOT GLOB '*[^0-9]*' "
        f"AND length({expr}) = length(CAST({expr} AS BLOB)))"
    )
    quote = "''''"  # the SQL literal of one apostrophe
    return (
        f"CASE WHEN unicode({expr}) IN ({starts}) AND NOT {digits} "
        f"THEN {quote} || {expr} ELSE {expr} END"
    )


def _custom_sql(key: str) -> tuple[str, str]:
    """SQL reading one custom field of `people`, and its parameter."""
    if any(c in '"\\' or c < " " for c in key):  # a JSON path cannot spell these
        return "(SELECT value FROM json_each(people.custom) WHERE key = ?)", key
    return "(people.custom ->> ?)", f'$."{key}"'


CUSTOM = "custom:"  # a field named "custom:<key>" is that custom field


def select_rows(
    conn: sqlite3.Connection,
    sel: Selection,
    fields: Sequence[str],
    *,
    safe: bool,
    lists: bool = False,
) -> sqlite3.Cursor:
    """The exported people, oldest first: one tuple per person, one value per field (a
    people column, a derived field of COLUMN_SQL, or "custom:<key>"). With `safe`, text
    that a spreadsheet would run is neutralised. With `lists`, a field of LIST_SQL is the
    text of a JSON array.

    The fields are computed in an inner query that SQLite runs as a co-routine (OFFSET 0
    keeps it from being flattened), so a derived field is computed once, not once per use
    in the safety test.
    """
    exprs: list[str] = []
    paths: list[str] = []
    for field in fields:
        if field.startswith(CUSTOM):
            expr, path = _custom_sql(field.removeprefix(CUSTOM))
            exprs.append(expr)
            paths.append(path)
        elif lists and field in LIST_SQL:
            exprs.append(LIST_SQL[field])
        elif sel.scan and field in BUYERS_ONLY_SQL:
            exprs.append(BUYERS_ONLY_SQL[field])
        else:
            exprs.append(COLUMN_SQL.get(field, f"people.{field}"))
    names = [f"c{i}" for i in range(len(exprs))]
    outer = [
        safe_sql(n) if safe and f not in _NEVER_FORMULAS else n
        for n, f in zip(names, fields, strict=True)
    ]
    inner = ", ".join(f"{e} AS {n}" for e, n in zip(exprs, names, strict=True)) or "NULL"
    joins = "".join(f" {join}" for alias, join in JOINS.items() if f"{alias}." in inner)
    limit = -1 if sel.limit is None else sel.limit
    sql = (
        f"SELECT {', '.join(outer) or 'NULL'} FROM (SELECT {inner} FROM {sel.people()}{joins} "
        f"WHERE {sel.exported_where()} "
        "ORDER BY people.id LIMIT ? OFFSET 0)"
    )
    return conn.execute(sql, (*paths, *sel.params, limit))


def custom_keys(conn: sqlite3.Connection, sel: Selection) -> list[str]:
    """Every custom field key the exported people have, in the order they first appear.

    The set comes from one DISTINCT pass (grouping every key of a million people to find
    its first person took twice as long); the order from reading the keys in person order
    only until each has been seen, which is usually among the first people.
    """
    tail, extra = sel.tail()
    keys = (
        "SELECT j.key FROM (SELECT people.id, people.custom "
        f"FROM {sel.people()} WHERE {sel.exported_where()} "
        f"AND people.custom IS NOT NULL AND people.custom <> '{{}}'{tail}) p, "
        "json_each(CASE WHEN json_valid(p.custom) THEN p.custom END) j"
    )
    params = (*sel.params, *extra)
    wanted = {str(r[0]) for r in conn.execute(f"SELECT DISTINCT key FROM ({keys})", params)}
    found: dict[str, None] = {}
    if wanted:
        cur = conn.execute(keys, params)
        try:
            for (key,) in cur:
                found.setdefault(str(key))
                if len(found) == len(wanted):
                    break
        finally:
            cur.close()  # not read to the end: let go of the statement now
    return list(found)


@dataclass(frozen=True)
class ExportRecord:
    at: str
    segment: str | None
    expr: str | None
    preset: str
    format: str
    file_name: str
    columns: tuple[str, ...]
    held_back: int
    left_out: int


def record(conn: sqlite3.Connection, sel: Selection, rec: ExportRecord) -> tuple[int, int]:
    """Remember the export and who was in it; count them as contacted. (id, people)."""
    export_id = conn.execute(
        "INSERT INTO exports (at, segment, expr, preset, format, file_name, columns, "
        "exported, held_back, left_out) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
        (
            rec.at,
            rec.segment,
            rec.expr,
            rec.preset,
            rec.format,
            rec.file_name,
            json.dumps(list(rec.columns), ensure_ascii=False),
            rec.held_back,
            rec.left_out,
        ),
    ).lastrowid
    assert export_id is not None
    tail, extra = sel.tail()
    n = conn.execute(
        f"INSERT INTO export_people (export_id, person_id) SELECT ?, people.id FROM {sel.people()} "
        f"WHERE {sel.exported_where()}{tail}",
        (export_id, *sel.params, *extra),
    ).rowcount
    # A narrow table of its own: a million people contacted is a write of a few tens of MB,
    # not a rewrite of every person's row.
    conn.execute(
        "INSERT INTO contacts (person_id, count, last_at) "
        "SELECT person_id, 1, ? FROM export_people WHERE export_id = ? "
        "ON CONFLICT (person_id) DO UPDATE SET count = count + 1, last_at = excluded.last_at",
        (rec.at, export_id),
    )
    conn.execute("UPDATE exports SET exported = ? WHERE id = ?", (n, export_id))
    return int(export_id), n


def list_exports(conn: sqlite3.Connection, limit: int) -> list[dict[str, Any]]:
    """The most recent exports first."""
    cur = conn.execute(
        "SELECT id, at, segment, expr, preset, format, file_name, columns, exported, "
        "held_back, left_out FROM exports ORDER BY id DESC LIMIT ?",
        (limit,),
    )
    rows = row_dicts(cur)
    for row in rows:
        row["columns"] = json.loads(row["columns"])
    return rows


def middle_id(conn: sqlite3.Connection, sel: Selection, before: int) -> int:
    """The id of the exported person with `before` exported people before them."""
    sql = (
        f"SELECT people.id FROM {sel.people()} "
        f"WHERE {sel.exported_where()} ORDER BY people.id LIMIT 1 OFFSET ?"
    )
    row = conn.execute(sql, (*sel.params, before)).fetchone()
    return int(row[0]) if row else 0
