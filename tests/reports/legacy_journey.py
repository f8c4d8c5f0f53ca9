"""The reports SQL as it was before the one-pass rewrite (frozen): the reference that
store/report_journey.py must agree with, figure by figure, on random stores.

Owns `build_journeys`, which writes one row per person into the temporary table `journey`
(when they first held each stage, when they first reached it, how long their first stay in
it lasted), and the funnel and growth aggregates read from it: funnel counts, time-in-stage
histograms, people per stage and 15-minute slot. The sources report's SQL, which reads the
journey too, is in report_sources.py. Only aggregates leave SQLite: the service
(leadtool/reports) shapes them with pandas and never sees a person.

A person's history is read, never today's stage alone: the stage the person was created
with (the `from` of their first stage event, else today's stage, at `created_at`), every
`stage` event's `to` (from an import, `stage set`, a scoring rule or a first purchase, which
store/purchases.py records as a move to customer dated at the sale: who moved the person
does not matter), all up to the report's `now`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from leadtool.normalize.stages import STAGES, stage_rank

FUNNEL = tuple(s for s in STAGES if stage_rank(s) >= 0)  # subscriber ... customer
TOP = len(FUNNEL) - 1
NEVER = 1 << 62  # larger than any epoch: stands for "not yet" in min() over several columns
# A first stay is packed as (entered - EPOCH0) * 2**32 + seconds in the stage, so that one
# min() per stage finds both the first entry and how long it lasted (one scan, no second
# window); STILL in the low bits means the person has not left yet.
EPOCH0 = 946_684_800  # 2000-01-01: times from then until 2068 pack into 64 bits
SHIFT = 1 << 32
STILL = SHIFT - 1
# Larger than any event id: the first column's min() below packs the id with the stage.
_PURCHASE_ORDER = 1 << 53


def rank_sql(expr: str) -> str:
    """The funnel position (0 subscriber .. 5 customer, -1 other or unknown) of a stage."""
    whens = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(FUNNEL))
    return f"(CASE {expr} {whens} ELSE -1 END)"


@dataclass(frozen=True)
class Scope:
    """Who is in a report: a compiled --where over `people`, and the clock (epoch)."""

    where: str = "1"
    params: tuple[object, ...] = ()
    now: int = 0


def build_journeys(
    conn: sqlite3.Connection, scope: Scope, *, stays: bool = False, held: bool = True
) -> None:
    """Fill temp.journey: per person, first time reached `x{k}` (held it or any later
    stage: a skipped stage is reached); with `held` the entry rank `e`, first time held
    `h{k}` and first import `fb`; with `stays` `d{k}`, the seconds of the first stay in k
    (NULL: never held, or still there). Only the columns a report reads are written:
    the table is scanned once per figure, and a narrow one is scanned faster.

    Two steps: temp.moves sums up each person's stage events (one GROUP BY,
    and a window over those rows only when stays are asked for); then every person in
    scope is read once, with their moves looked up by id."""
    for table in ("journey", "moves"):
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    conn.execute(_MOVES_TABLE)
    once = (*scope.params, scope.now)
    conn.execute(_moves_sql(scope.where, scope.now, stays=stays), scope.params)
    conn.execute(_journey_table(stays=stays, held=held))
    conn.execute(_journey_sql(scope.where, stays=stays, held=held), once)


_K = range(TOP + 1)
_MOVES_TABLE = (
    "CREATE TEMP TABLE moves (pid INTEGER PRIMARY KEY, first_from INTEGER, cend INTEGER, "
    + ", ".join(f"m{k} INTEGER, mx{k} INTEGER, f{k} INTEGER" for k in _K)
    + ")"
)
# The next row's time ends a stay; a move dated before the person was created ends at the
# creation, which is not one of these rows.
_NEXT = "(CASE WHEN t < c AND (nxt0 IS NULL OR nxt0 > c) THEN c ELSE nxt0 END)"


def _pack(start: str, end: str) -> str:
    return f"({start} - {EPOCH0}) * {SHIFT} + coalesce({end} - {start}, {STILL})"


def _moves_sql(where: str, now: int, *, stays: bool) -> str:
    """Per person with stage events or a sale: the `from` of their first stage event (the
    stage they were created with: the id orders stage changes as they were written, and
    is packed with it so that one min() finds it), when they first left the stage they
    were created in (cend), first moved into each stage (m{k}) or any later one (mx{k}),
    and packed first stays (f{k}). Moves after `now` (an integer, never user text) are
    left out, and a stay they end is still going on; what a person was created as is
    known from their first move whenever it happened."""
    to_rank = rank_sql("json_extract(e.detail, '$.to')")
    from_rank = rank_sql("json_extract(e.detail, '$.from')")
    upto = f"t <= {int(now)}"
    columns = [
        f"(min(CASE WHEN o < {_PURCHASE_ORDER} THEN o * 8 + fr + 1 END) % 8) - 1",
        f"min(CASE WHEN t >= c AND {upto} THEN t END)" if stays else "NULL",
    ]
    nxt = f"(CASE WHEN nxt1 <= {int(now)} THEN nxt1 END)"
    for k in _K:
        columns.append(f"min(CASE WHEN r = {k} AND {upto} THEN t END)")
        columns.append(f"min(CASE WHEN r >= {k} AND {upto} THEN t END)")
        columns.append(
            f"min(CASE WHEN r = {k} AND {upto} THEN {_pack('t', nxt)} END)" if stays else "NULL"
        )
    rows = (
        f"SELECT *, {_NEXT} AS nxt1 FROM (SELECT *, lead(t) OVER (PARTITION BY pid ORDER BY t, o) "
        "AS nxt0 FROM ev)"
        if stays
        else "SELECT * FROM ev"
    )
    # The person's row is needed for a --where, and for stays (when they were created).
    join = "JOIN people ON people.id = e.person_id" if stays or where != "1" else ""
    created = "unixepoch(people.created_at)" if stays else "NULL"
    return f"""
