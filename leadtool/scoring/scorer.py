"""Scoring a store: `leadtool score`, the nightly qualify step, and `people show`'s explanation.

Owns `score_store` and `explain`. A run recomputes fit, engagement and score from the events
and the rules (never by adding to a stored number), stores what changed, makes customers of
people with a first sale, applies the triggers in the file's order (forward only), and then
nurture. Each rule compiles to one SQL statement (store/scoring.py): nothing loops over
people in Python. A dry run does all of it in the write transaction and rolls it back, so
what it reports is exactly what a real run would do.

An explanation is made by the same code for the people asked about, with the rules text and
the clock of the run that stored their score, so its parts add up to the stored score. If
the person's data or events changed since, the two differ and the explanation says so.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from leadtool.filters import compile_where
from leadtool.normalize.stages import STAGES
from leadtool.scoring.model import Rules
from leadtool.scoring.rules import parse_rules
from leadtool.store import scoring as sql
from leadtool.store.connection import DEFAULT_WRITE_WAIT, Store, iso_utc, write_transaction

SAMPLE = 10  # people a dry run shows per kind of change


@dataclass
class ScoreReport:
    rules_file: str
    now: str
    people: int = 0  # scored (matching --where)
    score_changed: int = 0
    customers: int = 0  # made customers by their first sale
    moved: dict[str, int] = field(default_factory=dict)  # trigger name -> people moved
    nurturing: int = 0  # became nurturing
    reactivated: int = 0  # nurturing before, active again
    dry_run: bool = False
    seconds: float = 0.0
    samples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def stage_changed(self) -> int:
        return self.customers + sum(self.moved.values())

    @property
    def status_changed(self) -> int:
        return self.nurturing + self.reactivated

    def as_json(self) -> dict[str, Any]:
        return {
            "rules_file": self.rules_file,
            "now": self.now,
            "dry_run": self.dry_run,
            "people": self.people,
            "score_changed": self.score_changed,
            "stage_changed": self.stage_changed,
            "customers": self.customers,
            "moved_by_trigger": self.moved,
            "status_changed": self.status_changed,
            "nurturing": self.nurturing,
            "reactivated": self.reactivated,
            "samples": self.samples,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class Line:
    """One line of an explanation."""

    rule: str
    kind: str  # fit | engagement | fit_cap | engagement_cap | total_cap
    events: int | None
    raw: float  # points before decay (a cap: the points it limited)
    points: float  # added to the score (a cap: negative)

    decays: bool = False  # the rule has a half-life

    @property
    def decay(self) -> float | None:
        """The factor decay left of the raw points (None: the rule does not decay)."""
        if not self.decays or self.raw == 0:
            return None
        return round(self.points / self.raw, 4)

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "kind": self.kind,
            "events": self.events,
            "raw": self.raw,
            "decay": self.decay,
            "points": self.points,
        }


@dataclass(frozen=True)
class Explanation:
    lines: tuple[Line, ...]
    fit: float
    engagement: float
    score: float
    stored: tuple[float, float, float]  # (fit, engagement, score) as stored
    status: str
    status_reason: str | None
    scored_at: str
    rules_file: str
    rules_kept: bool = (
        True  # False: the run's rules are gone (forget blanked a rule naming someone)
    )

    @property
    def current(self) -> bool:
        """The parts add up to the stored score (False: data changed since it was scored)."""
        return self.rules_kept and (self.fit, self.engagement, self.score) == self.stored

    @property
    def cap_cut(self) -> float:
        """What the cap on the score took away (0 when none): score = fit + engagement - it."""
        return round(sum(line.points for line in self.lines if line.kind == "total_cap"), 2)

    def as_json(self) -> dict[str, Any]:
        return {
            "score": self.stored[2],
            "fit": self.stored[0],
            "engagement": self.stored[1],
            "status": self.status,
            "status_reason": self.status_reason,
            "scored_at": self.scored_at,
            "rules_file": self.rules_file,
            "parts": [line.as_json() for line in self.lines],
            "cap_cut": self.cap_cut,
            "current": self.current,
            "rules_kept": self.rules_kept,
        }


class _DryRun(Exception):
    """Raised inside the write transaction to roll a dry run back."""


def score_store(
    store: Store,
    rules: Rules,
    *,
    rules_file: str,
    rules_text: str,
    now: datetime,
    where: str | None = None,
    dry_run: bool = False,
    wait: float | None = None,
) -> ScoreReport:
    """Score the people `where` selects (everyone when None) with `rules` at time `now`."""
    started = time.monotonic()
    scope = None
    if where is not None and where.strip():
        compiled = compile_where(where, now=now)
        scope = (compiled.sql, compiled.params)
    report = ScoreReport(rules_file, iso_utc(now), dry_run=dry_run)
    try:
        with write_transaction(store, wait=DEFAULT_WRITE_WAIT if wait is None else wait) as conn:
            _run(conn, rules, report, scope, now, rules_text)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    finally:
        sql.end_run(store.conn)
    report.seconds = time.monotonic() - started
    return report


def _run(
    conn: Any,
    rules: Rules,
    report: ScoreReport,
    scope: tuple[str, tuple[object, ...]] | None,
    now: datetime,
    rules_text: str,
) -> None:
    at, now_ts = iso_utc(now), int(now.timestamp())
    report.people = sql.begin_run(conn, scope)
    _compute(conn, rules, now)
    report.samples["score"] = [
        {"id": pid, "from": old, "to": new} for pid, old, new in sql.score_changes(conn, SAMPLE)
    ]
    run_id = sql.start_record(conn, at, now_ts, report.rules_file, rules_text)
    report.score_changed = sql.write_scores(conn, run_id)
    report.customers = sql.make_customers(conn, at)
    report.samples = {"score": report.samples["score"], "stage": [], "status": []}
    # Statuses first, so a trigger reading `status` reads today's; then the triggers and
    # statuses again until nothing moves: a move by one trigger may meet another's
    # conditions (a subscriber made a lead, then a lead of 60 points an MQL), and a second
    # run must find nothing left to do. Moves only go forward, so this ends.
    changed = _statuses(conn, rules, report, now_ts, at)
    for _ in range(len(STAGES) + 1):
        if not _triggers(conn, rules, report, now, at):
            break
        changed += _statuses(conn, rules, report, now_ts, at)
    if report.score_changed or report.stage_changed or changed:
        sql.finish_record(conn, run_id, report.people, report.score_changed)
    else:
        sql.drop_record(conn, run_id)


def _triggers(conn: Any, rules: Rules, report: ScoreReport, now: datetime, at: str) -> int:
    """One pass of the triggers, in the file's order; how many people moved."""
    total = 0
    for trigger in rules.triggers:
        compiled = compile_where(trigger.where, now=now)
        moved, sample = sql.apply_trigger(
            conn,
            rule=trigger.name,
            to=trigger.to,
            where=compiled.sql,
            params=compiled.params,
            activity=trigger.activity,
            min_score=trigger.min_score,
            now_ts=int(now.timestamp()),
            at=at,
            sample=SAMPLE,
        )
        report.moved[trigger.name] = report.moved.get(trigger.name, 0) + moved
        total += moved
        room = SAMPLE - len(report.samples["stage"])
        report.samples["stage"] += [
            {"id": pid, "from": old, "to": trigger.to, "rule": trigger.name}
            for pid, old in sample[:room]
        ]
    return total


