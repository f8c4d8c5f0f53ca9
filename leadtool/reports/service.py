"""The reports: funnel, growth and sources, from stage history and imports; and source costs.

Each report fills the store's temporary `journey` table (one row per person in scope, in
SQLite), asks for aggregates, and shapes them here with pandas: pivots by stage, periods in
the report's zone, medians from histograms. No list of people comes into Python.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd

from leadtool.errors import UsageError
from leadtool.filters import compile_where
from leadtool.reports.model import (
    ATTRIBUTIONS,
    Context,
    FunnelGroup,
    FunnelReport,
    GrowthReport,
    Period,
    ReportOptions,
    SourceRow,
    SourcesReport,
    StageRow,
    ratio,
)
from leadtool.reports.timing import Clock, local_label, make_clock
from leadtool.store import reports as sql
from leadtool.store.connection import Store, iso_utc, write_transaction
from leadtool.store.settings import get_setting, set_setting

FUNNEL = sql.FUNNEL
NO_SOURCE = "(no source)"


def _start(
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
    clock, context = _start(store, options, wall, stays=by is None)
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
        return [0 if row is None else _int(row[f"{name}{k}"]) for k in range(len(FUNNEL))]

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
        summary[_int(k)]["median"] = _median(part.sort_values("days"))
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
    clock, context = _start(store, options, wall, held=False)
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


# ----- sources ---------------------------------------------------------------------------


def sources_report(
    store: Store,
    options: ReportOptions,
    *,
    batches: bool = False,
    attribution: str = "first",
    wall: datetime | None = None,
) -> SourcesReport:
    """Per source (or import): what its lists held, what they cost and what they brought."""
    if attribution not in ATTRIBUTIONS:
        raise UsageError(f"--attribution: give one of {', '.join(ATTRIBUTIONS)}")
    _, context = _start(store, options, wall, held=False)
    unit = "batch" if batches else "source"
    conn = store.conn
    sql.build_purchases(conn)
    sql.build_links(conn, unit)
    suppressed = sql.suppressed_test(conn)
    quality = sql.source_quality(conn, unit, suppressed)
    values = {v["unit"]: v for v in sql.source_values(conn, attribution)}
    reasons = _top_reasons(sql.reject_reasons(conn, unit))
    costs = sql.source_costs(conn)
    rows = [_source_row(q, values.get(q["unit"], {}), reasons, costs, unit) for q in quality]
    rows = _reconciled(rows)
    distinct = sql.store_quality(conn, suppressed)
    total = _total(rows, distinct)
    notes = _notes(attribution, unit, costs, total, int(distinct["people"]))
    return SourcesReport(
        context,
        unit,
        attribution,
        tuple(rows),
        total,
        int(distinct["people"]),
        attribution == "all",
        notes,
    )


def _top_reasons(
    found: list[tuple[object, str, int]], top: int = 3
) -> dict[object, tuple[tuple[str, int], ...]]:
    reasons: dict[object, list[tuple[str, int]]] = {}
    for unit, reason, n in found:
        reasons.setdefault(unit, []).append((reason, n))
    return {u: tuple(r[:top]) for u, r in reasons.items()}


def _source_row(
    q: dict[str, Any],
    v: dict[str, Any],
    reasons: dict[object, tuple[tuple[str, int], ...]],
    costs: dict[str, float],
    unit: str,
) -> SourceRow:
    people = _int(q.get("people"))
    new = _int(q.get("new"))
    source = q.get("source")
    if unit == "source":
        name = str(source) if source else NO_SOURCE
        cost = costs.get(str(source)) if source in costs else _cost(q)
    else:
        name = f"#{q['unit']} {q['file_name']} ({source or NO_SOURCE})"
        cost = _cost(q)
    return SourceRow(
        name=name,
        batches=tuple(int(b) for b in str(q["batches"]).split(",")),
        rows_read=_int(q["rows_read"]),
        people=people,
        new=new,
        known=people - new,
        dup_in_file=_int(q["dup_in_file"]),
        dup_in_store=_int(q["dup_in_store"]),
        rejected=_int(q["rejected"]),
        top_reasons=reasons.get(q["unit"], ()),
        valid_email=ratio(_int(q.get("valid_email")), people),
        valid_phone=ratio(_int(q.get("valid_phone")), people),
        suppressed=_int(q.get("suppressed")),
        without_consent=_int(q.get("without_consent")),
        cost=cost,
        credited=_num(v.get("people")),
        mqls=_num(v.get("mqls")),
        customers=_num(v.get("customers")),
        buyers=_num(v.get("buyers")),
        first_sales=_num(v.get("first_sales")),
        lifetime_value=_num(v.get("lifetime_value")),
    )


def _int(value: Any) -> int:
    return int(value or 0)


def _num(value: Any) -> float:
    return float(value or 0)


def _cost(q: dict[str, Any]) -> float | None:
    return float(q["import_cost"]) if _int(q.get("costed")) else None


_CREDITED = ("credited", "mqls", "customers", "buyers")
_MONEY = ("first_sales", "lifetime_value")


def _reconciled(rows: list[SourceRow]) -> list[SourceRow]:
    """Credited figures rounded (people to 0.01, money to cents) so that the rows add up
    exactly to the rounded total: an even split of one person in three is 0.34, 0.33, 0.33."""
    if not rows:
        return rows
    c = {name: apportion([getattr(r, name) for r in rows]) for name in (*_CREDITED, *_MONEY)}
    return [
        replace(
            r,
            credited=c["credited"][i],
            mqls=c["mqls"][i],
            customers=c["customers"][i],
            buyers=c["buyers"][i],
            first_sales=c["first_sales"][i],
            lifetime_value=c["lifetime_value"][i],
        )
        for i, r in enumerate(rows)
    ]


def apportion(values: Sequence[float], places: int = 2) -> list[float]:
    """Round values to `places` so that they sum to the rounded sum (largest remainder)."""
    scale = 10**places
    scaled = [v * scale for v in values]
    floors = [math.floor(v + 1e-9) for v in scaled]
    target = round(sum(scaled))
    order = sorted(range(len(values)), key=lambda i: (floors[i] - scaled[i], i))
    for i in order[: max(0, target - sum(floors))]:
        floors[i] += 1
    return [f / scale for f in floors]


def _total(rows: list[SourceRow], distinct: dict[str, Any]) -> SourceRow:
    people = _int(distinct["people"])
    costs = [r.cost for r in rows if r.cost is not None]

    def add(name: str) -> float:
        return round(float(sum(getattr(r, name) for r in rows)), 2)

    return SourceRow(
        name="total",
        batches=tuple(sorted(b for r in rows for b in r.batches)),
        rows_read=sum(r.rows_read for r in rows),
        people=people,
        new=sum(r.new for r in rows),
        known=sum(r.known for r in rows),
        dup_in_file=sum(r.dup_in_file for r in rows),
        dup_in_store=sum(r.dup_in_store for r in rows),
        rejected=sum(r.rejected for r in rows),
        top_reasons=_merged_reasons(rows),
        valid_email=ratio(_int(distinct["valid_email"]), people),
        valid_phone=ratio(_int(distinct["valid_phone"]), people),
        suppressed=_int(distinct["suppressed"]),
        without_consent=_int(distinct["without_consent"]),
        cost=round(sum(costs), 2) if costs else None,
        credited=add("credited"),
        mqls=add("mqls"),
        customers=add("customers"),
        buyers=add("buyers"),
        first_sales=add("first_sales"),
        lifetime_value=add("lifetime_value"),
    )


def _merged_reasons(rows: list[SourceRow], top: int = 3) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for r in rows:
        for reason, n in r.top_reasons:
            counts[reason] = counts.get(reason, 0) + n
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top])


def _notes(
    attribution: str, unit: str, costs: dict[str, float], total: SourceRow, people: int
) -> tuple[str, ...]:
    notes = [
        "Lists overlap: a person brought by several lists counts in each list's people; the "
        "total's people, valid rates, suppressed and consent count each person once.",
    ]
    if attribution == "all":
        notes.append(
            f"Attribution all credits every list that brought a person: the totals count "
            f"people more than once ({total.credited:g} credits for {people} people)."
        )
    else:
        notes.append(
            f"Attribution {attribution}: each person is credited once in all, so the lists' "
            "credited figures add up to the totals."
        )
    if unit == "batch" and costs:
        notes.append(
            "Costs set with `leadtool source set-cost` are a source's, not an import's: "
            "per import, only the import's own --cost is shown."
        )
    return tuple(notes)


# ----- source costs ----------------------------------------------------------------------


def set_source_cost(
    store: Store,
    source: str,
    amount: float,
    *,
    currency: str | None = None,
    now: datetime | None = None,
) -> str | None:
    """Set what a source cost in all; returns the store's currency after the call.

    The first currency given becomes the store's (sales and costs are compared in it);
    a different one later is refused rather than mixed."""
    if not math.isfinite(amount) or amount < 0:
        raise UsageError("AMOUNT: give a cost of 0 or more, such as 1200 or 499.90")
    code = currency.strip().upper() if currency else None
    if code is not None and not (len(code) == 3 and code.isalpha() and code.isascii()):
        raise UsageError("--currency: give a three-letter code such as EUR or USD")
    with write_transaction(store) as conn:
        known = sql.known_sources(conn)
        if source not in known:
            listed = ", ".join(repr(s) for s in known) or "none yet"
            raise UsageError(f"NAME: no import has the source {source!r}; sources: {listed}")
        stored = get_setting(conn, "currency")
        if code is not None and stored is not None and stored != code:
            raise UsageError(
                f"--currency: the store counts money in {stored}; give the cost in {stored}"
            )
        if code is not None and stored is None:
            set_setting(conn, "currency", code)
            stored = code
        sql.set_source_cost(conn, source, round(amount, 2), iso_utc(now or datetime.now(UTC)))
    return stored
