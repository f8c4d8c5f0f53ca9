"""The SQL of a scoring run: rule parts, caps, new scores, triggers and nurture, set-based.

A run works in temporary tables on the caller's connection, inside the caller's write
transaction: `lt_scope` (the people scored), `lt_parts` (one row per person per rule that
gave them points, and per cap that took some away), `lt_new` (each person's new fit,
engagement and score). Every rule is one INSERT ... SELECT over `people` or `activities`:
no Python loop per person. `where`/`params` are compiled --where expressions (only `?`
placeholders, never user text); rule numbers and points are bound parameters too.

Points are rounded to hundredths where each part is made, and totals are sums of those
rounded parts, so an explanation's parts add up exactly to the stored score.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from leadtool.normalize.stages import STAGES, stage_rank
from leadtool.store.purchases import apply_purchases

DAY = 86400

# Kinds of part: what gave or took the points.
FIT, ENGAGEMENT, TOTAL_CAP = "fit", "engagement", "total_cap"
CAP_OF = {FIT: "fit_cap", ENGAGEMENT: "engagement_cap"}  # a group holds one kind of rule


@dataclass(frozen=True)
class Part:
    """One line of an explanation: a rule's points for one person, or a cap's cut."""

    person_id: int
    rule: int  # the rule's number in the run (caps: numbered after the rules)
    kind: str
    events: int | None  # engagement: the events counted
    raw: float  # points before decay (a cap: the points it limited)
    points: float  # what it adds to the score (after decay, or the cap's negative cut)


def begin_run(conn: sqlite3.Connection, scope: tuple[str, tuple[object, ...]] | None) -> int:
    """Make the run's temporary tables; scope the people (None: everyone). People counted."""
    conn.execute("DROP TABLE IF EXISTS temp.lt_scope")
    conn.execute("DROP TABLE IF EXISTS temp.lt_parts")
    conn.execute("DROP TABLE IF EXISTS temp.lt_new")
    conn.execute("CREATE TEMP TABLE lt_scope (id INTEGER PRIMARY KEY)")
    conn.execute(
        "CREATE TEMP TABLE lt_parts (person_id INTEGER NOT NULL, rule INTEGER NOT NULL, "
        "kind TEXT NOT NULL, events INTEGER, raw REAL NOT NULL, points REAL NOT NULL)"
    )
    where, params = scope if scope is not None else ("1", ())
    conn.execute(f"INSERT INTO lt_scope (id) SELECT id FROM people WHERE {where}", params)
    return int(conn.execute("SELECT count(*) FROM lt_scope").fetchone()[0])


def end_run(conn: sqlite3.Connection) -> None:
    for table in (
        "lt_scope",
        "lt_parts",
        "lt_new",
        "lt_moves",
        "lt_fit",
        "lt_last",
        "lt_status",
        "lt_sums",
    ):
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")


def add_fits(
    conn: sqlite3.Connection, rules: Sequence[tuple[int, float, str, tuple[object, ...]]]
) -> None:
    """Each scoped person each fit rule (number, points, where, params) selects gets its points.

    Every rule's where is evaluated in one scan of `people` into a narrow temporary table of
    answers, which each rule then reads: one pass over the wide rows, not one per rule.
    """
    if not rules:
        return
    answers = ", ".join(f"({where}) AS b{i}" for i, (_, _, where, _) in enumerate(rules))
    params = tuple(p for _, _, _, ps in rules for p in ps)
    conn.execute("DROP TABLE IF EXISTS temp.lt_fit")
    conn.execute(
        f"CREATE TEMP TABLE lt_fit AS SELECT people.id AS id, {answers} "
        "FROM lt_scope s CROSS JOIN people ON people.id = s.id",
        params,
    )
    for i, (rule, points, _, _) in enumerate(rules):
        conn.execute(
            "INSERT INTO lt_parts (person_id, rule, kind, events, raw, points) "
            f"SELECT id, ?, '{FIT}', NULL, ?, round(?, 2) FROM lt_fit WHERE b{i}",
            (rule, points, points),
        )
    conn.execute("DROP TABLE temp.lt_fit")


