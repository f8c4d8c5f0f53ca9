"""The reports' options and results, as plain frozen dataclasses.

A figure that divides by zero is None (shown "—" in tables, null in JSON), never inf or NaN.
A rate keeps its numerator and denominator, so every percentage can be checked by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 1
ATTRIBUTIONS = ("first", "last", "even", "all")


@dataclass(frozen=True)
class ReportOptions:
    """What every report takes: who (--where), the range, the zone and the clock."""

    where: str | None = None
    since: str | None = None
    until: str | None = None
    tz: str | None = None
    now: str | None = None


@dataclass(frozen=True)
class Ratio:
    numerator: float
    denominator: float

    @property
    def value(self) -> float | None:
        return None if not self.denominator else self.numerator / self.denominator


def ratio(numerator: float, denominator: float | None) -> Ratio:
    return Ratio(numerator, denominator or 0)


def divide(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class Context:
    """What a reader needs to trust the figures: when, in which zone, over whom."""

    now: str  # ISO-8601 in the report's zone
    timezone: str
    since: str | None
    until: str | None  # exclusive
    where: str | None
    currency: str | None


@dataclass(frozen=True)
class StageRow:
    stage: str
    reached: int
    skipped: int  # reached it by moving past it, never held it
    next_step: Ratio  # reached / reached the stage before
    cumulative: Ratio  # reached / reached the first stage
    median_days: float | None = None  # first stays that ended
    mean_days: float | None = None
    left: int = 0  # people whose first stay ended (the median's and mean's count)
    still: int = 0  # people still in their first stay, counted apart


@dataclass(frozen=True)
class FunnelGroup:
    name: str  # "all", a source, or a cohort month (2026-01)
    stages: tuple[StageRow, ...]
    immature: bool | None = None  # cohorts only: younger than the window


@dataclass(frozen=True)
class FunnelReport:
    context: Context
    by: str | None  # None, "source" or "month"
    strict: bool
    window_days: int
    groups: tuple[FunnelGroup, ...]
    name: str = "funnel"


@dataclass(frozen=True)
class Period:
    label: str  # 2026-01 or 2026-W05
    start: str  # local date the period starts on
    counts: dict[str, int]  # stage -> people who reached it in the period


@dataclass(frozen=True)
class GrowthReport:
    context: Context
    by: str  # week | month
    periods: tuple[Period, ...]
    totals: dict[str, int]
    name: str = "growth"


@dataclass(frozen=True)
class SourceRow:
    """One source (or one import with --batches): what its files held, what it earned."""

    name: str
    batches: tuple[int, ...]
    rows_read: int
    people: int  # people it brought, each once per list
    new: int
    known: int  # already in the store when the list came
    dup_in_file: int  # rows that were a person an earlier row of the same file gave
    dup_in_store: int  # rows that were a person already stored
    rejected: int
    top_reasons: tuple[tuple[str, int], ...]
    valid_email: Ratio
    valid_phone: Ratio
    suppressed: int
    without_consent: int
    cost: float | None
    credited: float  # people credited to it by the attribution
    mqls: float
    customers: float
    buyers: float
    first_sales: float
    lifetime_value: float

    @property
    def cost_per_lead(self) -> float | None:
        return divide(self.cost, self.credited)

    @property
    def cost_per_mql(self) -> float | None:
        return divide(self.cost, self.mqls)

    @property
    def cost_per_customer(self) -> float | None:
        return divide(self.cost, self.customers)

    @property
    def conversion(self) -> Ratio:
        return ratio(self.customers, self.credited)

    @property
    def average_first_sale(self) -> float | None:
        return divide(self.first_sales, self.buyers)

    @property
    def average_lifetime_value(self) -> float | None:
        return divide(self.lifetime_value, self.buyers)

    @property
    def return_on_cost(self) -> float | None:
        return None if self.cost is None else divide(self.lifetime_value - self.cost, self.cost)


@dataclass(frozen=True)
class SourcesReport:
    context: Context
    unit: str  # source | batch
    attribution: str
    rows: tuple[SourceRow, ...]
    total: SourceRow
    people_in_store: int  # distinct people brought by any list
    counts_people_more_than_once: bool
    notes: tuple[str, ...] = field(default=())
    name: str = "sources"


Report = FunnelReport | GrowthReport | SourcesReport
