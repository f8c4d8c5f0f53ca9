"""Reading and checking a rules file: TOML text -> `Rules`, or every mistake with its line.

Owns `parse_rules`. Pure: no store, no clock, no files (service.py reads them). Each check
reports a `Problem` at the line and column of the value at fault (positions.py finds them,
since tomllib gives none), and all checks run, so a marketer sees every mistake at once.
A `where` is compiled by the store's own --where compiler, and its error's column is moved
to the file's column.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from datetime import UTC, datetime

from leadtool.errors import UsageError
from leadtool.filters import compile_where, fields_named
from leadtool.normalize.activity import ACTIVITY_TYPES
from leadtool.normalize.stages import STAGES, stage_rank
from leadtool.scoring.model import (
    DEFAULT_NURTURE_DAYS,
    DEFAULT_NURTURE_STAGES,
    EngagementRule,
    FitRule,
    Problem,
    Rules,
    RulesCheck,
    Trigger,
)
from leadtool.scoring.positions import Positions, Spot, TablePath, index

KINDS = ("fit", "engagement", "trigger")
# What a scoring run decides: a points rule reading them would score from the last run.
SCORED_FIELDS = frozenset({"score", "fit", "engagement", "status"})
TABLES = {"caps": ("total", "groups"), "nurture": ("after_days", "stages")}
KEYS = {
    "fit": ("name", "where", "points", "group"),
    "engagement": (
        "name",
        "activity",
        "points",
        "count",
        "half_life_days",
        "window_days",
        "where",
        "group",
    ),
    "trigger": ("name", "to", "where", "activity", "min_score"),
}
# compile_where validates only; its `now` anchors "30 days ago", which cannot be wrong.
_CHECK_NOW = datetime(2000, 1, 1, tzinfo=UTC)
_WHERE_ERROR = re.compile(r"--where: (?P<problem>.*) at column (?P<col>\d+)(?P<hint>; .*)?$")
_TOML_ERROR = re.compile(r"(?P<problem>.*) \(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_TOML_END = re.compile(r"(?P<problem>.*) \(at end of document\)$")


def parse_rules(text: str, file: str) -> RulesCheck:
    """Check the rules file `file` whose content is `text`; the rules only if all is well."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return RulesCheck(file, (_toml_problem(str(exc), text),), None)
    checker = _Checker(index(text))
    rules = checker.rules(data)
    problems = tuple(sorted(checker.problems, key=lambda p: (p.line, p.col)))
    return RulesCheck(file, problems, None if problems else rules)


def _has_condition(table: dict[str, object]) -> bool:
    """Whether a trigger says whom it moves: an empty `where` would move everyone."""
    for key in ("where", "activity", "min_score"):
        value = table.get(key)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return True
    return False


def _toml_problem(message: str, text: str) -> Problem:
    """tomllib's message, its position taken out of the text and put in front."""
    if match := _TOML_ERROR.match(message):
        problem = match["problem"]
        return Problem(int(match["line"]), int(match["col"]), f"not valid TOML: {problem}")
    if match := _TOML_END.match(message):
        lines = text.splitlines() or [""]
        return Problem(len(lines), len(lines[-1]) + 1, f"not valid TOML: {match['problem']}")
    return Problem(1, 1, f"not valid TOML: {message}")