INSERT INTO temp.moves
WITH ev AS (
    SELECT e.person_id AS pid, {to_rank} AS r, {from_rank} AS fr, unixepoch(e.at) AS t,
           e.id AS o, {created} AS c
    FROM events e {join}
    WHERE e.kind = 'stage' AND ({where})
)
SELECT pid, {", ".join(columns)} FROM ({rows}) GROUP BY pid ORDER BY pid
"""


def _journey_columns(*, stays: bool, held: bool) -> list[str]:
    names = ["e", "fb", *(f"h{k}" for k in _K)] if held else []
    names += [f"x{k}" for k in _K]
    return names + ([f"d{k}" for k in _K] if stays else [])


def _journey_table(*, stays: bool, held: bool) -> str:
    """temp.journey, keyed by person: the sources report looks people up in it by id."""
    cols = ", ".join(f"{n} INTEGER" for n in _journey_columns(stays=stays, held=held))
    return f"CREATE TEMP TABLE journey (pid INTEGER PRIMARY KEY, {cols})"


def _journey_sql(where: str, *, stays: bool, held: bool) -> str:
    """One row per person in scope created by `now`: their moves, and the stage they were
    created in (the first move's `from`, else today's stage) held from `created_at`.

    Written so that each output column reads the inner columns once: SQLite substitutes
    the inner query's expressions into the outer one, so a column used twice is computed
    twice, a million times."""
    cols = ["e", "fb"] if held else []
    for k in _K if held else ():
        cols.append(f"CASE WHEN e = {k} THEN min(c, coalesce(m{k}, {NEVER})) ELSE m{k} END AS h{k}")
    for k in _K:
        cols.append(
            f"CASE WHEN e >= {k} THEN min(c, coalesce(mx{k}, {NEVER})) ELSE mx{k} END AS x{k}"
        )
    if stays:
        created = _pack("c", "cend")
        for k in _K:
            packed = (
                f"(CASE WHEN e = {k} THEN min({created}, coalesce(f{k}, {NEVER})) ELSE f{k} END)"
            )
            cols.append(f"nullif({packed} % {SHIFT}, {STILL}) AS d{k}")
    moves = ", ".join(f"m.m{k}, m.mx{k}, m.f{k}" for k in _K)
    return f"""