def add_engagement(
    conn: sqlite3.Connection,
    rule: int,
    *,
    activity: str,
    points: float,
    max_events: int | None,
    half_life_days: float | None,
    window_days: int | None,
    now_ts: int,
    where: str | None,
    params: tuple[object, ...],
) -> None:
    """`points` per event of `activity` up to `now_ts` (the latest `max_events` when capped),
    each times 0.5 ** (age / half-life) when it decays, only within the window when it has one."""
    since = -(2**62) if window_days is None else now_ts - window_days * DAY
    decay: tuple[object, ...] = ()
    factor = "1.0"
    if half_life_days is not None:
        factor = "pow(0.5, (? - e.ts) / ?)"
        decay = (now_ts, float(half_life_days * DAY))  # a float: SQLite divides ints as ints
    who = (
        "" if where is None else f"AND a.person_id IN (SELECT people.id FROM people WHERE {where})"
    )
    ranked = ", 1 AS n"
    limit: tuple[object, ...] = ()
    if max_events is not None:  # the latest events count: with a decay, they give the most
        ranked = ", row_number() OVER (PARTITION BY a.person_id ORDER BY a.ts DESC, a.id DESC) AS n"
        limit = (max_events,)
    conn.execute(
        "INSERT INTO lt_parts (person_id, rule, kind, events, raw, points) "
        f"SELECT e.person_id, ?, '{ENGAGEMENT}', count(*), count(*) * ?, "
        f"round(sum(? * {factor}), 2) FROM ("
        f"SELECT a.person_id, a.ts{ranked} FROM lt_scope s CROSS JOIN activities a "
        "ON a.person_id = s.id AND a.type = ? AND a.ts <= ? AND a.ts >= ? "
        f"{who}) e {'WHERE e.n <= ?' if limit else ''} GROUP BY e.person_id",
        (rule, points, points, *decay, activity, now_ts, since, *params, *limit),
    )


@dataclass(frozen=True)
class GroupCap:
    number: int  # the cap's number in the run, after the rules'
    kind: str  # FIT or ENGAGEMENT: the kind of the group's rules
    rules: tuple[int, ...]
    cap: float


def compute_new_scores(
    conn: sqlite3.Connection, caps: Sequence[GroupCap], total: tuple[int, float] | None
) -> None:
    """`lt_new`: every scoped person's fit, engagement and score from their parts, after
    the caps; each cap that cuts a person's points is a part of its own (for explanations).

    One grouped pass over the parts gives each person's sums per kind and per capped group.
    A group cap cuts the kind of points its group holds; the total cap's cut counts in the
    score only: score = fit + engagement - that cut. A person with no part scores 0. Sums
    are rounded to hundredths where a part is made, so the parts add up to the totals.
    """
    groups = "".join(
        f", round(sum(CASE WHEN rule IN ({', '.join(str(r) for r in c.rules)}) "
        f"THEN points ELSE 0 END), 2) AS g{i}"
        for i, c in enumerate(caps)
    )
    conn.execute("DROP TABLE IF EXISTS temp.lt_sums")
    conn.execute(
        "CREATE TEMP TABLE lt_sums AS SELECT person_id, "
        f"sum(CASE WHEN kind = '{FIT}' THEN points ELSE 0 END) AS fit, "
        f"sum(CASE WHEN kind = '{ENGAGEMENT}' THEN points ELSE 0 END) AS engagement"
        f"{groups} FROM lt_parts GROUP BY person_id"
    )
    cuts = {FIT: "0", ENGAGEMENT: "0"}
    for i, c in enumerate(caps):
        conn.execute(
            "INSERT INTO lt_parts (person_id, rule, kind, events, raw, points) "
            f"SELECT person_id, ?, '{CAP_OF[c.kind]}', NULL, g{i}, round(? - g{i}, 2) "
            f"FROM lt_sums WHERE g{i} > ?",
            (c.number, c.cap, c.cap),
        )
        cut = f"CASE WHEN g{i} > {float(c.cap)!r} THEN round({float(c.cap)!r} - g{i}, 2) ELSE 0 END"
        cuts[c.kind] += f" + {cut}"
    conn.execute(
        "CREATE TEMP TABLE lt_new (person_id INTEGER PRIMARY KEY, fit REAL NOT NULL, "
        "engagement REAL NOT NULL, score REAL NOT NULL)"
    )
    conn.execute(
        "INSERT INTO lt_new (person_id, fit, engagement, score) SELECT person_id, "
        f"round(fit + {cuts[FIT]}, 2), round(engagement + {cuts[ENGAGEMENT]}, 2), 0 FROM lt_sums"
    )
    conn.execute("UPDATE lt_new SET score = round(fit + engagement, 2)")
    if total is not None:
        number, cap = total
        conn.execute(
            "INSERT INTO lt_parts (person_id, rule, kind, events, raw, points) "
            f"SELECT person_id, ?, '{TOTAL_CAP}', NULL, score, round(? - score, 2) "
            "FROM lt_new WHERE score > ?",
            (number, cap, cap),
        )
        conn.execute("UPDATE lt_new SET score = ? WHERE score > ?", (cap, cap))
    conn.execute(
        "INSERT OR IGNORE INTO lt_new (person_id, fit, engagement, score) "
        "SELECT id, 0, 0, 0 FROM lt_scope"
    )
    conn.execute("DROP TABLE temp.lt_sums")