def _statuses(conn: Any, rules: Rules, report: ScoreReport, now_ts: int, at: str) -> int:
    """Decide and store the statuses; how many changed."""
    nurturing, reactivated, changes = sql.apply_statuses(
        conn,
        stages=rules.nurture_stages,
        after_days=rules.nurture_after_days,
        now_ts=now_ts,
        at=at,
        sample=SAMPLE,
    )
    report.nurturing += nurturing
    report.reactivated += reactivated
    room = SAMPLE - len(report.samples["status"])
    report.samples["status"] += [
        {"id": pid, "from": old, "to": new, "reason": reason}
        for pid, old, new, reason in changes[:room]
    ]
    return nurturing + reactivated  # a status is active or nurturing: each change is one


def _compute(conn: Any, rules: Rules, now: datetime) -> tuple[list[str], set[int]]:
    """Fill the run's parts and new scores for the scoped people: the name of each part,
    and the numbers of the rules whose points decay."""
    names: list[str] = []
    decaying: set[int] = set()
    now_ts = int(now.timestamp())
    by_group: dict[tuple[str, str], list[int]] = {}
    fits = []
    for rule in rules.fit:
        compiled = compile_where(rule.where, now=now)
        fits.append((len(names), rule.points, compiled.sql, compiled.params))
        if rule.group is not None:
            by_group.setdefault((rule.group, sql.FIT), []).append(len(names))
        names.append(rule.name)
    sql.add_fits(conn, fits)
    for act in rules.engagement:
        who = compile_where(act.where, now=now) if act.where.strip() else None
        sql.add_engagement(
            conn,
            len(names),
            activity=act.activity,
            points=act.points,
            max_events=act.max_events,
            half_life_days=act.half_life_days,
            window_days=act.window_days,
            now_ts=now_ts,
            where=None if who is None else who.sql,
            params=() if who is None else who.params,
        )
        if act.group is not None:
            by_group.setdefault((act.group, sql.ENGAGEMENT), []).append(len(names))
        if act.half_life_days is not None:
            decaying.add(len(names))
        names.append(act.name)
    caps: list[sql.GroupCap] = []
    for group, cap in rules.group_caps:
        for (name, kind), numbers in by_group.items():
            if name == group:
                caps.append(sql.GroupCap(len(names), kind, tuple(numbers), cap))
                names.append(f"cap on group {group}: at most {cap:g}")
    total = None
    if rules.total_cap is not None:
        total = (len(names), rules.total_cap)
        names.append(f"cap on the score: at most {rules.total_cap:g}")
    sql.compute_new_scores(conn, caps, total)
    return names, decaying


