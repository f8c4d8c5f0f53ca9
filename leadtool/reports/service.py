"""The reports from stage history: the funnel and growth; and how every report starts.

Each report fills the store's temporary `journey` table (one row per person in scope, in
SQLite; `start_report`), asks for aggregates, and shapes them here with pandas: pivots by
stage, periods in the report's zone, medians from histograms. No list of people comes into
Python. The sources report and source costs are in sources.py.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd

from leadtool.errors import UsageError
from leadtool.filters import compile_where
from leadtool.reports.model import (
    Context,
    FunnelGroup,
    FunnelReport,
    GrowthReport,
    Period,
    ReportOptions,
    StageRow,
    ratio,
)
from leadtool.reports.timing import Clock, local_label, make_clock
from leadtool.store import report_journey as sql
from leadtool.store.connection import Store
from leadtool.store.settings import get_setting

FUNNEL = sql.FUNNEL
NO_SOURCE = "(no source)"


def start_report(
    store: Store,
    options: ReportOptions,
    wall: datetime | None,
    *,
    stays: bool = False,
    held: bool = True,
) -> tuple[Clock, Context]:
    clock = make_clock(
        options.tz, options.now, options.since, options.until, wall=wall or datetime.now(UTC)
    )
    where = options.where.strip() if options.where and options.where.strip() else None
    compiled = compile_where(where, now=clock.now) if where else None
    scope = sql.Scope(
        compiled.sql if compiled else "1", compiled.params if compiled else (), clock.now_epoch
    )
    sql.build_journeys(store.conn, scope, stays=stays, held=held)
    context = Context(
        now=clock.now.astimezone(clock.zone).isoformat(),
        timezone=clock.zone_name,
        since=None if clock.since is None else local_label(clock.since, clock.zone),
        until=None if clock.until is None else local_label(clock.until, clock.zone),
        where=where,
        currency=get_setting(store.conn, "currency"),
    )
    return clock, context


# ----- funnel ----------------------------------------------------------------------------


def funnel_report(
    store: Store,
    options: ReportOptions,
    *,
    by: str | None = None,
    strict: bool = False,
    window_days: int = 90,
    wall: datetime | None = None,
) -> FunnelReport:
    """Who reached each stage, from history; with `by` per source or per cohort month."""
    if by not in (None, "source", "month"):
        raise UsageError(f"--by: give source or month, not {by!r}")
    # Time in stage is in the whole funnel only: the other views skip the window it needs.
    clock, context = start_report(store, options, wall, stays=by is None)
    low, high = clock.range()
    group = {None: "all", "source": "source", "month": "cohort"}[by]
    counts = pd.DataFrame(sql.funnel_counts(store.conn, group, low, high, strict=strict))
    if by == "month":
        groups = _cohorts(counts, clock, window_days)
    else:
        stays = _stays(store, low, high) if by is None else {}
        groups = _groups(counts, stays, by)
    return FunnelReport(context, by, strict, window_days, tuple(groups))


def _stage_rows(row: pd.Series | None, stays: dict[int, dict[str, Any]]) -> tuple[StageRow, ...]:
    def column(name: str) -> list[int]:
        return [0 if row is None else as_int(row[f"{name}{k}"]) for k in range(len(FUNNEL))]

    reached, skipped, moved, fromtop = (
        column(n) for n in ("reached", "skipped", "moved", "fromtop")
    )
    rows = []
    for k, stage in enumerate(FUNNEL):
        stay = stays.get(k, {})
        rows.append(
            StageRow(
                stage,
                reached[k],
                skipped[k],
                ratio(moved[k] if k else 0, reached[k - 1] if k else 0),
                ratio(fromtop[k], reached[0]),
                _maybe(stay.get("median")),
                _maybe(stay.get("mean_days")),
                int(stay.get("left_stage") or 0),
                int(stay.get("still") or 0),
            )
        )
    return tuple(rows)


def _maybe(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _groups(
    counts: pd.DataFrame, stays: dict[int, dict[str, Any]], by: str | None
) -> list[FunnelGroup]:
    if by is None:
        row = None if counts.empty else counts.iloc[0]
        return [FunnelGroup("all", _stage_rows(row, stays))]
    counts = counts.assign(name=counts["grp"].map(lambda g: g or NO_SOURCE)).sort_values("name")
    return [FunnelGroup(str(r["name"]), _stage_rows(r, {})) for _, r in counts.iterrows()]


def _cohorts(counts: pd.DataFrame, clock: Clock, window_days: int) -> list[FunnelGroup]:
    """Cohorts by the local month people entered; the 15-minute slots are summed per month.
    A cohort is immature while its youngest members have had less than the window."""
    if counts.empty:
        return []
    months = _periods(counts["grp"] * 900, clock, "M")
    summed = counts.drop(columns=["grp"]).groupby(list(months)).sum().sort_index()
    groups = []
    for month, row in summed.iterrows():
        end = month.end_time.tz_localize(clock.zone) if isinstance(month, pd.Period) else None
        mature_at = (end.to_pydatetime() + timedelta(days=window_days)) if end is not None else None
        immature = mature_at is not None and mature_at > clock.now
        groups.append(FunnelGroup(str(month), _stage_rows(row, {}), immature))
    return groups


def _stays(store: Store, low: int | None, high: int | None) -> dict[int, dict[str, Any]]:
    """Per stage: median and mean days of first stays that ended, and who is still in one."""
    summary = {int(s["k"]): dict(s) for s in sql.stay_summary(store.conn, low, high)}
    hist = pd.DataFrame(sql.stay_histogram(store.conn, low, high), columns=["k", "days", "n"])
    for k, part in hist.groupby("k"):
        summary[as_int(k)]["median"] = _median(part.sort_values("days"))
    return summary


def _median(hist: pd.DataFrame) -> float | None:
    """The median of values given as (value, count) rows sorted by value."""
    total = int(hist["n"].sum())
    if not total:
        return None
    cumulative = hist["n"].cumsum().to_numpy()
    values = hist["days"].to_numpy()
    low = values[int((cumulative >= (total + 1) // 2).argmax())]
    high = values[int((cumulative >= total // 2 + 1).argmax())]
    return float((low + high) / 2)


def _periods(epochs: pd.Series, clock: Clock, freq: str) -> pd.Series:
    local = pd.to_datetime(epochs, unit="s", utc=True).dt.tz_convert(clock.zone)
    return local.dt.tz_localize(None).dt.to_period(freq)


# ----- growth ----------------------------------------------------------------------------


def growth_report(
    store: Store, options: ReportOptions, *, by: str = "month", wall: datetime | None = None
) -> GrowthReport:
    """People who reached each stage per week or month (in the zone); empty periods are 0."""
    if by not in ("week", "month"):
        raise UsageError(f"--by: give week or month, not {by!r}")
    clock, context = start_report(store, options, wall, held=False)
    low, high = clock.range()
    slots = pd.DataFrame(sql.reached_slots(store.conn, low, high), columns=["k", "slot", "n"])
    freq = "W-SUN" if by == "week" else "M"  # weeks ending on Sunday: ISO weeks
    first = clock.since if clock.since is not None else sql.first_event(store.conn)
    last = clock.now_epoch if high is None else min(high - 1, clock.now_epoch)
    span = _periods(pd.Series([first if first is not None else last, last]), clock, freq)
    index = pd.period_range(span.iloc[0], span.iloc[1], freq=freq)
    table = pd.DataFrame(0, index=index, columns=range(len(FUNNEL)))
    if not slots.empty:
        slots["period"] = _periods(slots["slot"] * 900, clock, freq)
        pivot = slots.pivot_table(index="period", columns="k", values="n", aggfunc="sum")
        table = table.add(pivot.reindex(index=index, columns=table.columns), fill_value=0)
    periods = tuple(
        Period(_label(p, by), str(p.start_time.date()), _counts(table.loc[p])) for p in table.index
    )
    totals = _counts(table.sum())
    return GrowthReport(context, by, periods, totals)


def _counts(row: pd.Series) -> dict[str, int]:
    return {stage: int(row[k]) for k, stage in enumerate(FUNNEL)}


def _label(period: pd.Period, by: str) -> str:
    if by == "month":
        return str(period)
    year, week, _ = period.start_time.date().isocalendar()
    return f"{year}-W{week:02d}"


def as_int(value: Any) -> int:
    """A count from SQLite: NULL (a sum over no rows) is 0."""
    return int(value or 0)