def parts_of(conn: sqlite3.Connection) -> list[Part]:
    """Every part of the run, by person then rule: what an explanation shows."""
    cur = conn.execute(
        "SELECT person_id, rule, kind, events, raw, points FROM lt_parts ORDER BY person_id, rule"
    )
    return [Part(int(p), int(r), str(k), e, float(raw), float(pts)) for p, r, k, e, raw, pts in cur]


def new_scores(conn: sqlite3.Connection) -> dict[int, tuple[float, float, float]]:
    """person -> (fit, engagement, score) of the run (for explanations of a few people)."""
    cur = conn.execute("SELECT person_id, fit, engagement, score FROM lt_new")
    return {int(p): (float(f), float(e), float(s)) for p, f, e, s in cur}


def start_record(
    conn: sqlite3.Connection, at: str, now_ts: int, rules_file: str, rules_text: str
) -> int:
    cur = conn.execute(
        "INSERT INTO score_runs (at, now_ts, rules_file, rules_text) VALUES (?, ?, ?, ?)",
        (at, now_ts, rules_file, rules_text),
    )
    return int(cur.lastrowid or 0)


def finish_record(conn: sqlite3.Connection, run_id: int, people: int, changed: int) -> None:
    conn.execute(
        "UPDATE score_runs SET people = ?, changed = ? WHERE id = ?", (people, changed, run_id)
    )


def drop_record(conn: sqlite3.Connection, run_id: int) -> None:
    """A run that changed nothing leaves no record, unless a score names it (a person
    scored for the first time at 0, or one whose run's rules were no longer kept)."""
    conn.execute(
        "DELETE FROM score_runs WHERE id = ? AND NOT EXISTS "
        "(SELECT 1 FROM scores WHERE run_id = ?)",
        (run_id, run_id),
    )


def write_scores(conn: sqlite3.Connection, run_id: int) -> int:
    """Store the new scores where they differ from the stored ones; how many changed.

    A person scored for the first time gets a row (status 'active' until nurture decides);
    it counts as a change only when their score is not the 0 they read as before. Unchanged
    rows are not rewritten, so a second run writes nothing.
    """
    changed = int(
        conn.execute(
            "SELECT count(*) FROM lt_new n LEFT JOIN scores s ON s.person_id = n.person_id "
            "WHERE coalesce(s.fit, 0) != n.fit OR coalesce(s.engagement, 0) != n.engagement "
            "OR coalesce(s.score, 0) != n.score"
        ).fetchone()[0]
    )
    conn.execute(
        "UPDATE scores SET fit = n.fit, engagement = n.engagement, score = n.score, run_id = ? "
        "FROM lt_new n WHERE n.person_id = scores.person_id AND (scores.fit IS NOT n.fit "
        "OR scores.engagement IS NOT n.engagement OR scores.score IS NOT n.score)",
        (run_id,),
    )
    # An unchanged score whose run's rules are no longer kept (forgetting a person a rule
    # named blanks them) is explained by this run from now on: it gives the same score.
    conn.execute(
        "UPDATE scores SET run_id = ? WHERE person_id IN (SELECT person_id FROM lt_new) "
        "AND run_id NOT IN (SELECT id FROM score_runs WHERE rules_text != '')",
        (run_id,),
    )
    conn.execute(
        "INSERT INTO scores (person_id, fit, engagement, score, status, run_id) "
        "SELECT n.person_id, n.fit, n.engagement, n.score, 'active', ? FROM lt_new n "
        "WHERE NOT EXISTS (SELECT 1 FROM scores s WHERE s.person_id = n.person_id)",
        (run_id,),
    )
    return changed