def explain(store: Store, person_id: int) -> Explanation | None:
    """How the person's stored score adds up, rule by rule (None: never scored)."""
    return explain_many(store, [person_id]).get(person_id)


def explain_many(store: Store, person_ids: list[int]) -> dict[int, Explanation]:
    """`explain` for many people at once: one computation per scoring run they were scored in."""
    stored = sql.stored_scores(store.conn, person_ids)
    by_run: dict[int | None, list[int]] = {}
    for pid, row in stored.items():
        by_run.setdefault(row["run_id"], []).append(pid)
    found: dict[int, Explanation] = {}
    for ids in by_run.values():
        first = stored[ids[0]]
        rules = _run_rules(first)
        lines: dict[int, list[Line]] = {}
        new: dict[int, tuple[float, float, float]] = {}
        if rules is not None:
            lines, new = _recompute(store, rules, int(first["now_ts"]), ids)
        for pid in ids:
            row = stored[pid]
            found[pid] = Explanation(
                lines=tuple(lines.get(pid, ())),
                fit=new.get(pid, (0.0, 0.0, 0.0))[0],
                engagement=new.get(pid, (0.0, 0.0, 0.0))[1],
                score=new.get(pid, (0.0, 0.0, 0.0))[2],
                stored=(float(row["fit"]), float(row["engagement"]), float(row["score"])),
                status=str(row["status"]),
                status_reason=row["status_reason"],
                scored_at=str(row["scored_at"] or ""),
                rules_file=str(row["rules_file"] or ""),
                rules_kept=rules is not None,
            )
    return found


def _recompute(
    store: Store, rules: Rules, now_ts: int, ids: list[int]
) -> tuple[dict[int, list[Line]], dict[int, tuple[float, float, float]]]:
    """The parts and totals of `ids` with `rules` at `now_ts`, in temporary tables only."""
    conn = store.conn
    try:
        sql.begin_run(conn, ("people.id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)))
        names, decaying = _compute(conn, rules, datetime.fromtimestamp(now_ts, UTC))
        lines: dict[int, list[Line]] = {}
        for p in sql.parts_of(conn):
            lines.setdefault(p.person_id, []).append(
                Line(names[p.rule], p.kind, p.events, p.raw, p.points, p.rule in decaying)
            )
        return lines, sql.new_scores(conn)
    finally:
        sql.end_run(conn)


def _run_rules(stored: dict[str, Any]) -> Rules | None:
    """The rules the person's score was made with (None: that run's record is gone)."""
    text = stored.get("rules_text")
    if not isinstance(text, str) or not text:  # no run, or its text blanked by forget
        return None
    return parse_rules(text, str(stored["rules_file"])).rules