INSERT INTO temp.journey
SELECT pid, {", ".join(cols)} FROM (
    SELECT people.id AS pid, unixepoch(people.created_at) AS c, people.first_batch_id AS fb,
           coalesce(m.first_from, {rank_sql("people.stage")}) AS e, m.cend, {moves}
    FROM people LEFT JOIN temp.moves m ON m.pid = people.id
    WHERE ({where}) AND unixepoch(people.created_at) <= ?
)
"""


def _strict(k: int) -> str:
    """Held every stage from the one they entered at up to k, each first entered in order."""
    if k == 0:
        return "(e = 0)"
    return f"(h{k} IS NOT NULL AND (e = {k} OR ({_strict(k - 1)} AND h{k} >= h{k - 1})))"


Bound = int | None  # an end of the [since, until) range; None: open (the journey ends at now)


def _in_range(col: str, since: Bound, until: Bound) -> str:
    """The range test of a column; with both ends open just `IS NOT NULL` (a million rows
    are tested per stage, so the test that is always true is left out)."""
    parts = [f"{col} IS NOT NULL"]
    if since is not None:
        parts.append(f"{col} >= :since")
    if until is not None:
        parts.append(f"{col} < :until")
    return f"({' AND '.join(parts)})"


GROUPS = {
    "all": "''",
    "source": "coalesce((SELECT b.source FROM batches b WHERE b.id = fb), '')",
    "cohort": "(x0 / 900)",  # the 15-minute slot people entered the funnel in
}


def funnel_counts(
    conn: sqlite3.Connection, group: str, since: Bound, until: Bound, *, strict: bool
) -> list[dict[str, Any]]:
    """Per group and stage: reached (in the range), skipped (reached without holding it).

    Cohorts (`group='cohort'`) are chosen by when they entered the funnel and followed up to
    `now`; otherwise a stage counts the people who reached it within [since, until)."""
    key = GROUPS[group]
    cols = []
    for k in range(TOP + 1):
        when = "1" if group == "cohort" else _in_range(f"x{k}", since, until)
        counted = f"({_strict(k)} AND {when})" if strict else f"(x{k} IS NOT NULL AND {when})"
        cols.append(f"sum({counted}) AS reached{k}")
        cols.append(f"sum({counted} AND h{k} IS NULL) AS skipped{k}")
        # Conversion numerators: of those, who came through the stage before (strict: did
        # not enter at k), and who came all the way from the first stage.
        cols.append(
            f"sum({counted} AND e < {k}) AS moved{k}" if strict else f"sum({counted}) AS moved{k}"
        )
        cols.append(
            f"sum({counted} AND e = 0) AS fromtop{k}" if strict else f"sum({counted}) AS fromtop{k}"
        )
    where = _in_range("x0", since, until) if group == "cohort" else "1"
    sql = f"SELECT {key} AS grp, {', '.join(cols)} FROM temp.journey WHERE {where} GROUP BY grp"
    cur = conn.execute(sql, {"since": since, "until": until})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]


def stay_histogram(
    conn: sqlite3.Connection, since: Bound, until: Bound
) -> list[tuple[int, float, int]]:
    """(stage, days rounded to 0.01, people) of first stays that ended, entered in range."""
    parts = [
        f"SELECT {k} AS k, round(d{k} / 86400.0, 2) AS days, count(*) AS n FROM temp.journey "
        f"WHERE d{k} IS NOT NULL AND {_in_range(f'h{k}', since, until)} GROUP BY days"
        for k in range(TOP + 1)
    ]
    cur = conn.execute(" UNION ALL ".join(parts), {"since": since, "until": until})
    return [(int(k), float(days), int(n)) for k, days, n in cur]


def stay_summary(conn: sqlite3.Connection, since: Bound, until: Bound) -> list[dict[str, Any]]:
    """Per stage: people whose first stay ended (and its exact mean), and those still in it,
    of the people who first entered it in the range; one scan for every stage."""
    cols = []
    for k in range(TOP + 1):
        entered = _in_range(f"h{k}", since, until)
        cols += [
            f"sum({entered} AND d{k} IS NOT NULL)",
            f"avg(CASE WHEN {entered} THEN d{k} END) / 86400.0",
            f"sum({entered} AND d{k} IS NULL)",
        ]
    row = conn.execute(
        f"SELECT {', '.join(cols)} FROM temp.journey", {"since": since, "until": until}
    ).fetchone()
    return [
        {
            "k": k,
            "left_stage": row[3 * k] or 0,
            "mean_days": row[3 * k + 1],
            "still": row[3 * k + 2] or 0,
        }
        for k in range(TOP + 1)
    ]


def reached_slots(
    conn: sqlite3.Connection, since: Bound, until: Bound
) -> list[tuple[int, int, int]]:
    """(stage, 15-minute slot, people who reached the stage in it): growth's raw counts.
    Slots of 15 minutes fall wholly inside one local day in every time zone in use."""
    parts = [
        f"SELECT {k}, x{k} / 900 AS slot, count(*) FROM temp.journey "
        f"WHERE {_in_range(f'x{k}', since, until)} GROUP BY slot"
        for k in range(TOP + 1)
    ]
    cur = conn.execute(" UNION ALL ".join(parts), {"since": since, "until": until})
    return [(int(k), int(slot), int(n)) for k, slot, n in cur]


def first_event(conn: sqlite3.Connection) -> int | None:
    """The earliest time anyone in the journey table reached the funnel."""
    row = conn.execute("SELECT min(x0) FROM temp.journey").fetchone()
    return None if row[0] is None else int(row[0])


def dicts(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    """The rows of a cursor as dicts by column name."""
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]