def score_changes(conn: sqlite3.Connection, limit: int) -> list[tuple[int, float, float]]:
    """A sample of (person, stored score, new score) that differ: what a dry run shows."""
    cur = conn.execute(
        "SELECT n.person_id, coalesce(s.score, 0), n.score FROM lt_new n "
        "LEFT JOIN scores s ON s.person_id = n.person_id "
        "WHERE coalesce(s.score, 0) IS NOT n.score ORDER BY n.person_id LIMIT ?",
        (limit,),
    )
    return [(int(p), float(old), float(new)) for p, old, new in cur]


def make_customers(conn: sqlite3.Connection, now: str) -> int:
    """The scoped people whose first sale is stored become customers (store/purchases.py)."""
    return apply_purchases(conn, None, now, scope="people.id IN (SELECT id FROM lt_scope)")


def apply_trigger(
    conn: sqlite3.Connection,
    *,
    rule: str,
    to: str,
    where: str,
    params: tuple[object, ...],
    activity: str | None,
    min_score: float | None,
    now_ts: int,
    at: str,
    sample: int,
) -> tuple[int, list[tuple[int, str]]]:
    """Move the scoped people a trigger selects forward to `to`: (how many, a sample of
    (person, old stage)). Each move is a history entry naming the rule and the score then.

    Only people in an earlier stage of the funnel: nobody goes back, a customer stays a
    customer, and `other` (a partner, a competitor: not a prospect) is left to people.
    """
    earlier = [s for s in STAGES if s != "other" and stage_rank(s) < stage_rank(to)]
    test = [f"people.stage IN ({', '.join('?' for _ in earlier)})", f"({where})"]
    args: list[object] = [*earlier, *params]
    if activity is not None:
        test.append(
            "EXISTS (SELECT 1 FROM activities a WHERE a.person_id = people.id AND a.type = ? "
            "AND a.ts <= ?)"
        )
        args += [activity, now_ts]
    if min_score is not None:
        test.append("n.score >= ?")
        args.append(min_score)
    conn.execute("DROP TABLE IF EXISTS temp.lt_moves")
    conn.execute(
        "CREATE TEMP TABLE lt_moves AS SELECT people.id AS person_id, people.stage AS old, "
        "n.score AS score FROM lt_new n CROSS JOIN people ON people.id = n.person_id "
        f"WHERE {' AND '.join(test)}",
        args,
    )
    moved = int(conn.execute("SELECT count(*) FROM lt_moves").fetchone()[0])
    if not moved:
        return 0, []
    conn.execute(
        "UPDATE people SET stage = ?, stage_changed_at = ?, updated_at = ? "
        "WHERE id IN (SELECT person_id FROM lt_moves)",
        (to, at, at),
    )
    conn.execute(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) "
        "SELECT person_id, NULL, ?, 'stage', json_object('from', old, 'reason', ?, 'rule', ?, "
        "'score', score, 'to', ?) FROM lt_moves ORDER BY person_id",
        (at, f"rule: {rule}", rule, to),
    )
    rows = conn.execute(
        "SELECT person_id, old FROM lt_moves ORDER BY person_id LIMIT ?", (sample,)
    ).fetchall()
    return moved, [(int(p), str(o)) for p, o in rows]


