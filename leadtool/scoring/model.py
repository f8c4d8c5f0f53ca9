"""The rules of a checked rules file, as frozen values: what scoring and triggers will read.

Owns the rule types and `Rules`. Only a file without a single mistake becomes a `Rules`
(scoring/rules.py checks it), so code that scores can trust every value here: activity types
are known, stages exist, `where` expressions compile, and a rule has a decay or a window, not both.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_NURTURE_DAYS = 90
DEFAULT_NURTURE_STAGES = ("lead", "mql")  # PRODUCT.md: leads and MQLs are nurtured, not dead


@dataclass(frozen=True)
class FitRule:
    """Points for who a person is: everyone `where` selects gets `points` (may be negative)."""

    name: str
    where: str
    points: float
    group: str | None
    line: int  # where the rule is written, for explanations that name it


@dataclass(frozen=True)
class EngagementRule:
    """Points for what a person did: `points` per event of `activity`.

    `max_events` None counts each event, 1 counts once, N at most N. `half_life_days` halves an
    event's points every so many days; `window_days` counts only events that recent.
    """

    name: str
    activity: str
    points: float
    max_events: int | None
    half_life_days: float | None
    window_days: int | None
    where: str  # "" for everyone
    group: str | None
    line: int


@dataclass(frozen=True)
class Trigger:
    """Moves the people who meet every condition given forward to stage `to`, never back."""

    name: str
    to: str
    where: str  # "" when not given
    activity: str | None  # at least one event of this type
    min_score: float | None  # score (fit + engagement) at least this
    line: int


@dataclass(frozen=True)
class Rules:
    fit: tuple[FitRule, ...]
    engagement: tuple[EngagementRule, ...]
    triggers: tuple[Trigger, ...]  # in the file's order: the order they are applied
    group_caps: tuple[tuple[str, float], ...]  # (group, most points its rules give together)
    total_cap: float | None  # the most a score can be
    nurture_after_days: int
    nurture_stages: tuple[str, ...] = DEFAULT_NURTURE_STAGES  # the stages nurture watches


@dataclass(frozen=True)
class Problem:
    """One mistake in a rules file, where it is written."""

    line: int
    col: int
    message: str

    def render(self, file: str) -> str:
        return f"{file}:{self.line}:{self.col}: {self.message}"


@dataclass(frozen=True)
class RulesCheck:
    """What `rules check` found: every problem, and the rules when there is none."""

    file: str
    problems: tuple[Problem, ...]
    rules: Rules | None

    @property
    def ok(self) -> bool:
        return not self.problems