class _Checker:
    """Collects the problems of one file while it builds its rules."""

    def __init__(self, positions: Positions) -> None:
        self.positions = positions
        self.problems: list[Problem] = []
        self.names: dict[str, tuple[TablePath, Spot]] = {}  # name -> its first rule
        self.groups: dict[str, str] = {}  # group -> the kind of its rules (fit or engagement)

    def report(self, spot: Spot, message: str) -> None:
        self.problems.append(Problem(spot.line, spot.col, message))

    def rules(self, data: dict[str, object]) -> Rules:
        for key in data:
            if key not in (*KINDS, *TABLES):
                self._unknown_key((), key, (*KINDS, *TABLES))
        fit = tuple(self._fit(p, t) for p, t in self._rule_tables(data, "fit"))
        engagement = tuple(self._engagement(p, t) for p, t in self._rule_tables(data, "engagement"))
        triggers = tuple(self._trigger(p, t) for p, t in self._rule_tables(data, "trigger"))
        total_cap, group_caps = self._caps(self._table(data, "caps"))
        nurture = self._table(data, "nurture")
        after = self._whole(("nurture",), nurture, "after_days")
        return Rules(
            fit=tuple(r for r in fit if r is not None),
            engagement=tuple(r for r in engagement if r is not None),
            triggers=tuple(r for r in triggers if r is not None),
            group_caps=group_caps,
            total_cap=total_cap,
            nurture_after_days=DEFAULT_NURTURE_DAYS if after is None else after,
            nurture_stages=self._nurture_stages(nurture),
        )

    def _nurture_stages(self, nurture: dict[str, object]) -> tuple[str, ...]:
        value = nurture.get("stages")
        if value is None:
            return DEFAULT_NURTURE_STAGES
        spot = self.positions.value(("nurture",), "stages")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.report(spot, 'write nurture.stages as a list of stages, like ["lead", "mql"]')
            return DEFAULT_NURTURE_STAGES
        stages = tuple(v.strip().casefold() for v in value)
        for stage in stages:
            if stage not in STAGES or stage == "other":
                known = ", ".join(s for s in STAGES if s != "other")
                self.report(spot, f"unknown stage {stage!r} in nurture.stages; stages are: {known}")
        return stages

    # The shape of the file: arrays of rule tables, plain tables, known keys.

    def _rule_tables(
        self, data: dict[str, object], kind: str
    ) -> list[tuple[TablePath, dict[str, object]]]:
        value = data.get(kind, [])
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            self.report(self.positions.key((), kind), f"write each {kind} rule as [[{kind}]]")
            return []
        tables: list[tuple[TablePath, dict[str, object]]] = [
            ((kind, i), table) for i, table in enumerate(value)
        ]
        for path, table in tables:
            self._known_keys(path, table, KEYS[kind])
        return tables

    def _table(self, data: dict[str, object], name: str) -> dict[str, object]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            self.report(self.positions.value((), name), f"write {name} as a table, [{name}]")
            return {}
        self._known_keys((name,), value, TABLES[name])
        return value

    def _known_keys(
        self, path: TablePath, table: dict[str, object], known: tuple[str, ...]
    ) -> None:
        for key in table:
            if key not in known:
                self._unknown_key(path, key, known)

    def _unknown_key(self, path: TablePath, key: str, known: tuple[str, ...]) -> None:
        where = (
            f"in [{'.'.join(str(p) for p in path if isinstance(p, str))}]" if path else "at the top"
        )
        close = difflib.get_close_matches(key, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f"; known: {', '.join(known)}"
        self.report(self.positions.key(path, key), f"unknown key {key!r} {where}{hint}")

    # One rule of each kind.

    def _fit(self, path: TablePath, table: dict[str, object]) -> FitRule | None:
        name = self._name(path, table)
        where = self._where(path, table, required=True, scored=False)
        if where is not None and not where.strip():
            message = "a fit rule's where cannot be empty (for everyone: 'created is not empty')"
            self.report(self.positions.value(path, "where"), message)
            where = None
        points = self._number(path, table, "points", required=True)
        group = self._group(path, table, "fit")
        if name is None or where is None or points is None:
            return None
        return FitRule(name, where, points, group, self.positions.table(path).line)

    def _engagement(self, path: TablePath, table: dict[str, object]) -> EngagementRule | None:
        name = self._name(path, table)
        activity = self._activity(path, table, required=True)
        points = self._number(path, table, "points", required=True)
        counted, max_events = self._count(path, table)
        half_life = self._number(path, table, "half_life_days", positive=True)
        window = self._whole(path, table, "window_days")
        if "half_life_days" in table and "window_days" in table:  # even if one is wrong too
            self.report(
                self.positions.key(path, "window_days"),
                "a rule has a decay (half_life_days) or a window (window_days), not both",
            )
        where = self._where(path, table, required=False, scored=False)
        group = self._group(path, table, "engagement")
        if name is None or activity is None or points is None or where is None or not counted:
            return None
        line = self.positions.table(path).line
        return EngagementRule(
            name, activity, points, max_events, half_life, window, where, group, line
        )

    def _trigger(self, path: TablePath, table: dict[str, object]) -> Trigger | None:
        name = self._name(path, table)
        to = self._stage(path, table)
        where = self._where(path, table, required=False)
        activity = self._activity(path, table, required=False)
        min_score = self._number(path, table, "min_score")
        if not _has_condition(table):
            self.report(
                self.positions.table(path),
                "a trigger needs a condition: where, activity or min_score",
            )
            return None
        if name is None or to is None or where is None:
            return None
        return Trigger(name, to, where, activity, min_score, self.positions.table(path).line)

    def _caps(self, caps: dict[str, object]) -> tuple[float | None, tuple[tuple[str, float], ...]]:
        total = self._number(("caps",), caps, "total", positive=True)
        groups = caps.get("groups", {})
        if not isinstance(groups, dict):
            self.report(self.positions.value(("caps",), "groups"), "write caps.groups as a table")
            return total, ()
        found = []
        for group in groups:
            cap = self._number(("caps", "groups"), groups, group, positive=True)
            if group not in self.groups:
                message = f"no rule is in group {group!r}"
                self.report(self.positions.key(("caps", "groups"), group), message)
            elif cap is not None:
                found.append((group, cap))
        return total, tuple(found)

    # Values.

    def _name(self, path: TablePath, table: dict[str, object]) -> str | None:
        name = self._text(path, table, "name", required=True)
        if name is None:
            return None
        if not name.strip():
            self.report(self.positions.value(path, "name"), "a rule's name cannot be empty")
            return None
        spot = self.positions.value(path, "name")
        first, at = self.names.setdefault(name.strip().casefold(), (path, spot))
        if first != path:
            self.report(spot, f"duplicate rule name {name!r} (first at line {at.line})")
        return name.strip()

    def _where(
        self, path: TablePath, table: dict[str, object], *, required: bool, scored: bool = True
    ) -> str | None:
        """The rule's where, checked; `scored` False: it may not read what scoring decides."""
        expr = self._text(path, table, "where", required=required)
        if expr is None:
            return None if required else ""
        try:
            compile_where(expr, now=_CHECK_NOW)
        except UsageError as exc:
            self._where_problem(path, str(exc))
            return None
        circular = sorted(fields_named(expr) & SCORED_FIELDS)
        if not scored and circular:
            message = (
                f"{'an' if path[0] == 'engagement' else 'a'} {path[0]} rule's where cannot use "
                f"{', '.join(circular)}: scoring decides it (use it in a trigger)"
            )
            self.report(self.positions.value(path, "where"), message)
            return None
        return expr

    def _where_problem(self, path: TablePath, message: str) -> None:
        spot = self.positions.value(path, "where")
        match = _WHERE_ERROR.match(message)
        if match is None:
            self.report(spot, f"bad where: {message.removeprefix('--where: ')}")
            return
        at = self.positions.inside(spot, int(match["col"]) - 1)
        self.report(at, f"bad where: {match['problem']}{match['hint'] or ''}")

    def _activity(self, path: TablePath, table: dict[str, object], *, required: bool) -> str | None:
        activity = self._text(path, table, "activity", required=required)
        if activity is None or activity in ACTIVITY_TYPES:
            return activity
        close = difflib.get_close_matches(activity, ACTIVITY_TYPES, n=1)
        hint = (
            f" (did you mean {close[0]!r}?)" if close else f"; known: {', '.join(ACTIVITY_TYPES)}"
        )
        self.report(
            self.positions.value(path, "activity"), f"unknown activity type {activity!r}{hint}"
        )
        return None

    def _stage(self, path: TablePath, table: dict[str, object]) -> str | None:
        stage = self._text(path, table, "to", required=True)
        if stage is None:
            return None
        spot = self.positions.value(path, "to")
        if stage.casefold() not in STAGES:
            self.report(spot, f"unknown stage {stage!r}; stages are: {', '.join(STAGES)}")
            return None
        if stage_rank(stage.casefold()) <= 0:
            self.report(spot, f"a trigger to {stage!r} moves nobody: triggers only move forward")
            return None
        return stage.casefold()

    def _group(self, path: TablePath, table: dict[str, object], kind: str) -> str | None:
        group = self._text(path, table, "group")
        if group is None:
            return None
        other = self.groups.setdefault(group, kind)
        if other != kind:
            message = f"group {group!r} already holds {other} rules: a group caps one kind"
            self.report(self.positions.value(path, "group"), message)
        return group

    def _count(self, path: TablePath, table: dict[str, object]) -> tuple[bool, int | None]:
        """Whether `count` is right, and the most events counted: None (each), 1 (once), N."""
        value = table.get("count", "each")
        if value == "each":
            return True, None
        if value == "once":
            return True, 1
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return True, value
        message = 'count is "once", "each" or a whole number of times at most (like 3)'
        self.report(self.positions.value(path, "count"), message)
        return False, None

    def _text(
        self, path: TablePath, table: dict[str, object], key: str, *, required: bool = False
    ) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.report(self.positions.table(path), f"this rule has no {key}")
            return None
        if not isinstance(value, str):
            self.report(self.positions.value(path, key), f"{key} must be text, in quotes")
            return None
        return value

    def _number(
        self,
        path: TablePath,
        table: dict[str, object],
        key: str,
        *,
        required: bool = False,
        positive: bool = False,
    ) -> float | None:
        value = table.get(key)
        if value is None:
            if required:
                self.report(self.positions.table(path), f"this rule has no {key}")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(self.positions.value(path, key), f"{key} must be a number")
            return None
        if not math.isfinite(value):
            self.report(self.positions.value(path, key), f"{key} must be a finite number")
            return None
        if positive and value <= 0:
            self.report(self.positions.value(path, key), f"{key} must be more than 0")
            return None
        return value

    def _whole(self, path: TablePath, table: dict[str, object], key: str) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.report(self.positions.value(path, key), f"{key} must be a whole number above 0")
            return None
        return value