def apply_statuses(
    conn: sqlite3.Connection,
    *,
    stages: Sequence[str],
    after_days: int,
    now_ts: int,
    at: str,
    sample: int,
) -> tuple[int, int, list[tuple[int, str, str, str]]]:
    """Decide and store every scoped person's status: (became nurturing, active again, a
    sample of (person, old, new, reason)). Each change is a history entry with its reason.

    A person in a nurtured stage is nurturing when their last sign of life (their latest
    activity up to now, or when they were added if they have none or none since) is
    `after_days` old or more ("no activity for 90 days" holds from the 90th day); everyone
    else is active. A person active again says which
    activity brought them back, or that their stage is not nurtured.
    """
    marks = ", ".join("?" for _ in stages) or "NULL"
    conn.execute("DROP TABLE IF EXISTS temp.lt_last")
    conn.execute(
        # The latest event per person in one ordered pass over the (person_id, ...) index
        # (a third of the time of a search per person at 1M); SQLite takes the bare `type`
        # from the row holding max(ts).
        "CREATE TEMP TABLE lt_last AS SELECT a.person_id AS person_id, max(a.ts) AS ts, "
        "a.type AS type FROM activities a WHERE a.ts <= ? "
        "AND a.person_id IN (SELECT id FROM lt_scope) GROUP BY a.person_id",
        (now_ts,),
    )
    conn.execute("CREATE UNIQUE INDEX temp.lt_last_person ON lt_last(person_id)")
    conn.execute("DROP TABLE IF EXISTS temp.lt_status")
    conn.execute(
        "CREATE TEMP TABLE lt_status AS WITH d AS (SELECT s.id AS person_id, "
        "people.stage IN (" + marks + ") AS watched, l.ts AS ts, l.type AS type, "
        "CAST(strftime('%s', people.created_at) AS INTEGER) AS added, "
        "coalesce(sc.status, 'active') AS old FROM lt_scope s "
        "CROSS JOIN people ON people.id = s.id LEFT JOIN lt_last l ON l.person_id = s.id "
        "LEFT JOIN scores sc ON sc.person_id = s.id), "
        "e AS (SELECT *, CASE WHEN watched AND max(coalesce(ts, added), added) <= ? "
        "THEN 'nurturing' ELSE 'active' END AS new FROM d) "
        "SELECT person_id, old, new, CASE "
        "WHEN new = 'nurturing' AND (ts IS NULL OR ts < added) THEN "
        "'no activity since they were added on ' || date(added, 'unixepoch') "
        "WHEN new = 'nurturing' THEN 'no activity since ' || date(ts, 'unixepoch') "
        "WHEN NOT watched THEN 'stage ' || (SELECT stage FROM people WHERE id = person_id) "
        "|| ' is not nurtured' "
        "WHEN ts IS NULL THEN 'active again' "
        "ELSE 'active again: ' || type || ' on ' || date(ts, 'unixepoch') END AS reason "
        "FROM e WHERE new != old",
        (*stages, now_ts - after_days * DAY),
    )
    conn.execute(
        "UPDATE scores SET status = c.new, status_reason = c.reason, status_since = ? "
        "FROM lt_status c WHERE c.person_id = scores.person_id",
        (at,),
    )
    conn.execute(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) "
        "SELECT person_id, NULL, ?, 'status', json_object('from', old, 'reason', reason, "
        "'to', new) FROM lt_status ORDER BY person_id",
        (at,),
    )
    nurturing, active = conn.execute(
        "SELECT coalesce(sum(new = 'nurturing'), 0), coalesce(sum(old = 'nurturing' "
        "AND new = 'active'), 0) FROM lt_status"
    ).fetchone()
    rows = conn.execute(
        "SELECT person_id, old, new, reason FROM lt_status ORDER BY person_id LIMIT ?", (sample,)
    ).fetchall()
    conn.execute("DROP TABLE temp.lt_last")
    conn.execute("DROP TABLE temp.lt_status")
    return int(nurturing), int(active), [(int(p), str(o), str(n), str(r)) for p, o, n, r in rows]


_STORED_KEYS = (
    "fit",
    "engagement",
    "score",
    "status",
    "status_reason",
    "status_since",
    "run_id",
    "now_ts",
    "rules_file",
    "rules_text",
    "scored_at",
)


def stored_scores(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """person -> their stored score with its run's rules and clock (the never scored absent)."""
    cur = conn.execute(
        "SELECT s.person_id, s.fit, s.engagement, s.score, s.status, s.status_reason, "
        "s.status_since, s.run_id, r.now_ts, r.rules_file, r.rules_text, r.at FROM scores s "
        "LEFT JOIN score_runs r ON r.id = s.run_id "
        "WHERE s.person_id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(ids)),),
    )
    return {int(row[0]): dict(zip(_STORED_KEYS, row[1:], strict=True)) for row in cur}
